"""Emails to users, each written in its recipient's language (Django's email framework; the console
backend by default): Vietnamese unless the recipient chose English (recipient_language). Used by the apps
that write to people: the workspace (plan issued, returned), dossiers (reminders), proposals (decisions).

An email about an office's work names that office (its reading name, "Văn phòng UBND tỉnh Bắc Giang", "UBND
xã Tân Yên"): as the sender's display name, with DEFAULT_FROM_EMAIL's address, and at the start of the subject,
so that a person working with several offices tells their emails apart."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def send(messages):
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def recipient_language(user):
    """The language ``user`` reads their emails in.

    Users store no language preference (the interface's choice is a cookie of one browser), so it
    is the site's language, Vietnamese; a stored preference, once there is one, is read here.
    """
    return settings.LANGUAGE_CODE


def sender(office_name=""):
    """DEFAULT_FROM_EMAIL's address under ``office_name`` (quoted, so that any name is one display name)."""
    if not office_name:
        return settings.DEFAULT_FROM_EMAIL
    _default_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    quoted = office_name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{address}>'


def message_to(user, subject, template, context, office_name=""):
    """An email to ``user`` in their language: ``subject`` is a function called in that language; the email
    comes from ``office_name`` (an office's reading name), which also starts the subject."""
    with translation.override(recipient_language(user)):
        text = subject()
        if office_name:
            text = _("[%(office)s] %(subject)s") % {"office": office_name, "subject": text}
        return EmailMessage(
            subject=text,
            body=render_to_string(template, {**context, "office_name": office_name}),
            from_email=sender(office_name),
            to=[user.email],
        )
