from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConclusionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conclusions"
    verbose_name = _("Thông báo kết luận")
