"""Warming the kept pages of a freshly issued programme (public.cache), on a worker.

Issuing moves its office's publication generation, so every kept answer of that office is stale; the first
visitors of each page would each wait for its render. With a broker (WARM_PUBLIC_PAGES, on by default then), the
issuing's commit queues this job, which asks the office's main public pages once through Django's test Client,
the whole middleware included: PublicArtifactMiddleware keeps each answer in the shared cache (CACHE_URL), under
the same key a visitor's request on any app server computes. Running twice only finds the answers kept.
"""

import logging
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.test import Client
from django.urls import reverse

from agenda.models import MonthlyPlan
from issuing import signals
from jobs.queue import RETRIED, Job, enqueue

logger = logging.getLogger("jobs")

#: The office's pages warmed after an issue (each takes the office), then the issued month's and the platform's.
OFFICE_PAGES = ("public:home", "public:archive", "public:agency_list", "public:feed")


def pages_of(plan):
    slug = plan.office.slug
    return [
        *(reverse(name, args=[slug]) for name in OFFICE_PAGES),
        reverse("public:plan_detail", args=[slug, plan.year, plan.month]),
        reverse("public:platform_home"),
    ]


def warm(plan):
    """Ask each page of ``plan``'s office as an anonymous visitor of SITE_URL would; {path: status}."""
    site = urlsplit(settings.SITE_URL)
    client = Client(HTTP_HOST=site.netloc, secure=site.scheme == "https")
    statuses = {path: client.get(path).status_code for path in pages_of(plan)}
    logger.info("warmed %s: %s", plan.office.slug, statuses)
    return statuses


@shared_task(base=Job, **RETRIED)
def warm_issued_pages(self, plan_pk):
    plan = MonthlyPlan.objects.select_related("office").filter(pk=plan_pk).first()
    return warm(plan) if plan is not None else {}


def on_plan_issued(sender, plan, revision, **kwargs):
    """issuing.signals.plan_issued (after the commit): queue the warming, when this deployment warms."""
    if settings.WARM_PUBLIC_PAGES:
        enqueue(warm_issued_pages, plan.pk)


def connect():
    signals.plan_issued.connect(on_plan_issued, dispatch_uid="public_warm_issued_pages")
