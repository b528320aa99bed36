"""Session packets built once per change of their session's dossiers and kept (dossiers.packet_store,
jobs.builds): without a broker the first download builds it and gets it; a build run twice keeps one file; while
a worker builds it the page says so and reloads itself."""

import io

import pytest
from django.core.files.storage import default_storage

from access.permissions import MEMBER_GROUP
from dossiers import packet_store
from dossiers.services import submit_dossier
from dossiers.tasks import build_session_packet
from issuing.services import publish_plan
from jobs import builds
from jobs.models import BuiltFile
from meetings.models import Item
from tests.workspace.conftest import make_user
from tests.workspace.files import pdf_bytes, upload


@pytest.fixture
def session_item(february, planning_dept, media):
    publish_plan(february)
    return Item.objects.get(plan=february, part="session", assignments__agency=planning_dept, position=0)


@pytest.fixture
def member(client):
    user = make_user("uyvien", MEMBER_GROUP)
    client.force_login(user)
    return user


def packet_url(session_id):
    return f"/van-phong/bac-giang/phien-hop/{session_id}/tai-lieu.pdf"


def stored_packets():
    directories, files = default_storage.listdir("tep-tao-nen")
    return sorted(files)


def test_the_first_download_builds_the_packet_and_the_next_ones_serve_it(client, session_item, member):
    response = client.get(packet_url(session_item.session_id))
    body = response.getvalue()
    assert response.status_code == 200 and body.startswith(b"%PDF-")
    build = BuiltFile.objects.get()
    assert build.state == "ready" and build.key == packet_store.packet_key(session_item.session)
    assert stored_packets() == [build.name.removeprefix("tep-tao-nen/")]
    assert default_storage.open(build.name).read() == body
    again = client.get(packet_url(session_item.session_id))
    assert again.getvalue() == body
    assert BuiltFile.objects.get().pk == build.pk and build.finished_at == BuiltFile.objects.get().finished_at


def test_a_build_run_twice_keeps_one_packet(session_item):
    build = packet_store.request_packet(session_item.session)
    assert build.state == "ready"
    assert build_session_packet.apply(args=[build.key, session_item.session_id]).get() is False
    assert packet_store.build(build.key, session_item.session_id) is False
    assert BuiltFile.objects.count() == 1 and len(stored_packets()) == 1


def test_a_file_left_by_a_killed_build_is_replaced_not_doubled(session_item):
    key = packet_store.packet_key(session_item.session)
    BuiltFile.objects.create(key=key, subject=packet_store.subject(session_item.session))
    default_storage.save(builds.storage_name(key, ".pdf"), io.BytesIO(b"half a packet"))
    assert packet_store.build(key, session_item.session_id) is True
    build = BuiltFile.objects.get()
    assert build.state == "ready" and stored_packets() == [build.name.removeprefix("tep-tao-nen/")]
    assert default_storage.open(build.name).read().startswith(b"%PDF-")


def test_a_new_dossier_gives_a_new_packet_and_removes_the_old(
    client, session_item, member, planning_dept, django_capture_on_commit_callbacks
):
    first = client.get(packet_url(session_item.session_id)).getvalue()
    old = BuiltFile.objects.get()
    submit_dossier(
        session_item, planning_dept, None, [(upload("to-trinh.pdf", pdf_bytes("Tờ trình mới")), "pdf", "to-trinh.pdf")]
    )
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the new one is committed
        second = client.get(packet_url(session_item.session_id)).getvalue()
    assert second != first
    new = BuiltFile.objects.get()
    assert new.key != old.key and stored_packets() == [new.name.removeprefix("tep-tao-nen/")]


def test_while_a_worker_builds_it_the_page_says_so_and_reloads_itself(client, session_item, member):
    session = session_item.session
    BuiltFile.objects.create(key=packet_store.packet_key(session), subject=packet_store.subject(session))
    response = client.get(packet_url(session.pk))
    page = response.content.decode()
    assert response.status_code == 202 and response["Retry-After"] == "3"
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Tập tài liệu đang được tạo" in page and "<script>" not in page
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert BuiltFile.objects.count() == 1  # asking again starts nothing more


def test_a_failed_build_says_so_and_is_tried_again_on_request(client, session_item, member):
    session = session_item.session
    key = packet_store.packet_key(session)
    BuiltFile.objects.create(key=key, subject=packet_store.subject(session), state="failed", error="boom")
    response = client.get(packet_url(session.pk))
    assert response.status_code == 503 and "Chưa tạo được tập tài liệu" in response.content.decode()
    assert 'http-equiv="refresh"' not in response.content.decode()
    response = client.get(packet_url(session.pk) + "?lai=1")
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF-")
    assert BuiltFile.objects.get(key=key).state == "ready"


def test_the_packet_stays_behind_the_members_right(client, session_item, department_user):
    client.force_login(department_user)
    assert client.get(packet_url(session_item.session_id)).status_code == 403
    assert BuiltFile.objects.count() == 0


def test_a_build_whose_job_was_lost_is_queued_again(client, session_item, member):
    import datetime

    from django.utils import timezone

    session = session_item.session
    key = packet_store.packet_key(session)
    long_ago = timezone.now() - builds.STALE_AFTER - datetime.timedelta(seconds=1)
    BuiltFile.objects.create(key=key, subject=packet_store.subject(session), created_at=long_ago)
    response = client.get(packet_url(session.pk))
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF-")
    assert BuiltFile.objects.get().state == "ready"
