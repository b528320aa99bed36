"""The workspace menu offers each page only to the roles that may open it: no link ends in a 403."""

import re

import pytest
from django.urls import reverse

from access.permissions import (
    APPROVER_GROUP,
    CLERK_GROUP,
    DEPARTMENT_GROUP,
    EDITOR_GROUP,
    MEMBER_GROUP,
    may_open,
)
from access.rights import RIGHTS
from agenda.models import Agency, Office
from tests.conftest import make_user

ROLES = {
    "editor": (EDITOR_GROUP, "/van-phong/bac-giang/"),
    "approver": (APPROVER_GROUP, "/van-phong/bac-giang/"),
    "clerk": (CLERK_GROUP, "/van-phong/bac-giang/phat-hanh/"),
    "department": (DEPARTMENT_GROUP, "/van-phong/bac-giang/ho-so/"),
    "member": (MEMBER_GROUP, "/van-phong/bac-giang/phien-hop/"),
}
ISSUE_QUEUE = reverse("workspace:issue_queue", args=["bac-giang"])
MENU_PAGE_NAMES = [action.removeprefix("menu.") for action in RIGHTS if action.startswith("menu.")]


def menu_links(page):
    navbar = page.split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', navbar)


@pytest.mark.parametrize(("role", "shown"), [(role, role in ("editor", "approver", "clerk")) for role in ROLES])
def test_the_issuing_link_is_shown_only_to_the_roles_that_may_open_it(client, sample_plan, role, shown):
    group, landing = ROLES[role]
    agency = Agency.objects.get(short_name="Sở KHĐT") if role == "department" else None
    client.force_login(make_user(role, group, agency=agency))
    page = client.get(landing)
    assert page.status_code == 200
    assert (ISSUE_QUEUE in menu_links(page.text)) is shown
    for link in menu_links(page.text):  # whatever the menu offers opens
        assert client.get(link, follow=True).status_code == 200, link


def test_the_menu_asks_the_same_roles_as_the_views(client, sample_plan):
    department = make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(short_name="Sở KHĐT"))
    client.force_login(department)
    office = Office.objects.get_solo()
    assert not may_open(department, "issue_queue", office)
    assert client.get(ISSUE_QUEUE).status_code == 403
    assert all(
        may_open(department, page, office)
        for page in MENU_PAGE_NAMES
        if page not in ("issue_queue", "office_admin", "weeks")
    )
