"""What makes the kept public answers stale (public.cache): every change a public page may show.

- an Office setting (its name, the signer, the seal, the lead days): every page and PDF page shows some;
- an agency (its name, short name, kind, whether it is listed): plan pages, agency pages, search;
- a plan that is issued, superseded or deleted, and a revision: the month's page, the archive, the feed.

Drafts are not public, so saving one changes nothing here. An issued plan's items never change (an
amendment is a new plan that supersedes it), so item saves are not watched.
"""

from django.db.models.signals import post_delete, post_save

from agenda.models import Agency, MonthlyPlan, Office
from agenda.signals import public_content_changed
from issuing.models import Revision
from public import cache


def content_changed(sender, **kwargs):
    cache.changed()


def plan_saved(sender, instance, **kwargs):
    if instance.status in MonthlyPlan.ISSUED_STATUSES:
        cache.changed()


def connect():
    public_content_changed.connect(content_changed, dispatch_uid="public_artifacts_bulk_change")
    for model in (Office, Agency, Revision):
        post_save.connect(content_changed, sender=model, dispatch_uid=f"public_artifacts_save_{model.__name__}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"public_artifacts_delete_{model.__name__}")
    post_save.connect(plan_saved, sender=MonthlyPlan, dispatch_uid="public_artifacts_save_plan")
    post_delete.connect(content_changed, sender=MonthlyPlan, dispatch_uid="public_artifacts_delete_plan")
