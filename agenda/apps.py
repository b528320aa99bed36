from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agenda"
    verbose_name = _("Chương trình công tác")

    def ready(self):
        from agenda.converters import MonthConverter, OfficeConverter, YearConverter

        # Registered once here so that every app's URLconf can use <yyyy:year>/<mm:month> and <office:office>.
        register_converter(YearConverter, "yyyy")
        register_converter(MonthConverter, "mm")
        register_converter(OfficeConverter, "office")
