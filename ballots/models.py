"""Written ballots of the Committee's members (Phiếu lấy ý kiến thành viên UBND), per office.

The Office drafts a ballot (for an item of a month's programme, or a free matter), its questions and
documents; the approver approves sending it; at sending the members it goes to are frozen (``Voter``) and the
deadline fixed; members answer (a secretary may prepare an answer, the member confirms it); at the deadline it
closes and its result sheet is stored. What an office may change (deadline, the rule) is its
``BallotSettings``, made with the working regulation's defaults on first use.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, NormalizedTextField
from agenda.models import Office
from ballots import rules
from meetings.models import Item

QUESTION_MAX = 2000


class Base(models.TextChoices):
    ALL = rules.BASE_ALL, _("của tổng số thành viên")
    ANSWERS = rules.BASE_ANSWERS, _("của số ý kiến trả lời")


class RuleFields(models.Model):
    """The rule, as both an office's settings and each ballot (which keeps the one it was sent with) store it."""

    silence_counts_as_agreement = models.BooleanField(_("không trả lời được tính là đồng ý"), default=True)
    share_numerator = models.PositiveSmallIntegerField(_("tỷ lệ cần đạt: tử số"), default=1)
    share_denominator = models.PositiveSmallIntegerField(
        _("tỷ lệ cần đạt: mẫu số"), default=2, validators=[MinValueValidator(1)]
    )
    share_strict = models.BooleanField(_("phải vượt quá tỷ lệ (trên, không tính bằng)"), default=True)
    share_base = models.CharField(_("tỷ lệ tính trên"), max_length=10, choices=Base.choices, default=Base.ALL)

    class Meta:
        abstract = True

    @property
    def rule(self):
        return rules.Rule(
            self.silence_counts_as_agreement,
            self.share_numerator,
            self.share_denominator,
            self.share_strict,
            self.share_base,
        )

    @property
    def rule_label(self):
        """ "Trên 50% của tổng số thành viên; không trả lời được tính là đồng ý"."""
        numerator, denominator = self.share_numerator, self.share_denominator
        exact = (100 * numerator) % denominator == 0
        percent = f"{100 * numerator // denominator}%" if exact else f"{numerator}/{denominator}"
        share = (_("Trên %(share)s") if self.share_strict else _("Từ %(share)s trở lên")) % {"share": percent}
        silence = (
            _("không trả lời được tính là đồng ý")
            if self.silence_counts_as_agreement
            else _("không trả lời không được tính")
        )
        return f"{share} {self.get_share_base_display()}; {silence}"


class BallotSettings(RuleFields):
    """An office's defaults for its ballots (Bắc Giang's working regulation: 5 working days, silence agrees,
    more than 50% of all members)."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="ballot_settings", verbose_name=_("cơ quan")
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("thiết lập lấy ý kiến thành viên")
        verbose_name_plural = _("thiết lập lấy ý kiến thành viên")

    def __str__(self):
        return str(self.office)

    @classmethod
    def of(cls, office):
        """The office's settings, made with the defaults on first use."""
        return cls.objects.get_or_create(office=office)[0]


class Ballot(RuleFields):
    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        AWAITING_APPROVAL = "awaiting", _("Chờ lãnh đạo duyệt gửi")
        SENT = "sent", _("Đang lấy ý kiến")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Được thông qua")
        NOT_PASSED = "not_passed", _("Không được thông qua")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("cơ quan"))
    item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("nội dung trong chương trình"),
    )
    title = NormalizedTextField(_("vấn đề xin ý kiến"), max_length=ITEM_TITLE_MAX)
    summary = NormalizedTextField(_("tóm tắt"), blank=True, multiline=True, max_length=COMMENT_MAX)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    deadline_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    deadline = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    include_leaders = models.BooleanField(_("gửi cả lãnh đạo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người lập")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lãnh đạo duyệt gửi"),
    )
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, blank=True)
    result_file = models.FileField(_("phiếu tổng hợp kết quả"), upload_to="lay-y-kien/", max_length=200, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_at = models.DateTimeField(_("thời điểm lập"), default=timezone.now)

    class Meta:
        verbose_name = _("phiếu lấy ý kiến thành viên")
        verbose_name_plural = _("phiếu lấy ý kiến thành viên")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return self.title

    @property
    def is_editable(self):
        return self.state == self.State.DRAFT

    @property
    def is_open(self):
        return self.state == self.State.SENT

    def is_past_deadline(self, now=None):
        return self.deadline is not None and (now or timezone.now()) >= self.deadline


def ballot_document_upload_to(instance, filename):
    return f"lay-y-kien/tai-lieu/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.pdf"


class BallotDocument(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="documents", verbose_name=_("phiếu"))
    file = models.FileField(_("tệp"), upload_to=ballot_document_upload_to, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=200)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))

    class Meta:
        verbose_name = _("tài liệu xin ý kiến")
        verbose_name_plural = _("tài liệu xin ý kiến")
        ordering = ["ballot", "pk"]

    def __str__(self):
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Đồng ý / Không đồng ý / Ý kiến khác")
        CHOICE = "choice", _("Chọn một trong các phương án")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="questions", verbose_name=_("phiếu"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = NormalizedTextField(_("câu hỏi"), max_length=QUESTION_MAX)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    options = models.JSONField(_("các phương án"), default=list, blank=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["ballot", "position", "pk"]

    def __str__(self):
        return self.text

    @property
    def choices(self):
        """(value, label) of the answers it takes: agree/disagree/abstain, or its options by position."""
        if self.kind == self.Kind.YES_NO:
            return [(rules.AGREE, _("Đồng ý")), (rules.DISAGREE, _("Không đồng ý")), (rules.ABSTAIN, _("Ý kiến khác"))]
        return [(str(index), option) for index, option in enumerate(self.options, 1)]


class Voter(models.Model):
    """A member the ballot was sent to: the list frozen at sending."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters", verbose_name=_("phiếu"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballot_votes", verbose_name=_("thành viên")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên được xin ý kiến")
        verbose_name_plural = _("thành viên được xin ý kiến")
        ordering = ["ballot", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["ballot", "user"], name="ballot_voter_once")]

    def __str__(self):
        return f"{self.user} — {self.ballot}"


class Answer(models.Model):
    """A member's answer; counted once confirmed (by the member). A secretary may prepare it."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers", verbose_name=_("phiếu"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballot_answers", verbose_name=_("thành viên")
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chuẩn bị"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("thành viên xác nhận lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    signed_pdf = models.FileField(
        _("phiếu trả lời có chữ ký số"), upload_to="lay-y-kien/y-kien/", max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("ý kiến của thành viên")
        verbose_name_plural = _("ý kiến của thành viên")
        ordering = ["ballot", "member__username"]
        constraints = [models.UniqueConstraint(fields=["ballot", "member"], name="ballot_answer_once_per_member")]

    def __str__(self):
        return f"{self.member} — {self.ballot}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices", verbose_name=_("ý kiến"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("câu hỏi"))
    choice = models.CharField(_("lựa chọn"), max_length=20)
    comment = NormalizedTextField(_("ý kiến khác, góp ý"), blank=True, multiline=True, max_length=COMMENT_MAX)

    class Meta:
        verbose_name = _("lựa chọn")
        verbose_name_plural = _("lựa chọn")
        constraints = [models.UniqueConstraint(fields=["answer", "question"], name="ballot_choice_once_per_question")]

    def __str__(self):
        return self.choice


class Secretary(models.Model):
    """A member's secretary (thư ký) in an office: may prepare the member's answers for the member to confirm."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="secretaries", verbose_name=_("thành viên")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assisted_members", verbose_name=_("thư ký")
    )

    class Meta:
        verbose_name = _("thư ký của thành viên")
        verbose_name_plural = _("thư ký của thành viên")
        constraints = [models.UniqueConstraint(fields=["office", "member", "secretary"], name="ballot_secretary_once")]

    def __str__(self):
        return f"{self.secretary} → {self.member}"


class Reminder(models.Model):
    """A reminder sent to one voter: one per ballot, voter and kind (the commands run again send none twice)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("phiếu"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại"), max_length=40)
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lời nhắc")
        verbose_name_plural = _("lời nhắc")
        constraints = [models.UniqueConstraint(fields=["ballot", "user", "kind"], name="ballot_reminder_once")]

    def __str__(self):
        return f"{self.kind} — {self.user}"
