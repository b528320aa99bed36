from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConclusionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conclusions"
    verbose_name = _("Thông báo kết luận")

    def ready(self):
        from django.urls import register_converter

        from conclusions.converters import DayConverter

        register_converter(DayConverter, "dd")
