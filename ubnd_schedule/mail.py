"""Emails to users, each written in its recipient's language (Django's email framework; the console
backend by default): Vietnamese unless the recipient chose English (recipient_language). Used by the apps
that write to people: the workspace (plan issued, returned), dossiers (reminders), proposals (decisions)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation


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


def message_to(user, subject, template, context):
    """An email to ``user`` in their language: ``subject`` is a function called in that language."""
    with translation.override(recipient_language(user)):
        return EmailMessage(subject=subject(), body=render_to_string(template, context), to=[user.email])
