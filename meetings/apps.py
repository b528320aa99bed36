from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Hội nghị và nội dung")

    def ready(self):
        from meetings import signals  # noqa: F401  (refreshes items when an agency's names are written)
