from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "issuing"
    verbose_name = _("Ban hành và ký số")

    def ready(self):
        from issuing import asn1_encoding

        asn1_encoding.install()  # signing and checking signatures: see the module
