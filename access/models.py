"""Who holds which role in which office: a membership is a person, an office, a role and, for department
staff, the agency they work for. One person may hold roles in several offices; a superuser (quản trị hệ
thống) holds every role in every office but the department's. access.permissions reads these rows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from access import roles
from agenda.models import Agency, Office


class MembershipQuerySet(models.QuerySet):
    def of(self, office):
        return self.filter(office=office)

    def grant(self, user, office, role, agency=None):
        """``user`` holds ``role`` in ``office`` (with ``agency`` for department staff): the membership, made
        or updated; checked as a form would (an agency of another office is refused)."""
        membership = self.filter(user=user, office=office, role=role).first() or self.model(
            user=user, office=office, role=role
        )
        membership.agency = agency
        membership.full_clean()
        membership.save()
        return membership


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = roles.EDITOR, _("Chuyên viên")
        APPROVER = roles.APPROVER, _("Lãnh đạo")
        CLERK = roles.CLERK, _("Văn thư")
        DEPARTMENT = roles.DEPARTMENT, _("Cán bộ cơ quan, đơn vị")
        MEMBER = roles.MEMBER, _("Thành viên Ủy ban nhân dân")
        OFFICE_ADMIN = roles.OFFICE_ADMIN, _("Quản trị đơn vị")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("tài khoản")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("cơ quan ban hành")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("cơ quan, đơn vị"),
        help_text=_("Chỉ với cán bộ cơ quan, đơn vị: cơ quan mà người này theo dõi nội dung và gửi hồ sơ."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò trong cơ quan")
        verbose_name_plural = _("vai trò trong cơ quan")
        ordering = ["office", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "office", "role"], name="membership_one_role_once_per_office"),
            models.CheckConstraint(
                condition=models.Q(role=roles.DEPARTMENT, agency__isnull=False)
                | (~models.Q(role=roles.DEPARTMENT) & models.Q(agency__isnull=True)),
                name="membership_agency_for_department_only",
                violation_error_message=_("Cán bộ cơ quan, đơn vị cần có cơ quan; các vai trò khác thì không."),
            ),
        ]

    def __str__(self):
        label = f"{self.user} — {self.get_role_display()} — {self.office.slug}"
        return f"{label} ({self.agency})" if self.agency_id else label

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._changed()
        return result

    def _changed(self):
        roles.sync_groups(self.user)
        self.user.__dict__.pop("_memberships", None)  # access.permissions reads them again

    def clean(self):
        super().clean()
        if self.agency_id and self.office_id and self.agency.office_id != self.office_id:
            raise ValidationError({"agency": _("Cơ quan, đơn vị này thuộc một cơ quan ban hành khác.")})
