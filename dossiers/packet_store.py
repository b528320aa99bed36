"""Session packets built once per change of their session's dossiers, by a job, and kept (jobs.builds).

The key of a packet is a fingerprint of everything its bytes are made of: the session, its items (titles,
agencies), each item's current dossier files, the site's address (links on the cover) and the language. A
download computes it (the same few queries as the cover's list), serves the packet kept under it when ready, and
otherwise asks for it to be built: at once without a broker (the download then gets it), on a worker with one
(the page says it is being built and reloads itself until it is ready).
"""

import hashlib
import json

from django.conf import settings
from django.utils import translation

from dossiers.packet import build_packet, session_items
from dossiers.services import dossier_rows
from jobs import builds
from meetings.models import RegularSession


def subject(session):
    return f"session-packet:{session.pk}"


def fingerprint(session):
    office = session.plan.office
    rows = dossier_rows(session_items(session), office.dossier_lead_days)
    inputs = {
        "session": [session.pk, str(session.date), str(session.time), session.place, session.plan_id],
        "office": [office.pk, office.name, office.parent_body],
        "site": settings.SITE_URL,
        "language": settings.LANGUAGE_CODE,
        "items": [
            [
                row.item.pk,
                row.item.title,
                [agency.pk for agency in row.item.ordered_agencies],
                [[f.pk, f.name, f.size] for f in row.files],
            ]
            for row in rows
        ],
    }
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, default=str).encode()).hexdigest()[:40]


def packet_key(session):
    return f"{subject(session)}:{fingerprint(session)}"


def request_packet(session, again=False):
    """The build of ``session``'s packet as its dossiers stand now (jobs.models.BuiltFile), started if new."""
    from dossiers.tasks import build_session_packet  # the task module imports this one

    return builds.start(packet_key(session), subject(session), build_session_packet, session.pk, again=again)


def build(key, session_pk, last_try=True):
    """The job's work: the packet's bytes, in the site's language, kept under ``key``."""
    session = RegularSession.objects.select_related("plan__office").get(pk=session_pk)

    def make():
        with translation.override(settings.LANGUAGE_CODE):
            return build_packet(session, base_url=settings.SITE_URL)

    return builds.build(key, make, last_try=last_try)
