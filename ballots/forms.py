"""The forms of the ballot pages: creating (from an item of a month or a free matter), the draft's settings,
questions, documents (PDF, checked by content), and a member's answer (one choice and comment per question)."""

import os

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.permissions import MEMBER, STAFF_ROLES
from agenda.fields import COMMENT_MAX, ITEM_TITLE_MAX, NormalizedFormField
from agenda.models import MonthlyPlan
from ballots.models import Ballot, BallotSettings, Question
from ballots.services import approvers
from meetings.models import Item


class VersionForm(forms.Form):
    """The version of the ballot (or answer) the page was loaded with: a stale one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, item):
        return f"{item.plan.month:02d}/{item.plan.year} — {item.title[:150]}"


class BallotCreateForm(forms.Form):
    item = ItemChoiceField(
        label=gettext_lazy("Nội dung trong chương trình (không bắt buộc)"),
        queryset=Item.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Vấn đề không có trong chương trình —"),
    )
    title = NormalizedFormField(
        label=gettext_lazy("Vấn đề xin ý kiến"), required=False, max_length=ITEM_TITLE_MAX, widget=forms.Textarea
    )
    summary = NormalizedFormField(
        label=gettext_lazy("Tóm tắt"), required=False, max_length=COMMENT_MAX, widget=forms.Textarea, multiline=True
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        items = Item.objects.filter(plan__office=office, plan__year__gte=timezone.localdate().year - 1)
        items = items.exclude(plan__status=MonthlyPlan.Status.SUPERSEDED).select_related("plan")
        self.fields["item"].queryset = items.order_by("-plan__year", "-plan__month", "part_order", "position", "pk")

    def clean(self):
        data = super().clean()
        if not data.get("title") and data.get("item"):
            data["title"] = data["item"].title
        if not data.get("title"):
            self.add_error("title", _("Hãy nhập vấn đề xin ý kiến, hoặc chọn một nội dung trong chương trình."))
        return data


class BallotForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Ballot
        fields = [
            "title",
            "summary",
            "deadline_days",
            "include_leaders",
            "silence_counts_as_agreement",
            "share_numerator",
            "share_denominator",
            "share_strict",
            "share_base",
            "approver",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = [user.pk for user in approvers(self.instance.office)]
        self.fields["approver"].queryset = get_user_model().objects.filter(pk__in=leaders).order_by("username")
        self.fields["approver"].required = True
        self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        numerator, denominator = data.get("share_numerator"), data.get("share_denominator")
        if numerator is not None and denominator and numerator > denominator:
            self.add_error("share_numerator", _("Tỷ lệ cần đạt không được quá 100%."))
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = BallotSettings
        fields = [
            "deadline_days",
            "silence_counts_as_agreement",
            "share_numerator",
            "share_denominator",
            "share_strict",
            "share_base",
        ]

    def clean(self):
        data = super().clean()
        numerator, denominator = data.get("share_numerator"), data.get("share_denominator")
        if numerator is not None and denominator and numerator > denominator:
            self.add_error("share_numerator", _("Tỷ lệ cần đạt không được quá 100%."))
        return data


class SecretaryForm(forms.Form):
    """A member of the office and the staff account that prepares their answers."""

    member = forms.ModelChoiceField(label=gettext_lazy("Thành viên"), queryset=get_user_model().objects.none())
    secretary = forms.ModelChoiceField(label=gettext_lazy("Thư ký"), queryset=get_user_model().objects.none())

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(memberships__office=office).distinct().order_by("username")
        self.fields["member"].queryset = users.filter(memberships__role=MEMBER)
        self.fields["secretary"].queryset = users.filter(memberships__role__in=STAFF_ROLES)


class QuestionForm(VersionForm):
    text = NormalizedFormField(label=gettext_lazy("Câu hỏi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Question.Kind.choices)
    options = forms.CharField(
        label=gettext_lazy("Các phương án (mỗi dòng một phương án; chỉ với câu hỏi chọn phương án)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()][:20]


class MultiplePdfInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def check_pdf(upload):
    """(file, display name) of an uploaded PDF judged by its content (``%PDF-``) and size, else a form error."""
    name = os.path.basename((upload.name or "").replace("\\", "/"))[:150] or "tai-lieu.pdf"
    limit = settings.DOSSIER_MAX_UPLOAD_BYTES
    if not upload.size:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(limit)s.") % {"name": name, "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-") or not name.lower().endswith(".pdf"):
        raise ValidationError(
            _("Tệp “%(name)s” không phải tệp PDF hợp lệ (kiểm tra theo nội dung tệp, không theo tên).") % {"name": name}
        )
    return upload, name


class MultiplePdfField(forms.FileField):
    """Several PDF files in one input, each checked by ``check_pdf``: the cleaned value is [(file, name)]."""

    widget = MultiplePdfInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": ".pdf", "multiple": True})

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            raise ValidationError(_("Hãy chọn ít nhất một tệp."))
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_pdf(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class DocumentsForm(VersionForm):
    files = MultiplePdfField(label=gettext_lazy("Tài liệu kèm theo (PDF)"))

    @property
    def uploads(self):
        return self.cleaned_data["files"]


class AnswerForm(forms.Form):
    """One choice and a comment per question; ``answer_version``: the answer's version when loaded (0: none)."""

    answer_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)

    def __init__(self, *args, questions, answer=None, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        choices = choices or {}
        self.fields["answer_version"].initial = answer.version if answer else 0
        for number, question in enumerate(self.questions, 1):
            current = choices.get(question.pk)
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=f"{number}. {question.text}",
                choices=question.choices,
                widget=forms.RadioSelect,
                initial=current.choice if current else None,
                error_messages={"required": _("Hãy chọn một phương án cho câu hỏi này.")},
            )
            self.fields[f"c{question.pk}"] = NormalizedFormField(
                label=_("Ý kiến khác, góp ý (câu %(number)s)") % {"number": number},
                required=False,
                max_length=COMMENT_MAX,
                multiline=True,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def rows(self):
        return [(question, self[f"q{question.pk}"], self[f"c{question.pk}"]) for question in self.questions]

    def choices(self):
        return {
            question.pk: (self.cleaned_data[f"q{question.pk}"], self.cleaned_data[f"c{question.pk}"])
            for question in self.questions
        }

    def version(self):
        return self.cleaned_data["answer_version"] or None
