"""Every workspace URL for every role, and anonymous users (the role matrix)."""

import pytest

from access.permissions import APPROVER_GROUP, CLERK_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP, MEMBER_GROUP
from agenda.models import MonthlyPlan
from dossiers.models import DossierFile, DossierSubmission
from issuing import services as issuing
from meetings.models import DossierMark, Item
from proposals.models import Proposal
from tests.offices import create_commune
from tests.workspace.conftest import make_user
from tests.workspace.files import pdf_bytes

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", 403, 404

FEB = "/van-phong/bac-giang/ke-hoach/2024/02/"
JAN = "/van-phong/bac-giang/ke-hoach/2024/01/"

# (name, method, url template, post data): {own} is a February item of Sở KHĐT, {foreign} one of Sở Ngoại vụ;
# {issued}/{issued_foreign} the same in the issued January, {session} its session, {file}/{foreign_file} their
# dossier files, {proposal}/{foreign_proposal} proposals of Sở KHĐT and Sở Ngoại vụ.
URLS = [
    ("home", "get", "/van-phong/", {}),
    ("create", "get", "/van-phong/bac-giang/ke-hoach/moi/", {}),
    ("import", "post", "/van-phong/bac-giang/ke-hoach/nhap/", {}),
    ("import_review", "get", "/van-phong/bac-giang/ke-hoach/nhap/xem-lai/", {}),
    ("edit", "get", FEB, {}),
    ("preview", "get", FEB + "xem-truoc/", {}),
    ("draft_pdf", "get", FEB + "pdf/", {}),
    ("word", "get", FEB + "word/", {}),
    ("history", "get", FEB + "lich-su/", {}),
    ("submit", "post", FEB + "gui-duyet/", {}),
    ("return", "post", FEB + "tra-lai/", {"comment": "Bổ sung"}),
    ("sign_page", "get", FEB + "ky/", {}),
    ("sign_pdf", "get", FEB + "ky/pdf/", {}),
    ("sign", "post", FEB + "ky/", {"sha256": "0" * 64}),
    ("seal", "post", FEB + "phat-hanh/", {"note": ""}),
    ("queue", "get", "/van-phong/bac-giang/phat-hanh/", {}),
    ("profile", "get", "/van-phong/bac-giang/tai-khoan/", {}),
    ("signature_image", "get", "/van-phong/bac-giang/tai-khoan/chu-ky.png", {}),
    ("amend", "post", JAN + "dieu-chinh/", {"reason": "Đổi ngày họp"}),
    ("item_status", "post", "/van-phong/bac-giang/noi-dung/{own}/tinh-trang/", {"status-{own}-status": "done"}),
    ("dossiers", "get", "/van-phong/bac-giang/ho-so/", {}),
    (
        "dossier_own",
        "post",
        "/van-phong/bac-giang/noi-dung/{own}/ho-so/",
        {"hs-{own}-is_sent": "on", "hs-{own}-note": "x"},
    ),
    ("dossier_foreign", "post", "/van-phong/bac-giang/noi-dung/{foreign}/ho-so/", {"hs-{foreign}-is_sent": "on"}),
    ("agency_search", "get", "/van-phong/bac-giang/co-quan/?q=noi+vu", {}),
    ("agency_add", "post", "/van-phong/bac-giang/co-quan/them/", {"name": "Sở Thử nghiệm", "short_name": "STN"}),
    ("dossier_month", "get", "/van-phong/bac-giang/ho-so/2024/01/", {}),
    (
        "dossier_upload_own",
        "post",
        "/van-phong/bac-giang/noi-dung/{issued}/ho-so/tai-len/",
        {"tl-{issued}-files": "pdf"},
    ),
    ("dossier_upload_foreign", "post", "/van-phong/bac-giang/noi-dung/{issued_foreign}/ho-so/tai-len/", {}),
    ("file_own", "get", "/van-phong/bac-giang/tep/{file}/", {}),
    ("file_foreign", "get", "/van-phong/bac-giang/tep/{foreign_file}/", {}),
    ("sessions", "get", "/van-phong/bac-giang/phien-hop/", {}),
    ("packet", "get", "/van-phong/bac-giang/phien-hop/{session}/tai-lieu.pdf", {}),
    ("proposals", "get", "/van-phong/bac-giang/de-xuat/", {}),
    ("proposal_edit_own", "get", "/van-phong/bac-giang/de-xuat/{proposal}/sua/", {}),
    ("proposal_edit_foreign", "get", "/van-phong/bac-giang/de-xuat/{foreign_proposal}/sua/", {}),
    ("letter_own", "get", "/van-phong/bac-giang/de-xuat/{proposal}/cong-van/", {}),
    ("letter_foreign", "get", "/van-phong/bac-giang/de-xuat/{foreign_proposal}/cong-van/", {}),
    ("inbox", "get", FEB + "de-xuat/", {}),
    ("decide", "post", FEB + "de-xuat/xu-ly/", {"proposals": "{proposal}", "action": "reject", "reason": "Trùng"}),
]

# February is a draft; the issuing steps are tried in the state they leave (see STATE_FOR).
STATE_FOR = {"return": "review", "sign_page": "review", "sign_pdf": "review", "sign": "review", "seal": "signed"}
APPROVER_ONLY = {"return", "sign_page", "sign_pdf", "sign", "signature_image"}
DEPARTMENT_ONLY = ["dossier_own", "dossier_foreign", "dossier_upload_own", "dossier_upload_foreign", "proposals"]
DEPARTMENT_ONLY += ["proposal_edit_own", "proposal_edit_foreign"]
OFFICE = {name: OK for name, *_rest in URLS} | dict.fromkeys(DEPARTMENT_ONLY, FORBIDDEN) | {"seal": FORBIDDEN}
CLERK_ONLY_VIEW = {"home", "edit", "preview", "draft_pdf", "word", "history", "queue", "profile", "seal"}
EXPECTED = {
    "anonymous": dict.fromkeys(OFFICE, LOGIN),
    "outsider": dict.fromkeys(OFFICE, FORBIDDEN),
    "staff_outsider": dict.fromkeys(OFFICE, FORBIDDEN),  # staff status opens the admin, not the workspace
    "editor": OFFICE | dict.fromkeys(APPROVER_ONLY, FORBIDDEN),
    "approver": OFFICE,
    "clerk": dict.fromkeys(OFFICE, FORBIDDEN) | dict.fromkeys(CLERK_ONLY_VIEW, OK),
    "department": dict.fromkeys(OFFICE, FORBIDDEN)
    | {"home": OK, "dossiers": OK, "dossier_own": OK, "dossier_foreign": NOT_FOUND, "profile": OK}
    | {"dossier_upload_own": OK, "dossier_upload_foreign": NOT_FOUND, "file_own": OK, "file_foreign": NOT_FOUND}
    | {"proposals": OK, "proposal_edit_own": OK, "proposal_edit_foreign": NOT_FOUND, "agency_search": OK}
    | {"letter_own": OK, "letter_foreign": NOT_FOUND},
    "member": dict.fromkeys(OFFICE, FORBIDDEN)
    | {"home": OK, "sessions": OK, "packet": OK, "file_own": OK, "file_foreign": OK, "profile": OK},
    # quản trị đơn vị: the office's people, agencies and settings (its own page), none of its programmes
    "office_admin": dict.fromkeys(OFFICE, FORBIDDEN) | {"home": OK, "profile": OK},
}
ROLES = {
    "outsider": None,
    "staff_outsider": None,
    "editor": EDITOR_GROUP,
    "approver": APPROVER_GROUP,
    "clerk": CLERK_GROUP,
    "department": DEPARTMENT_GROUP,
    "member": MEMBER_GROUP,
    "office_admin": "office_admin",
}


def put_in_state(plan, state):
    """February submitted ("review"), or also signed by an approver ("signed")."""
    if state is None:
        return
    plan = issuing.submit(plan, None)
    if state == "signed":
        issuing.sign(plan, None, expected_sha256=issuing.prepare_signing(plan).sha256)
    assert MonthlyPlan.objects.get(pk=plan.pk).status == state


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith("/van-phong/dang-nhap/?next="):
        return LOGIN
    if response.status_code in (403, 404):
        return response.status_code
    # 409: signing refused because the page was stale (here: a made-up SHA-256), a right exercised.
    assert response.status_code in (200, 201, 302, 409, 503), response.status_code
    return OK


def _dossier_file(item, agency):
    from django.core.files.base import ContentFile

    submission = DossierSubmission.objects.create(item=item, agency=agency)
    dossier_file = DossierFile(submission=submission, name="to-trinh.pdf", kind="pdf", size=10)
    dossier_file.file.save("to-trinh.pdf", ContentFile(pdf_bytes()), save=False)
    dossier_file.save()
    return dossier_file


def _proposal(agency):
    from django.core.files.base import ContentFile

    proposal = Proposal(agency=agency, lead=agency, year=2024, month=2, part="chairman", title=f"Đề án của {agency}")
    proposal.letter_kind, proposal.letter_name = "pdf", "cong-van.pdf"
    proposal.letter.save("cong-van.pdf", ContentFile(pdf_bytes()), save=False)
    proposal.save()
    return proposal


@pytest.fixture
def matrix_objects(february, planning_dept, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    own = Item.objects.get(plan=february, assignments__agency=planning_dept)
    foreign = Item.objects.filter(plan=february).exclude(pk=own.pk).get()
    january = MonthlyPlan.objects.published().get(year=2024, month=1)
    issued = Item.objects.get(plan=january, part="session", position=0)  # Sở KHĐT leads it
    issued_foreign = Item.objects.get(plan=january, part="session", position=2)  # Sở Ngoại vụ
    foreign_agency = issued_foreign.ordered_agencies[0]
    return {
        "own": own.pk,
        "foreign": foreign.pk,
        "issued": issued.pk,
        "issued_foreign": issued_foreign.pk,
        "session": issued.session_id,
        "file": _dossier_file(issued, planning_dept).pk,
        "foreign_file": _dossier_file(issued_foreign, foreign_agency).pk,
        "proposal": _proposal(planning_dept).pk,
        "foreign_proposal": _proposal(foreign_agency).pk,
    }


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize(("name", "method", "url", "data"), URLS, ids=[entry[0] for entry in URLS])
def test_role_matrix(client, february, matrix_objects, planning_dept, role, name, method, url, data):
    put_in_state(february, STATE_FOR.get(name))
    if role != "anonymous":
        agency = planning_dept if role == "department" else None
        user = make_user(role, ROLES[role], agency=agency, is_staff=role == "staff_outsider")
        client.force_login(user)
    url = url.format(**matrix_objects)
    data = {key.format(**matrix_objects): value.format(**matrix_objects) for key, value in data.items()}
    response = getattr(client, method)(url, data)
    assert outcome(response) == EXPECTED[role][name]


def test_login_page_is_in_vietnamese_and_open_to_everybody(client, db):
    response = client.get("/van-phong/dang-nhap/")
    assert response.status_code == 200
    assert "Đăng nhập Văn phòng" in response.text
    assert "Tên đăng nhập" in response.text


def test_logging_in_leads_to_the_workspace(client, editor):
    response = client.post("/van-phong/dang-nhap/", {"username": "chuyenvien", "password": "mat-khau-dai-2024"})
    assert response.status_code == 302 and response["Location"] == "/van-phong/"


def test_wrong_password_is_refused_in_vietnamese(client, editor):
    response = client.post("/van-phong/dang-nhap/", {"username": "chuyenvien", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text


def test_department_user_cannot_mark_other_agencys_item(client, february, department_user):
    foreign = Item.objects.get(plan=february, assignments__agency__name="Sở Ngoại vụ")
    client.force_login(department_user)
    response = client.post(f"/van-phong/bac-giang/noi-dung/{foreign.pk}/ho-so/", {f"hs-{foreign.pk}-is_sent": "on"})
    assert response.status_code == 404
    assert not DossierMark.objects.exists()


def test_department_user_sees_only_its_own_agencys_items(client, february, department_user):
    client.force_login(department_user)
    response = client.get("/van-phong/bac-giang/ho-so/")
    assert "Dự thảo Báo cáo của UBND tỉnh về tình hình kinh tế - xã hội tháng 1/2024" in response.text
    assert "Bản ghi nhớ" not in response.text  # Sở Ngoại vụ's item
    assert "Chỉ thị số 25-CT/TW" not in response.text  # Sở Y tế's, in January


def test_department_user_cannot_open_the_editing_page_or_post_to_it(client, february, department_user):
    client.force_login(department_user)
    assert client.get(FEB).status_code == 403
    assert client.post(FEB, {"plan-title": "x"}).status_code == 403


def test_editor_cannot_sign_or_seal_a_plan(client, february, editor):
    put_in_state(february, "review")
    client.force_login(editor)
    assert client.get(FEB + "ky/").status_code == 403
    assert client.post(FEB + "ky/", {"sha256": issuing.prepare_signing(february).sha256}).status_code == 403
    february.refresh_from_db()
    assert february.status == "review"
    issuing.sign(february, None, expected_sha256=issuing.prepare_signing(february).sha256)
    assert client.post(FEB + "phat-hanh/", {"note": ""}).status_code == 403
    february.refresh_from_db()
    assert february.status == "signed"


def test_approver_cannot_seal_and_clerk_cannot_sign(client, february, approver, clerk):
    put_in_state(february, "review")
    client.force_login(clerk)
    assert client.post(FEB + "ky/", {"sha256": issuing.prepare_signing(february).sha256}).status_code == 403
    client.force_login(approver)
    client.post(FEB + "ky/", {"sha256": issuing.prepare_signing(february).sha256})
    february.refresh_from_db()
    assert february.status == "signed"
    assert client.post(FEB + "phat-hanh/", {"note": ""}).status_code == 403
    february.refresh_from_db()
    assert february.status == "signed"


def test_editor_reads_but_cannot_change_a_plan_in_review(client, february, editor):
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    response = client.get(FEB)
    assert "đang chờ lãnh đạo Văn phòng duyệt" in response.text
    assert 'id="plan-form"' not in response.text
    assert client.post(FEB, {"plan-version": "2"}).status_code == 403


def test_approver_edits_a_plan_in_review(client, february, editor, approver):
    client.force_login(editor)
    client.post(FEB + "gui-duyet/")
    client.force_login(approver)
    assert 'id="plan-form"' in client.get(FEB).text


def test_inactive_user_has_no_access(client, db):
    user = make_user("nghi", EDITOR_GROUP, is_active=False)
    client.force_login(user)
    assert client.get("/van-phong/").status_code in (302, 403)


# -- the office axis: the same roles held in another office (issue 20) -------------------------------------------


@pytest.fixture
def commune(db):

    return create_commune()


def _commune_user(role, commune):
    from agenda.models import Agency

    agency = (
        Agency.objects.create(office=commune, name="Phòng Kinh tế", short_name="PKT") if role == "department" else None
    )
    return make_user(f"xa.{role}", ROLES[role], agency=agency, office=commune)


OTHER_OFFICE_ROLES = ["editor", "approver", "clerk", "department", "member", "office_admin"]


def _in_each_state(february, urls):
    """The entries of ``urls`` in the order of the states they are tried in (draft, in review, signed), with
    February moved on between them (nothing a refused request does changes it)."""
    for state in (None, "review", "signed"):
        if state == "review":
            issuing.submit(february, None)
        elif state == "signed":
            issuing.sign(february, None, expected_sha256=issuing.prepare_signing(february).sha256)
        yield from (entry for entry in urls if STATE_FOR.get(entry[0]) == state)


def _request(client, matrix_objects, method, url, data):
    url = url.format(**matrix_objects)
    data = {key.format(**matrix_objects): value.format(**matrix_objects) for key, value in data.items()}
    return getattr(client, method)(url, data)


def _province_rows():
    return (
        list(Item.objects.order_by("pk").values_list("status", flat=True)),
        DossierMark.objects.count(),
        DossierSubmission.objects.count(),
        list(Proposal.objects.order_by("pk").values_list("status", flat=True)),
        list(MonthlyPlan.objects.order_by("pk").values_list("status", "version")),
    )


@pytest.mark.parametrize("role", OTHER_OFFICE_ROLES)
def test_a_role_in_another_office_opens_nothing_of_this_one(client, february, matrix_objects, commune, role):
    """Every role of the commune, on every page of the province's workspace: refused (its own start page
    aside, which leads to the commune), and nothing of the province changes."""
    client.force_login(_commune_user(role, commune))
    before = _province_rows()
    for name, method, url, data in _in_each_state(february, URLS):
        response = _request(client, matrix_objects, method, url, data)
        if name == "home":
            assert response["Location"] == "/van-phong/xa-tan-yen/"
        else:
            assert outcome(response) == FORBIDDEN, name
    assert _province_rows()[:4] == before[:4]


FORGED = [entry for entry in URLS if "{" in entry[2] + "".join(entry[3])]


@pytest.mark.parametrize("role", OTHER_OFFICE_ROLES)
def test_another_offices_ids_under_ones_own_office_are_not_found(client, february, matrix_objects, commune, role):
    """The province's items, files, sessions and proposals, forged into the commune's own addresses by each of
    its roles: never found (or refused before they are looked up), and nothing of the province changes."""
    client.force_login(_commune_user(role, commune))
    before = _province_rows()
    for name, method, url, data in FORGED:
        url = url.replace("/van-phong/bac-giang/", "/van-phong/xa-tan-yen/")
        response = _request(client, matrix_objects, method, url, data)
        assert outcome(response) in (FORBIDDEN, NOT_FOUND), name
    assert _province_rows() == before
