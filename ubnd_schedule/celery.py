"""The Celery app of the project: `celery -A ubnd_schedule worker` and `celery -A ubnd_schedule beat`.

Its configuration is Django's settings under the CELERY_ prefix (settings.py, "Jobs"): the broker from
CELERY_BROKER_URL (Redis or RabbitMQ). Without one every job runs eagerly, in the process that asked for it,
so a single machine and `make demo` need no broker and no worker. The tasks live in each app's tasks.py,
found by autodiscovery; this module imports no app.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ubnd_schedule.settings")

app = Celery("ubnd_schedule")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
