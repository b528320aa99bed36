"""Many offices in the workspace (issue 20): roles held per office (memberships, grant_role), the workspace
under /van-phong/<office>/, old workspace links, the office's own administration, and nothing of one office
reachable from another's pages, whatever id is forged."""

import io
from html import escape

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from access.models import Membership
from access.permissions import APPROVER, DEPARTMENT, EDITOR, OFFICE_ADMIN, has_right, role_of, user_agency
from access.roles import APPROVER_GROUP, EDITOR_GROUP
from agenda.models import Agency, MonthlyPlan, Office
from meetings.models import Item
from programme.services import load_plan
from tests.factories import plan_data
from tests.offices import create_commune
from tests.workspace.conftest import make_user


@pytest.fixture
def commune(db):
    return create_commune()


@pytest.fixture
def commune_plan(commune):
    plan, _created = load_plan(plan_data(2024, 1), office=commune)
    return plan


def grant(*args, **options):
    out = io.StringIO()
    call_command("grant_role", *args, stdout=out, **options)
    return out.getvalue()


# -- grant_role -------------------------------------------------------------------------------------------


def test_grant_role_gives_a_role_in_one_office_only(commune):
    user = make_user("xa.chuyenvien")
    assert "xa.chuyenvien" in grant("xa.chuyenvien", "xa-tan-yen", "chuyen-vien")
    assert role_of(User.objects.get(pk=user.pk), commune) == EDITOR
    assert role_of(User.objects.get(pk=user.pk), Office.objects.get_solo()) is None
    assert User.objects.get(pk=user.pk).groups.filter(name=EDITOR_GROUP).exists()  # the admin's model rights
    grant("xa.chuyenvien", "xa-tan-yen", "chuyen-vien")  # again: nothing more
    assert Membership.objects.filter(user=user).count() == 1
    grant("xa.chuyenvien", "xa-tan-yen", "chuyen-vien", revoke=True)
    assert not Membership.objects.filter(user=user).exists()
    assert not User.objects.get(pk=user.pk).groups.exists()


def test_a_department_role_needs_an_agency_of_that_office(sample_plan, commune_plan, commune):
    make_user("xa.canbo")
    province_agency = Agency.objects.create(office=Office.objects.get_solo(), name="Sở Du lịch", short_name="SDL")
    commune_agency = Agency.objects.of(commune).get(name="Sở Kế hoạch và Đầu tư")
    with pytest.raises(CommandError, match="--agency"):
        grant("xa.canbo", "xa-tan-yen", "can-bo")
    with pytest.raises(CommandError, match="không có cơ quan, đơn vị"):
        grant("xa.canbo", "xa-tan-yen", "can-bo", agency="khong-co")
    with pytest.raises(CommandError, match="không có cơ quan, đơn vị"):  # the province's, not the commune's
        grant("xa.canbo", "xa-tan-yen", "can-bo", agency=province_agency.slug)
    grant("xa.canbo", "xa-tan-yen", "can-bo", agency=commune_agency.slug)
    user = User.objects.get(username="xa.canbo")
    assert (role_of(user, commune), user_agency(user, commune)) == (DEPARTMENT, commune_agency)
    assert user_agency(user, Office.objects.get_solo()) is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("khong-co", "xa-tan-yen", "chuyen-vien"), "Không có tài khoản"),
        (("xa.lanhdao", "khong-co", "lanh-dao"), "Không có cơ quan"),
        (("xa.lanhdao", "xa-tan-yen", "lanh-dao", "--agency", "x"), "Chỉ vai trò can-bo"),
    ],
)
def test_grant_role_refuses_what_does_not_exist_in_vietnamese(commune, arguments, message):
    make_user("xa.lanhdao")
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *arguments, stdout=io.StringIO())
    assert not Membership.objects.exists()


def test_an_agency_of_another_office_is_refused_for_a_membership(sample_plan, commune):
    user = make_user("nhamlan")
    province_agency = Agency.objects.of(Office.objects.get_solo()).first()
    with pytest.raises(Exception, match="cơ quan ban hành khác"):
        Membership.objects.grant(user, commune, DEPARTMENT, province_agency)
    assert not Membership.objects.exists()


def test_one_person_holds_different_roles_in_two_offices(sample_plan, commune):
    user = make_user("hai.noi", EDITOR_GROUP)
    Membership.objects.grant(user, commune, APPROVER)
    user = User.objects.get(pk=user.pk)
    assert (role_of(user, Office.objects.get_solo()), role_of(user, commune)) == (EDITOR, APPROVER)
    assert has_right(user, "plan.sign", commune) and not has_right(user, "plan.sign", Office.objects.get_solo())


def test_a_superuser_holds_every_role_but_the_departments_in_every_office(commune):
    admin = User.objects.create_superuser("he.thong", "h@example.org", "x")
    assert has_right(admin, "plan.seal", commune) and has_right(admin, "office.admin", commune)
    assert not has_right(admin, "dossier.upload", commune)


# -- the workspace's addresses ------------------------------------------------------------------------------


def test_the_workspace_start_goes_to_the_only_office_or_lists_them(client, sample_plan, commune):
    user = make_user("hai.noi", EDITOR_GROUP)
    client.force_login(user)
    assert client.get("/van-phong/")["Location"] == "/van-phong/bac-giang/"
    Membership.objects.grant(user, commune, EDITOR)
    page = client.get("/van-phong/")
    assert page.status_code == 200
    assert 'href="/van-phong/bac-giang/"' in page.text and 'href="/van-phong/xa-tan-yen/"' in page.text
    client.force_login(make_user("khach"))
    assert client.get("/van-phong/").status_code == 403  # no role anywhere: said, not hidden


def test_an_old_workspace_link_leads_to_the_same_page_of_the_users_office(client, sample_plan):
    old = "/van-phong/ke-hoach/2024/01/xem-truoc/?ban=1"
    assert client.get(old)["Location"].startswith("/van-phong/dang-nhap/?next=")
    client.force_login(make_user("chuyenvien", EDITOR_GROUP))
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (
        302,
        "/van-phong/bac-giang/ke-hoach/2024/01/xem-truoc/?ban=1",
    )
    assert client.get(response["Location"]).status_code == 200
    for path in ("/van-phong/ho-so/", "/van-phong/de-xuat/", "/van-phong/phat-hanh/", "/van-phong/tai-khoan/"):
        assert client.get(path)["Location"] == path.replace("/van-phong/", "/van-phong/bac-giang/")


def test_an_office_page_names_the_office_and_a_user_of_two_offices_can_switch(client, sample_plan, commune):
    user = make_user("hai.noi", EDITOR_GROUP)
    Membership.objects.grant(user, commune, EDITOR)
    client.force_login(user)
    page = client.get("/van-phong/xa-tan-yen/").text
    assert escape(commune.reading_name) in page
    assert 'href="/van-phong/"' in page  # the switch


# -- isolation: nothing of one office from another's pages --------------------------------------------------


@pytest.fixture
def two_offices(sample_plan, commune_plan):
    """The province's January draft and the commune's, each with its own editor."""
    return {
        "province": (sample_plan, make_user("chuyenvien", EDITOR_GROUP)),
        "commune": (commune_plan, make_user("xa.chuyenvien", EDITOR, office=commune_plan.office)),
    }


def test_an_editor_of_one_office_opens_nothing_of_another(client, two_offices):
    (province_plan, province_editor), (commune_plan, commune_editor) = two_offices.values()
    client.force_login(commune_editor)
    for path in ("", "ke-hoach/2024/01/", "ke-hoach/2024/01/xem-truoc/", "ke-hoach/2024/01/pdf/", "ho-so/thang/"):
        assert client.get(f"/van-phong/bac-giang/{path}").status_code == 403, path
    assert client.get("/van-phong/xa-tan-yen/ke-hoach/2024/01/").status_code == 200
    province_item = province_plan.items.first()
    # The province's item under the commune's address: not found there, and not changed.
    response = client.post(
        f"/van-phong/xa-tan-yen/noi-dung/{province_item.pk}/tinh-trang/",
        {f"status-{province_item.pk}-status": "done"},
    )
    assert response.status_code == 404
    assert Item.objects.get(pk=province_item.pk).status == province_item.status


def test_each_office_lists_only_its_own_plans(client, two_offices):
    (province_plan, province_editor), (commune_plan, commune_editor) = two_offices.values()
    commune_plan.title = "Chương trình của xã"
    commune_plan.save()
    client.force_login(commune_editor)
    page = client.get("/van-phong/xa-tan-yen/").text
    assert "/van-phong/xa-tan-yen/ke-hoach/2024/01/" in page and "/van-phong/bac-giang/" not in page
    client.force_login(province_editor)
    page = client.get("/van-phong/bac-giang/").text
    assert "Chương trình của xã" not in page and "/van-phong/xa-tan-yen/" not in page


def test_a_new_plan_is_made_in_the_office_of_the_address(client, two_offices):
    commune_editor = two_offices["commune"][1]
    client.force_login(commune_editor)
    response = client.post("/van-phong/xa-tan-yen/ke-hoach/moi/?year=2024&month=2", {})
    assert response.status_code == 302
    plan = MonthlyPlan.objects.get(year=2024, month=2)
    assert plan.office.slug == "xa-tan-yen"
    assert plan.display_title == "Công tác của UBND xã tháng 02 năm 2024"  # its own Committee, not the province
    assert response["Location"] == "/van-phong/xa-tan-yen/ke-hoach/2024/02/"


def test_the_admin_lists_only_the_plans_of_the_users_offices(client, two_offices):
    commune_plan = two_offices["commune"][0]
    province_plan = two_offices["province"][0]
    user = make_user("xa.admin.nhanvien", EDITOR, office=commune_plan.office, is_staff=True)
    client.force_login(user)
    listing = client.get("/admin/agenda/monthlyplan/").text
    assert f"/admin/agenda/monthlyplan/{commune_plan.pk}/change/" in listing
    assert f"/admin/agenda/monthlyplan/{province_plan.pk}/change/" not in listing
    assert client.get(f"/admin/agenda/monthlyplan/{province_plan.pk}/change/").status_code in (302, 404)


# -- the office's own administration -------------------------------------------------------------------------


@pytest.fixture
def office_admin(commune):
    return make_user("xa.quantri", OFFICE_ADMIN, office=commune)


def test_the_office_admin_manages_its_people_and_nothing_of_another_office(client, sample_plan, commune, office_admin):
    province_editor = make_user("chuyenvien", EDITOR_GROUP)
    client.force_login(office_admin)
    assert client.get("/van-phong/").status_code == 302
    page = client.get("/van-phong/xa-tan-yen/quan-tri/")
    assert page.status_code == 200
    assert "xa.quantri" in page.text and "chuyenvien" not in page.text  # the province's people are not shown
    assert client.get("/van-phong/bac-giang/quan-tri/").status_code == 403
    response = client.post(
        "/van-phong/xa-tan-yen/quan-tri/",
        {
            "action": "grant",
            "username": "xa.lanhdao",
            "full_name": "Lê Văn Bình",
            "email": "b@example.org",
            "role": APPROVER,
        },
    )
    assert response.status_code == 302
    new = User.objects.get(username="xa.lanhdao")
    assert not new.has_usable_password() and role_of(new, commune) == APPROVER
    # Another office's membership id: refused, and kept.
    foreign = Membership.objects.get(user=province_editor)
    client.post("/van-phong/xa-tan-yen/quan-tri/", {"action": "revoke", "membership": foreign.pk})
    assert Membership.objects.filter(pk=foreign.pk).exists()
    own = Membership.objects.get(user=office_admin)
    client.post("/van-phong/xa-tan-yen/quan-tri/", {"action": "revoke", "membership": own.pk})
    assert Membership.objects.filter(pk=own.pk).exists()  # one does not lock oneself out


def test_a_new_account_without_email_is_refused_and_the_form_keeps_what_was_typed(client, commune, office_admin):
    client.force_login(office_admin)
    response = client.post(
        "/van-phong/xa-tan-yen/quan-tri/",
        {"action": "grant", "username": "moi", "full_name": "Ngô Thị Hoa", "role": EDITOR},
    )
    assert response.status_code == 400
    assert "thư điện tử" in response.text and 'value="Ngô Thị Hoa"' in response.text
    assert not User.objects.filter(username="moi").exists()


def test_the_office_admin_changes_its_own_settings_not_its_address(client, commune, office_admin):
    client.force_login(office_admin)
    form = client.get("/van-phong/xa-tan-yen/quan-tri/").context["settings_form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update({"action": "settings", "document_symbol": "CTr-UBND-X", "slug": "doi-duong-dan"})
    data.pop("seal_upload", None)
    response = client.post("/van-phong/xa-tan-yen/quan-tri/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    commune.refresh_from_db()
    assert (commune.document_symbol, commune.slug) == ("CTr-UBND-X", "xa-tan-yen")


def test_an_agency_added_by_the_office_admin_belongs_to_that_office(client, sample_plan, commune, office_admin):
    client.force_login(office_admin)
    client.post("/van-phong/xa-tan-yen/quan-tri/", {"action": "agency", "name": "Phòng Văn hóa - Xã hội"})
    client.post("/van-phong/xa-tan-yen/quan-tri/", {"action": "agency", "name": "Sở Nội vụ"})  # as the province's
    names = set(Agency.objects.of(commune).values_list("name", flat=True))
    assert names == {"Phòng Văn hóa - Xã hội", "Sở Nội vụ"}
    assert Agency.objects.of(Office.objects.get_solo()).filter(name="Sở Nội vụ").count() == 1


# -- the upgrade: roles held as groups become memberships of the first office ----------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_groups_and_agency_links_into_memberships_of_the_first_office():
    state = [("workspace", "0002_roles"), ("agenda", "0012_agency_office")]
    after = [("access", "0001_memberships")]
    executor = MigrationExecutor(connection)
    executor.migrate([("access", None), *state])
    apps = executor.loader.project_state(state).apps
    office, _new = apps.get_model("agenda", "Office").objects.get_or_create(pk=1, defaults={"slug": "bac-giang"})
    agency = apps.get_model("agenda", "Agency").objects.create(
        name="Sở Nội vụ", short_name="SNV", slug="so-noi-vu", office=office
    )
    users = apps.get_model("auth", "User")
    groups = apps.get_model("auth", "Group")
    editor = users.objects.create(username="cv")
    editor.groups.add(groups.objects.get(name=EDITOR_GROUP))
    approver = users.objects.create(username="ld")
    approver.groups.add(groups.objects.get(name=APPROVER_GROUP))
    department = users.objects.create(username="snv")
    department.groups.add(groups.objects.get(name="Cán bộ sở, ngành"))
    apps.get_model("workspace", "AgencyMembership").objects.create(user=department, agency=agency)
    lost = users.objects.create(username="khong-co-co-quan")
    lost.groups.add(groups.objects.get(name="Cán bộ sở, ngành"))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    memberships = executor.loader.project_state(after).apps.get_model("access", "Membership").objects
    rows = set(memberships.values_list("user__username", "office_id", "role", "agency__name"))
    assert rows == {("cv", 1, EDITOR, None), ("ld", 1, APPROVER, None), ("snv", 1, DEPARTMENT, "Sở Nội vụ")}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Group.objects.filter(name=EDITOR_GROUP).exists()


def test_the_admin_lists_only_the_agencies_and_revisions_of_the_users_offices(client, two_offices):
    commune_plan, province_plan = two_offices["commune"][0], two_offices["province"][0]
    user = make_user("xa.vanthu.admin", "clerk", office=commune_plan.office, is_staff=True)
    client.force_login(user)
    commune_agency = Agency.objects.of(commune_plan.office).first()
    province_agency = Agency.objects.of(province_plan.office).first()
    listing = client.get("/admin/agenda/agency/").text
    assert f"/admin/agenda/agency/{commune_agency.pk}/change/" in listing
    assert f"/admin/agenda/agency/{province_agency.pk}/change/" not in listing
    assert client.get(f"/admin/agenda/agency/{province_agency.pk}/change/").status_code in (302, 404)


def test_the_office_admin_sets_where_its_seal_key_is_and_no_other_offices(client, sample_plan, commune, office_admin):
    from issuing.models import OfficeSigningKey

    client.force_login(office_admin)
    page = client.get("/van-phong/xa-tan-yen/quan-tri/").text
    assert "SIGNING_DIR/co-quan/xa-tan-yen.p12" in page
    data = {"action": "key", "pkcs11_token_label": "UBND-TAN-YEN", "pkcs11_key_label": "con-dau"}
    assert client.post("/van-phong/xa-tan-yen/quan-tri/", data).status_code == 302
    key = OfficeSigningKey.objects.get()
    assert (key.office, key.pkcs11_key_label) == (commune, "con-dau")
    assert client.post("/van-phong/bac-giang/quan-tri/", data).status_code == 403
    assert OfficeSigningKey.objects.count() == 1
