"""The fields the Office holds as defaults and each plan as its own, as abstract model bases: the five
section headings, and the signer with the recipients."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.fields import RECIPIENTS_MAX, NormalizedCharField, NormalizedTextField

DEFAULT_HEADINGS = {
    "priority_tasks": "NHIỆM VỤ TRỌNG TÂM",
    "meetings": "CÁC HỘI NGHỊ CHÍNH TRONG THÁNG",
    "regular_sessions": "Hội nghị UBND tỉnh thường kỳ",
    "chairman_items": "Các nội dung, đề án trình Chủ tịch UBND tỉnh",
    "conferences": "Hội nghị với các sở, ngành; UBND các huyện, thành phố",
}


class SectionHeadings(models.Model):
    """The five section headings; data, because they change (e.g. the 2025 reform)."""

    heading_priority_tasks = NormalizedCharField(
        _("tiêu đề phần A"), max_length=200, default=DEFAULT_HEADINGS["priority_tasks"]
    )
    heading_meetings = NormalizedCharField(_("tiêu đề phần B"), max_length=200, default=DEFAULT_HEADINGS["meetings"])
    heading_regular_sessions = NormalizedCharField(
        _("tiêu đề mục phiên họp thường kỳ"), max_length=200, default=DEFAULT_HEADINGS["regular_sessions"]
    )
    heading_chairman_items = NormalizedCharField(
        _("tiêu đề mục trình Chủ tịch"), max_length=200, default=DEFAULT_HEADINGS["chairman_items"]
    )
    heading_conferences = NormalizedCharField(
        _("tiêu đề mục hội nghị"), max_length=200, default=DEFAULT_HEADINGS["conferences"]
    )

    class Meta:
        abstract = True

    @property
    def headings(self):
        return {key: getattr(self, f"heading_{key}") for key in DEFAULT_HEADINGS}

    def set_headings(self, headings):
        for key, value in headings.items():
            setattr(self, f"heading_{key}", value)


class SignerFields(models.Model):
    signer_authority = NormalizedCharField(_("thẩm quyền ký"), max_length=100, default="TL. CHỦ TỊCH")
    signer_position = NormalizedCharField(_("chức vụ người ký"), max_length=100, default="CHÁNH VĂN PHÒNG")
    signer_name = NormalizedCharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = NormalizedTextField(
        _("nơi nhận"),
        blank=True,
        multiline=True,
        max_length=RECIPIENTS_MAX,
        help_text=_("Mỗi nơi nhận một dòng, không cần dấu “-” và dấu “;”."),
    )

    class Meta:
        abstract = True

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def signer(self):
        return {
            "authority": self.signer_authority,
            "position": self.signer_position,
            "name": self.signer_name,
        }
