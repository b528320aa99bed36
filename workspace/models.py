"""Who works in the workspace: department users are linked to the agency they work for.

Editors and approvers are plain users in the "Chuyên viên" / "Lãnh đạo Văn phòng" groups
(see access.permissions); only department users need a row here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.models import Agency


class AgencyMembership(models.Model):
    """A department user (cán bộ sở, ngành) and the one agency whose items they follow."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agency_membership",
        verbose_name=_("tài khoản"),
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("cơ quan"))

    class Meta:
        verbose_name = _("cán bộ sở, ngành")
        verbose_name_plural = _("cán bộ sở, ngành")
        ordering = ["agency__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user"], name="agency_membership_one_agency_per_user"),
        ]

    def __str__(self):
        return f"{self.user} — {self.agency}"
