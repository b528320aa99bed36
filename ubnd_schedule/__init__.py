# The Celery app is loaded with Django, so that @shared_task binds to it and `celery -A ubnd_schedule` finds it.
from ubnd_schedule.celery import app as celery_app

__all__ = ("celery_app",)
