"""What makes the kept public answers stale (public.cache): every change a public page may show, in the office
whose pages show it (the other offices' kept answers stay kept; the platform's pages show every office's).

- an office's settings (its name, the signer, the seal, the lead days): every page and PDF page of it shows some;
- an agency (its name, short name, kind, whether it is listed): its office's plan pages, agency pages, search;
- a plan that is issued, superseded or deleted, and a revision: the month's page, the archive, the feed;
- a published week (weekly.WeekRevision, which weekly.publishing also announces) and a leader (the leaders' page,
  their calendars): the week's pages, PDF, calendars and feed, the agency pages, the platform's home.

Drafts are not public, so saving one changes nothing here. An issued plan's items never change (an
amendment is a new plan that supersedes it), so item saves are not watched. A bulk change names its offices
(agenda.signals.PublicContentQuerySet); one that cannot (``offices`` None) makes every kept answer stale.
"""

from django.db.models.signals import post_delete, post_save

from agenda.models import Agency, MonthlyPlan, Office
from agenda.signals import public_content_changed
from issuing.models import Revision
from public import cache
from weekly.models import Leader, WeekRevision


def content_changed(sender, offices=None, **kwargs):
    cache.changed(offices)


def office_saved(sender, instance, **kwargs):
    cache.changed([instance.pk])


def office_deleted(sender, instance, **kwargs):
    cache.changed()  # never done by the site (PROTECT): its slug may be gone, so everything


def row_changed(sender, instance, **kwargs):
    """An agency or a revision, saved or deleted: its office's pages."""
    cache.changed([instance.office_id])


def plan_saved(sender, instance, **kwargs):
    if instance.status in MonthlyPlan.ISSUED_STATUSES:
        cache.changed([instance.office_id])


def connect():
    public_content_changed.connect(content_changed, dispatch_uid="public_artifacts_bulk_change")
    post_save.connect(office_saved, sender=Office, dispatch_uid="public_artifacts_save_Office")
    post_delete.connect(office_deleted, sender=Office, dispatch_uid="public_artifacts_delete_Office")
    for model in (Agency, Revision, WeekRevision, Leader):
        post_save.connect(row_changed, sender=model, dispatch_uid=f"public_artifacts_save_{model.__name__}")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"public_artifacts_delete_{model.__name__}")
    post_save.connect(plan_saved, sender=MonthlyPlan, dispatch_uid="public_artifacts_save_plan")
    post_delete.connect(row_changed, sender=MonthlyPlan, dispatch_uid="public_artifacts_delete_plan")
