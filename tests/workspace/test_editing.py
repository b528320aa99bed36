"""The editing page: saving, refusals that keep the input, concurrent edits, amendments, preview."""

import re

import pytest
from django.test import Client

from agenda.models import Agency, MonthlyPlan
from meetings.models import Item
from tests.factories import plan_data
from tests.workspace.conftest import editing_page, save
from tests.workspace.forms import FormData, form_fields

FEB = "/van-phong/bac-giang/ke-hoach/2024/02/"


def add_form(data, prefix, fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(f"{prefix}-{index}-{name}", value)
        else:
            data[f"{prefix}-{index}-{name}"] = value
    return index


def test_saving_the_page_unchanged_keeps_the_plan_and_bumps_its_version(client, editor, february):
    client.force_login(editor)
    before = [(item.title, [a.pk for a in item.ordered_agencies]) for item in february.items.all()]
    response = save(client, february, editing_page(client, february))
    assert response.status_code == 302
    february.refresh_from_db()
    assert february.version == 2
    assert [(item.title, [a.pk for a in item.ordered_agencies]) for item in february.items.all()] == before


def test_saving_the_page_unchanged_rewrites_no_item(client, editor, february):
    client.force_login(editor)
    assert Item.objects.filter(plan=february, part="session").count() == 2
    before = Item.history.count()
    assert save(client, february, editing_page(client, february)).status_code == 302
    assert Item.history.count() == before  # an unchanged session choice is not a change (it was, on every save)
    data = editing_page(client, february)
    data["items-session-0-title"] += " (sửa)"
    assert save(client, february, data).status_code == 302
    assert Item.history.count() == before + 1


def test_conference_with_two_agencies_keeps_their_order_lead_first(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    interior, planning = Agency.objects.get(name="Sở Nội vụ"), Agency.objects.get(short_name="Sở KHĐT")
    add_form(
        data,
        "items-conference",
        {"title": "Hội nghị sơ kết", "date": "2024-02-20", "agencies": [str(interior.pk), str(planning.pk)]},
    )
    assert save(client, february, data).status_code == 302
    conference = Item.objects.get(plan=february, part="conference")
    assert conference.ordered_agencies == [interior, planning]
    assert conference.date.isoformat() == "2024-02-20"


def test_conference_outside_the_month_is_refused_next_to_its_date_and_nothing_is_lost(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["plan-signer_name"] = "Nguyễn Văn Bình"
    add_form(data, "items-conference", {"title": "Hội nghị tháng sau", "date": "2024-03-04"})
    response = save(client, february, data)
    assert response.status_code == 200
    assert "Ngày 04/3/2024 không thuộc tháng 02 năm 2024." in response.text
    kept = FormData(form_fields(response.content))
    assert kept["items-conference-0-title"] == "Hội nghị tháng sau"
    assert kept["plan-signer_name"] == "Nguyễn Văn Bình"
    february.refresh_from_db()
    assert february.signer_name == "Lê Tuấn Phú" and february.version == 1


def test_session_item_without_agency_is_refused_in_vietnamese(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data.setlist("items-session-0-agencies", [])
    response = save(client, february, data)
    assert "phải có ít nhất một cơ quan chuẩn bị" in response.text
    assert Item.objects.get(plan=february, position=0, part="session").ordered_agencies


def test_an_agency_cannot_be_named_twice_on_one_item(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data.setlist("items-session-0-agencies", data.getlist("items-session-0-agencies") * 2)
    assert "Mỗi cơ quan chỉ ghi một lần cho một nội dung." in save(client, february, data).text


def test_items_are_reordered_and_removed(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    first, second = data["items-session-0-title"], data["items-session-1-title"]
    data["items-session-0-ORDER"], data["items-session-1-ORDER"] = "2", "1"
    assert save(client, february, data).status_code == 302
    assert [item.title for item in Item.objects.filter(plan=february).order_by("position")] == [second, first]

    data = editing_page(client, february)
    data["items-session-0-DELETE"] = "on"
    assert save(client, february, data).status_code == 302
    assert [item.title for item in Item.objects.filter(plan=february)] == [first]


def test_priority_tasks_and_sessions_are_added(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    add_form(data, "tasks", {"text": "Tập trung chỉ đạo đón Tết Nguyên đán an toàn.", "ORDER": "1"})
    add_form(data, "sessions", {"date": "2024-02-28", "time": "08:00", "place": "Phòng họp số 1"})
    assert save(client, february, data).status_code == 302
    assert february.priority_tasks.get().text == "Tập trung chỉ đạo đón Tết Nguyên đán an toàn."
    assert [s.date.day for s in february.sessions.order_by("date")] == [19, 28]


def test_removing_a_session_that_still_has_items_is_refused(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["sessions-0-DELETE"] = "on"
    response = save(client, february, data)
    assert "Phiên họp này đang bị xóa" in response.text
    assert february.sessions.count() == 1


def test_second_save_with_a_stale_version_is_refused_and_keeps_the_input(client, editor, approver, february):
    other = Client()
    other.force_login(approver)
    client.force_login(editor)
    mine, theirs = editing_page(client, february), editing_page(other, february)

    theirs["items-session-0-title"] = "Sửa của lãnh đạo"
    assert save(other, february, theirs).status_code == 302

    mine["items-session-0-title"] = "Sửa của chuyên viên"
    response = save(client, february, mine)
    assert response.status_code == 200
    assert "vừa được người khác lưu" in response.text
    assert FormData(form_fields(response.content))["items-session-0-title"] == "Sửa của chuyên viên"
    assert Item.objects.get(plan=february, part="session", position=0).title == "Sửa của lãnh đạo"
    february.refresh_from_db()
    assert february.version == 2


def test_an_issued_plan_is_amended_through_a_working_copy(client, editor, published_january):
    client.force_login(editor)
    january = "/van-phong/bac-giang/ke-hoach/2024/01/"
    page = client.get(january)
    assert 'id="plan-form"' not in page.text and "Tạo bản điều chỉnh" in page.text
    assert client.post(january, {"plan-title": "Sửa thẳng"}).status_code == 403

    response = client.post(january + "dieu-chinh/", {"reason": "Lùi phiên họp sang ngày 26/01/2024"})
    working = MonthlyPlan.objects.working().get(year=2024, month=1)
    assert response["Location"] == january
    assert working.amends == published_january
    assert working.amendment_reason == "Lùi phiên họp sang ngày 26/01/2024"
    data = editing_page(client, working)
    data["sessions-0-date"] = "2024-01-26"
    assert save(client, working, data).status_code == 302
    published_january.refresh_from_db()
    assert published_january.status == "published"
    assert published_january.sessions.get().date.day == 19
    assert working.sessions.get().date.day == 26


def test_amending_without_a_reason_is_refused(client, editor, published_january):
    client.force_login(editor)
    client.post("/van-phong/bac-giang/ke-hoach/2024/01/dieu-chinh/", {"reason": ""})
    assert not MonthlyPlan.objects.working().exists()


def test_live_preview_renders_the_unsaved_form_and_saves_nothing(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-0-title"] = "Nội dung đang gõ dở"
    response = client.post(FEB + "xem-truoc/", data.encode())
    assert "1. Nội dung đang gõ dở (Sở Kế hoạch và Đầu tư chuẩn bị);" in response.text
    february.refresh_from_db()
    assert february.version == 1
    assert not Item.objects.filter(title="Nội dung đang gõ dở").exists()
    assert not Item.history.filter(title="Nội dung đang gõ dở").exists()


def test_live_preview_of_an_invalid_form_says_so(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-0-title"] = ""
    assert "Chưa xem trước được" in client.post(FEB + "xem-truoc/", data.encode()).text


def test_live_preview_of_an_invalid_form_names_each_field_in_error_and_its_row(client, editor, february):
    client.force_login(editor)
    data = editing_page(client, february)
    data["items-session-1-title"] = ""
    data.setlist("items-session-0-agencies", ["999999"])
    page = client.post(FEB + "xem-truoc/", data.encode()).text
    text = re.sub(r"<[^>]+>", "", page)
    assert "biểu mẫu còn 2 lỗi" in text
    assert "B.I, nội dung 1 — Cơ quan chuẩn bị (cơ quan chủ trì đứng đầu): Cơ quan đã chọn không còn" in text
    assert "B.I, nội dung 2 — Nội dung: Hãy nhập nội dung." in text
    assert 'href="#div_id_items-session-1-title"' in page  # each names a link to the field on the page


def test_live_preview_of_a_stale_page_says_someone_saved_it_instead_of_zero_errors(client, editor, approver, february):
    other = Client()
    other.force_login(approver)
    client.force_login(editor)
    mine, theirs = editing_page(client, february), editing_page(other, february)
    assert save(other, february, theirs).status_code == 302

    mine["items-session-0-title"] = "Nội dung đang gõ dở"
    text = re.sub(r"<[^>]+>", "", client.post(FEB + "xem-truoc/", mine.encode()).text)
    assert "biểu mẫu còn 1 lỗi" in text and "vừa được người khác lưu" in text
    assert "còn 0 lỗi" not in text


def test_preview_page_renders_the_document_rules(client, editor, february):
    client.force_login(editor)
    response = client.get(FEB + "xem-truoc/")
    assert "I. Hội nghị UBND tỉnh thường kỳ: Ngày 19/02/2024 (thứ Hai)" in response.text
    assert "(Sở Ngoại vụ chuẩn bị)./." in response.text


def test_agency_search_understands_short_names_and_text_without_diacritics(client, editor, sample_plan):
    client.force_login(editor)
    names = lambda q: [r["short_name"] for r in client.get("/van-phong/bac-giang/co-quan/", {"q": q}).json()["results"]]  # noqa: E731
    assert names("khdt") == ["Sở KHĐT"]
    assert names("ke hoach dau tu") == ["Sở KHĐT"]
    assert "Sở Nội vụ" in names("noi vu")
    assert "Công an tỉnh" in names("CÔNG AN")


def test_weekday_and_holiday_hints_are_precomputed_for_the_month(client, editor, february):
    client.force_login(editor)
    response = client.get(FEB)
    hints = response.context["date_info"]
    assert hints["2024-02-19"] == {"label": "Ngày 19/02/2024 (thứ Hai)", "warnings": []}
    assert any("nghỉ lễ" in warning for warning in hints["2024-02-12"]["warnings"])
    assert len(hints) == 29


def _plan_of_size(load_plan, copies):
    data = plan_data(2024, 3)
    data["chairman_items"] = data["chairman_items"] * copies
    data["regular_sessions"][0]["items"] = data["regular_sessions"][0]["items"] * copies
    plan, _created = load_plan(data)
    return plan


@pytest.mark.parametrize("copies", [1, 20])
def test_editing_page_runs_a_fixed_number_of_queries(client, editor, db, django_assert_num_queries, copies):
    from programme.services import load_plan

    plan = _plan_of_size(load_plan, copies)
    client.force_login(editor)
    client.get("/van-phong/bac-giang/ke-hoach/2024/03/")  # warm the session
    with django_assert_num_queries(19):
        response = client.get("/van-phong/bac-giang/ke-hoach/2024/03/")
    assert response.status_code == 200
    assert plan.items.count() >= 12 * copies


@pytest.mark.parametrize("copies", [1, 4])
@pytest.mark.parametrize(
    ("suffix", "published", "count"),
    [("", True, 10), ("xem-truoc/", False, 10), ("lich-su/", False, 11)],
    ids=["issued-plan-page", "preview", "history"],
)
def test_plan_pages_run_a_fixed_number_of_queries(
    client, approver, db, django_assert_num_queries, copies, suffix, published, count
):
    from programme.services import load_plan

    _plan_of_size(load_plan, copies)
    if published:
        from issuing.services import publish_plan

        publish_plan(MonthlyPlan.objects.get(year=2024, month=3))
    client.force_login(approver)
    url = f"/van-phong/bac-giang/ke-hoach/2024/03/{suffix}"
    client.get(url)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("copies", [1, 4])
def test_dossier_page_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries, copies):
    from access.permissions import DEPARTMENT_GROUP
    from programme.services import load_plan
    from tests.workspace.conftest import make_user

    _plan_of_size(load_plan, copies)
    user = make_user("sokhdt", DEPARTMENT_GROUP, agency=Agency.objects.get(name="Sở Kế hoạch và Đầu tư"))
    client.force_login(user)
    client.get("/van-phong/bac-giang/ho-so/")
    # 10, the items' uploaded dossiers (dossiers.services.dossier_rows), the years of the links to older plans
    with django_assert_num_queries(9):
        assert client.get("/van-phong/bac-giang/ho-so/").status_code == 200


@pytest.mark.parametrize("months", [1, 3])
def test_plan_list_runs_a_fixed_number_of_queries(client, editor, db, django_assert_num_queries, months):
    from programme.services import load_plan

    for month in range(1, months + 1):
        load_plan(plan_data(2024, month))
    client.force_login(editor)
    client.get("/van-phong/bac-giang/")
    with django_assert_num_queries(6):
        assert client.get("/van-phong/bac-giang/").status_code == 200
