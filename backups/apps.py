from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backup and restore of every app's rows and files as one signed archive (no models)."""

    name = "backups"
    verbose_name = _("Sao lưu và khôi phục")
