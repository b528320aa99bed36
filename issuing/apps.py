from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "issuing"
    verbose_name = _("Ban hành và ký số")
