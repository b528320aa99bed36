"""An editor adds an agency missing from the list, from the editing page."""

import contextlib
import threading

import pytest
from django.db import connection
from django.test import Client

from access.roles import EDITOR_GROUP
from agenda.models import Agency
from tests.conftest import make_user

ADD = "/van-phong/co-quan/them/"


def test_editor_adds_a_missing_agency(client, editor, sample_plan):
    client.force_login(editor)
    response = client.post(ADD, {"name": "Ban Quản lý dự án đầu tư xây dựng tỉnh", "short_name": "BQLDA"})
    assert response.status_code == 201
    agency = Agency.objects.get(name="Ban Quản lý dự án đầu tư xây dựng tỉnh")
    assert response.json() == {"id": agency.pk, "name": agency.name, "short_name": "BQLDA"}
    assert client.get("/van-phong/co-quan/", {"q": "bqlda"}).json()["results"][0]["id"] == agency.pk


def test_a_name_equal_without_diacritics_is_warned_about_until_confirmed(client, editor, sample_plan):
    client.force_login(editor)
    response = client.post(ADD, {"name": "So Noi vu"})
    assert response.status_code == 409
    assert "Sở Nội vụ" in response.json()["warning"]
    assert not Agency.objects.filter(name="So Noi vu").exists()
    assert client.post(ADD, {"name": "So Noi vu", "confirm": "on"}).status_code == 201


def test_an_existing_name_is_refused(client, editor, sample_plan):
    client.force_login(editor)
    response = client.post(ADD, {"name": "sở nội vụ"})
    assert response.status_code == 400 and "Đã có cơ quan" in response.json()["errors"][0]


def test_the_editing_page_offers_to_add_an_agency_and_labels_lead_and_support(client, editor, february):
    client.force_login(editor)
    page = client.get("/van-phong/ke-hoach/2024/02/").text
    assert "Thêm cơ quan chưa có trong danh mục" in page
    assert 'class="chip-role">chủ trì</span>' in page


# --- two requests at once ----------------------------------------------------------------------------


def _post_together(monkeypatch, names):
    """POST one name per thread, each with its own client and database connection; both compute the new
    agency's slug before either inserts (a barrier in Agency.unique_slug, left after a short wait when a lock
    keeps the other request out). Returns the responses' status codes, or the exceptions raised."""
    editor = make_user("chuyenvien", EDITOR_GROUP)
    barrier = threading.Barrier(len(names))
    original = Agency.unique_slug.__func__

    def unique_slug(cls, name, office=None):
        slug = original(cls, name, office)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1)
        return slug

    monkeypatch.setattr(Agency, "unique_slug", classmethod(unique_slug))
    outcomes = [None] * len(names)

    def post(index, name):
        client = Client(raise_request_exception=True)
        client.force_login(editor)
        try:
            outcomes[index] = client.post(ADD, {"name": name, "confirm": "on"}).status_code
        except Exception as error:  # reported by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(index, name)) for index, name in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


POSTGRESQL_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL (CI) only")


@POSTGRESQL_ONLY
@pytest.mark.django_db(transaction=True)
def test_the_same_name_posted_twice_at_once_adds_one_agency_and_refuses_the_other(monkeypatch):
    outcomes = _post_together(monkeypatch, ["Ban Dân tộc tỉnh", "Ban Dân tộc tỉnh"])
    assert sorted(outcomes, key=str) == [201, 400]
    assert Agency.objects.filter(name="Ban Dân tộc tỉnh").count() == 1


@POSTGRESQL_ONLY
@pytest.mark.django_db(transaction=True)
def test_names_that_fold_to_the_same_slug_posted_at_once_get_two_slugs(monkeypatch):
    """Confirmed as two agencies (the warning was answered): both are added, each with its own address."""
    outcomes = _post_together(monkeypatch, ["Ban Dân tộc tỉnh", "Ban Dan toc tinh"])
    assert outcomes == [201, 201]
    slugs = sorted(Agency.objects.filter(slug__startswith="ban-dan-toc-tinh").values_list("slug", flat=True))
    assert slugs == ["ban-dan-toc-tinh", "ban-dan-toc-tinh-2"]
