from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The operations on a programme as a whole (no models): the document's rules, interchange, import,
    load, copy and amend. The data they work on is agenda's and meetings'."""

    name = "programme"
    verbose_name = _("Chương trình công tác")
