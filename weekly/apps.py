from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class WeeklyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "weekly"
    verbose_name = _("Lịch công tác tuần")

    def ready(self):
        from weekly.converters import WeekConverter

        register_converter(WeekConverter, "ww")  # the ISO week, two digits: <yyyy:year>/<ww:week>/
