from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ballots"
    verbose_name = _("Lấy ý kiến thành viên UBND")
