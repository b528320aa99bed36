"""Model fields for the texts the app stores: every path (forms, the admin, ``load_plan``, the
importers, fixtures, ``bulk_create``, even ``QuerySet.update`` and lookups, since Django prepares
their values with ``to_python``) stores them through :func:`agenda.text.normalize_text`, and
``full_clean`` and the forms refuse a text past its limit with a Vietnamese message.

The fields deconstruct as Django's own ``CharField``/``TextField``: normalising and the limit of a
``TextField`` live in Python, not in the database schema, so they need no migration.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agenda.text import normalize_text, vn_slugify

#: The longest texts accepted, in characters (after normalising).
ITEM_TITLE_MAX = 1000
PRIORITY_TASK_MAX = 5000
RECIPIENTS_MAX = 5000
COMMENT_MAX = 5000
PLACE_MAX = 200

TOO_LONG = _("Nội dung quá dài: tối đa %(limit_value)d ký tự (hiện có %(show_value)d ký tự).")


class NormalizedFormField(forms.CharField):
    """A form's text, normalised as the model stores it, so an unchanged text is not "changed"."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)
        self.error_messages["max_length"] = TOO_LONG

    def to_python(self, value):
        return normalize_text(super().to_python(value), multiline=self.multiline)


class NormalizedTextMixin:
    """Normalise on ``clean()`` (``to_python``) and on every save (``pre_save``); limit the length."""

    def __init__(self, *args, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)
        # CharField's own length check speaks of "characters" in English: one with the app's message instead.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        if self.max_length:
            self.validators.append(MaxLengthValidator(self.max_length, message=TOO_LONG))

    def normalize(self, value):
        return value if value is None else normalize_text(value, multiline=self.multiline)

    def to_python(self, value):
        return self.normalize(super().to_python(value))

    def pre_save(self, model_instance, add):
        value = self.normalize(super().pre_save(model_instance, add))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, form_class=None, **kwargs):
        if form_class is None or issubclass(form_class, NormalizedFormField):
            kwargs.setdefault("multiline", self.multiline)
            form_class = form_class or NormalizedFormField
        return super().formfield(form_class=form_class, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, f"django.db.models.{self._base_name}", args, kwargs


class NormalizedCharField(NormalizedTextMixin, models.CharField):
    _base_name = "CharField"


class NormalizedTextField(NormalizedTextMixin, models.TextField):
    """A ``TextField`` with a limit checked by its forms and ``full_clean`` (not by the database)."""

    _base_name = "TextField"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)  # a limit of the app, not of the schema
        return name, path, args, kwargs


def free_slug(queryset, text, *, max_length, fallback):
    """A slug from ``text`` that no row of ``queryset`` has: "bac-giang", then "bac-giang-2", … The base is cut
    to leave room for the suffix within ``max_length``."""
    base = vn_slugify(text, max_length=max_length) or fallback
    slug, counter = base, 2
    while queryset.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug
