"""The admin and the departments' proposals store texts through the same normaliser and limits."""

import datetime

import pytest

from agenda.models import Agency, Office
from proposals.models import Proposal
from tests.test_admin import admin_client  # noqa: F401 - the administrator's client
from tests.workspace.conftest import department_user, planning_dept  # noqa: F401
from tests.workspace.test_proposals import propose


def test_an_agency_added_in_the_admin_is_stored_normalised(admin_client):  # noqa: F811
    response = admin_client.post(
        "/admin/agenda/agency/add/",
        {
            "office": Office.objects.get_solo().pk,  # the form offers the first office, chosen already
            "name": "Sở\u2029Tư\u200b pháp ",
            "short_name": "Sở\u00a0TP",
            "slug": "so-tu-phap",
            "kind": "department",
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(slug="so-tu-phap")
    assert (agency.name, agency.short_name) == ("Sở Tư pháp", "Sở TP")


def test_a_too_long_agency_name_is_refused_in_the_admin_in_vietnamese(admin_client):  # noqa: F811
    response = admin_client.post(
        "/admin/agenda/agency/add/",
        {"name": "Sở " * 100_000, "short_name": "Sở", "slug": "so", "kind": "department", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Nội dung quá dài: tối đa 200 ký tự" in response.text
    assert not Agency.objects.filter(slug="so").exists()


@pytest.fixture
def in_january(time_machine):
    return time_machine(datetime.date(2024, 1, 10))


def test_a_million_character_proposal_is_refused_and_a_pasted_one_normalised(
    client,
    department_user,  # noqa: F811
    in_january,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(department_user)
    response = propose(client, title="Đề án " * 200_000)
    assert response.status_code == 200
    assert "Nội dung quá dài: tối đa 1000 ký tự" in response.text
    assert not Proposal.objects.exists()
    assert propose(client, title="Dự thảo\u2029Nghị quyết\u200b về giá đất").status_code == 302
    assert Proposal.objects.get().title == "Dự thảo Nghị quyết về giá đất"
