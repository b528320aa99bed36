import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")
# This process answers web requests: its database statements are time-limited (DB_STATEMENT_TIMEOUT_MS).
os.environ.setdefault("WEB_PROCESS", "true")

application = get_asgi_application()
