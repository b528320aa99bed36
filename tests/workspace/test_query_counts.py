"""The proposals inbox, the Office's dossier page and the session packet run a fixed number of
queries, whatever the plan's size (the sample, and twenty times the sample)."""

import pytest
from django.core.files.base import ContentFile

from agenda.models import Agency
from dossiers.models import DossierFile, DossierSubmission
from issuing.services import publish_plan
from meetings.models import Item
from programme.services import load_plan
from proposals.models import Proposal
from tests.factories import load_and_publish
from tests.public.conftest import big_plan_data
from tests.workspace.files import docx_bytes, pdf_bytes

# Every page: session, user, the office (from the URL), the user's memberships = 4. Then:
# the plan, its items (+ plan, session), their agencies, submissions (+ user), their files,
# the months with an issued plan.
DOSSIER_MONTH_QUERIES = 10
# Agencies having proposals (filter), the month's proposals (+ agency, lead, item, plan), their
# supporting agencies, the working plan (the office's deadline: the office of the URL).
INBOX_QUERIES = 8
# The session (+ plan, office), its items (+ plan, session), their agencies, submissions (+ user),
# files (the packet's fingerprint), its kept build, the download log.
PACKET_QUERIES = 11
# The first download also builds it (dossiers.packet_store, jobs.builds: the build's row, its lock, the same reads).
PACKET_BUILD_QUERIES = 25


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(params=["sample", "twenty_times"])
def plan(request, sample_plan):
    if request.param == "sample":
        return publish_plan(sample_plan)
    big, _created = load_and_publish(big_plan_data())
    return big


def with_dossiers(plan, every=3):
    """A dossier (a PDF and a DOCX) for every ``every``-th session and chairman item of ``plan``."""
    items = Item.objects.filter(plan=plan, part__in=["session", "chairman"]).with_agencies().order_by("pk")
    for index, item in enumerate(items):
        if index % every:
            continue
        submission = DossierSubmission.objects.create(item=item, agency=item.ordered_agencies[0])
        for position, (name, kind, content) in enumerate(
            [("to-trinh.pdf", "pdf", pdf_bytes()), ("du-thao.docx", "docx", docx_bytes())]
        ):
            dossier_file = DossierFile(
                submission=submission, name=name, kind=kind, size=len(content), position=position
            )
            dossier_file.file.save(name, ContentFile(content), save=False)
            dossier_file.save()


def test_twenty_times_is_bigger(sample_plan):
    big, _created = load_plan(big_plan_data())
    assert big.items.count() >= 20 * sample_plan.items.count()


def test_dossier_month_page_query_count_is_fixed(client, plan, editor, django_assert_num_queries):
    with_dossiers(plan)
    client.force_login(editor)
    url = f"/van-phong/bac-giang/ho-so/{plan.year}/{plan.month:02d}/"
    client.get(url)
    with django_assert_num_queries(DOSSIER_MONTH_QUERIES):
        response = client.get(url)
    assert response.status_code == 200 and "to-trinh.pdf" in response.content.decode()


def test_inbox_query_count_is_fixed(client, plan, editor, django_assert_num_queries):
    agencies = list(Agency.objects.order_by("pk"))
    scale = 1 if plan.items.count() < 100 else 20
    for index in range(3 * scale):
        lead = agencies[index % len(agencies)]
        proposal = Proposal.objects.create(
            agency=lead, lead=lead, year=plan.year, month=plan.month, part="chairman", title=f"Đề án số {index}"
        )
        proposal.supporting.set(agencies[index % 7 : index % 7 + 2])
    client.force_login(editor)
    url = f"/van-phong/bac-giang/ke-hoach/{plan.year}/{plan.month:02d}/de-xuat/"
    client.get(url)
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(url)
    assert response.status_code == 200 and f"Đề án số {3 * scale - 1}" in response.content.decode()


def test_packet_query_count_is_fixed(client, plan, editor, django_assert_num_queries):
    with_dossiers(plan, every=4)
    session = max(plan.sessions.all(), key=lambda session: session.items.count())
    client.force_login(editor)
    url = f"/van-phong/bac-giang/phien-hop/{session.pk}/tai-lieu.pdf"
    with django_assert_num_queries(PACKET_BUILD_QUERIES):  # built now (no broker: eagerly), kept, served
        response = client.get(url)
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF-")
    with django_assert_num_queries(PACKET_QUERIES):  # the kept packet, its inputs unchanged
        response = client.get(url)
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF-")
