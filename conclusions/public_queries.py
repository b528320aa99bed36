"""What the public pages of the programme, the agencies and the search show of issued notices: always the
latest issued revision of each notice (its frozen snapshot), never a draft; each a fixed number of queries."""

from agenda.text import fold, search_words
from conclusions.models import ConclusionRevision, Task

#: The search looks through this many of an office's latest notices (a province issues about twelve a year).
SEARCHED_NOTICES = 240


def latest_only(revisions):
    """The latest revision of each notice among ``revisions``, newest session first."""
    latest = {}
    for revision in revisions:
        kept = latest.get(revision.conclusion_id)
        if kept is None or revision.number > kept.number:
            latest[revision.conclusion_id] = revision
    return sorted(latest.values(), key=lambda revision: (revision.session_date, revision.pk), reverse=True)


def month_notices(office, year, month):
    """The notices of the sessions of ``year``/``month`` (the programme page links each session's)."""
    revisions = ConclusionRevision.objects.without_pdf().of(office)
    return latest_only(revisions.filter(session_date__year=year, session_date__month=month))


def agency_notices(agency, limit=12):
    """The latest notices that assign ``agency`` a task (lead or supporting), newest first."""
    conclusions = Task.objects.published().for_agency(agency).values("conclusion_id")
    revisions = ConclusionRevision.objects.without_pdf().filter(conclusion_id__in=conclusions)
    return latest_only(revisions)[:limit]


def notice_text(revision):
    snapshot = revision.snapshot
    parts = [revision.title, revision.register_label]
    parts += [f"{row.get('heading', '')} {row.get('text', '')}" for row in snapshot.get("conclusions", [])]
    parts += [f"{row['text']} {row['lead']} {' '.join(row['supporting'])}" for row in snapshot.get("tasks", [])]
    return fold(" ".join(parts))


def search_notices(office, query, limit=20):
    """The office's latest notices whose text holds every word of ``query`` (with or without diacritics)."""
    words = search_words(query or "")
    if not words:
        return []
    revisions = ConclusionRevision.objects.of(office).defer("pdf").order_by("-session_date", "-number")
    latest = latest_only(revisions[:SEARCHED_NOTICES])
    return [revision for revision in latest if all(word in notice_text(revision) for word in words)][:limit]
