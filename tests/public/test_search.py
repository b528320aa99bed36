import importlib
import re

import pytest
from django.apps import apps

from agenda.models import Agency
from meetings.models import Item
from programme.services import load_plan
from tests.factories import load_and_publish, plan_data
from tests.public.conftest import page_text
from tests.reference import normalise


def results(client, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    return normalise(page_text(response))


def test_search_without_diacritics_finds_the_item(client, published_sample):
    text = results(client, "phong chong ma tuy")
    assert "1 kết quả" in text
    assert "Kế hoạch công tác phòng, chống ma túy năm 2024 (Công an tỉnh chuẩn bị)" in text


def test_words_match_in_any_order_and_any_case(client, published_sample):
    assert "1 kết quả" in results(client, "MA TUY phong")
    assert "1 kết quả" in results(client, "Phòng Chống Ma Túy")


def test_every_word_must_match(client, published_sample):
    assert "0 kết quả" in results(client, "phong chong ma tuy quoc phong")


def test_agency_names_are_searched_too(client, published_sample):
    text = results(client, "ke hoach dau tu")
    assert "4 kết quả" in text  # three items and the first priority task ("Kế hoạch … ngay từ những ngày đầu năm")
    assert "Dự thảo Kế hoạch triển khai Nghị quyết của Chính phủ" in text  # a Sở KHĐT item
    assert "Hội nghị tổng kết phong trào thi đua" in text  # Sở Nội vụ, Sở KHĐT


def test_agency_short_names_are_searched_too(client, published_sample):
    text = results(client, "bo chqs")
    assert "4 kết quả" in text


def test_results_link_to_the_item_in_its_plan(client, published_sample):
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    html = client.get("/tim-kiem/", {"q": "phong chong ma tuy"}).content.decode()
    assert f'href="/bac-giang/ke-hoach/2024/01/#muc-{item.pk}"' in html


def test_results_show_the_full_title(client, published_sample):
    long_title = Item.objects.get(title__startswith="Kế hoạch tổ chức các hoạt động kỷ niệm 80 năm").title
    assert long_title in results(client, "ky niem 80 nam")


def test_query_matches_the_start_of_words(client, published_sample):
    assert "1 kết quả" in results(client, "chong ma t")
    assert "0 kết quả" in results(client, "uy ma")  # "uy" starts no word next to "ma"


def test_empty_query_gets_a_vietnamese_message(client, published_sample):
    text = results(client, " ,;. ")
    assert "Hãy nhập ít nhất một chữ hoặc số để tìm." in text
    assert "kết quả" not in text


def test_search_page_keeps_what_was_typed(client, published_sample):
    html = client.get("/tim-kiem/", {"q": "phong chong"}).content.decode()
    assert 'value="phong chong"' in html


def test_results_span_all_published_plans_newest_first(client, published_sample):
    load_and_publish(plan_data(2024, 3))
    text = results(client, "phong chong ma tuy")
    assert "2 kết quả" in text
    assert text.index("tháng 3 năm 2024") < text.index("tháng 01 năm 2024")


def test_renaming_an_agency_updates_search(client, published_sample):
    agency = Agency.objects.get(name="Sở Y tế")
    anchor = f"#{Item.objects.get(assignments__agency=agency).anchor}"
    assert anchor not in client.get("/tim-kiem/", {"q": "suc khoe"}).content.decode()  # (two priority tasks)
    agency.short_name = "Sở Sức khỏe"
    agency.save()
    assert anchor in client.get("/tim-kiem/", {"q": "suc khoe"}).content.decode()


def test_changing_an_items_agencies_in_an_amendment_updates_search_once_issued(client, published_sample):
    from issuing.services import publish_plan
    from programme.services import start_amendment

    amendment = start_amendment(published_sample)
    item = amendment.items.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    item.set_agencies([Agency.objects.get(name="Sở Y tế")])  # bulk_create: no signal until issued
    assert "0 kết quả" in results(client, "phong chong ma tuy so y te")
    publish_plan(amendment)
    assert "1 kết quả" in results(client, "phong chong ma tuy so y te")
    assert "0 kết quả" in results(client, "phong chong ma tuy cong an")


def test_removing_an_items_agency_updates_its_search_text(sample_plan):
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    item.assignments.get().delete()
    item.refresh_from_db()
    assert item.search_text == " ke hoach cong tac phong chong ma tuy nam 2024 "


def test_editing_a_title_updates_search(sample_plan):
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    item.title = "Kế hoạch phòng cháy, chữa cháy năm 2024"
    item.save(update_fields=["title"])
    item.refresh_from_db()
    assert item.search_text.startswith(" ke hoach phong chay chua chay nam 2024 ")
    assert " cong an tinh " in item.search_text


@pytest.mark.parametrize(
    ("module", "function"),
    [("0002_item_search_text", "fill_search_text"), ("0006_item_search_vector", "refill_search_text")],
)
def test_migration_fills_search_text_of_existing_items(published_sample, module, function):
    migration = importlib.import_module(f"meetings.migrations.{module}")
    Item.objects.update(search_text="")
    getattr(migration, function)(apps, schema_editor=None)
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    assert item.search_text == " ke hoach cong tac phong chong ma tuy nam 2024 | cong an tinh cong an tinh "


def test_a_loaded_draft_already_has_its_agencies_in_the_search_text(db, reference):
    plan, _created = load_plan(reference)
    item = plan.items.get(title="Kế hoạch công tác phòng, chống ma túy năm 2024")
    assert item.search_text == " ke hoach cong tac phong chong ma tuy nam 2024 | cong an tinh cong an tinh "


def test_setting_agencies_refreshes_the_search_text(sample_plan):
    item = Item.objects.get(title="Kế hoạch công tác phòng, chống ma túy năm 2024")
    item.set_agencies([Agency.objects.get(short_name="Sở KHĐT")])
    item.refresh_from_db()
    assert item.search_text.endswith(" | so ke hoach va dau tu so khdt ")


# Every write of what a search text is made of writes it, the bulk paths included (agenda.content).

DRUG_PLAN = "Kế hoạch công tác phòng, chống ma túy năm 2024"


def test_a_bulk_update_of_titles_or_task_texts_updates_search(sample_plan):
    from agenda.models import PriorityTask

    Item.objects.filter(title=DRUG_PLAN).update(title="Kế hoạch phòng cháy năm 2024")
    assert Item.objects.get(title__startswith="Kế hoạch phòng cháy").search_text == (
        " ke hoach phong chay nam 2024 | cong an tinh cong an tinh "
    )
    task = sample_plan.priority_tasks.first()
    PriorityTask.objects.filter(pk=task.pk).update(text="Đấu giá quyền sử dụng đất")
    assert PriorityTask.objects.get(pk=task.pk).search_text == " dau gia quyen su dung dat "


def test_renaming_agencies_in_bulk_updates_their_items_search_text(sample_plan):
    Agency.objects.filter(name="Công an tỉnh").update(short_name="CA tỉnh Bắc Giang")
    assert Item.objects.get(title=DRUG_PLAN).search_text.endswith(" | cong an tinh ca tinh bac giang ")


def test_agency_rows_written_in_bulk_update_their_items_search_text(sample_plan):
    from meetings.models import ItemAgency

    item = Item.objects.get(title=DRUG_PLAN)
    ItemAgency.objects.filter(item=item).update(agency=Agency.objects.get(short_name="Sở KHĐT"))
    assert Item.objects.get(pk=item.pk).search_text.endswith(" | so ke hoach va dau tu so khdt ")
    other = Item.objects.get(title__startswith="Kế hoạch thực hiện nhiệm vụ quốc phòng")
    ItemAgency.objects.filter(item=item).update(item=other, position=1)  # moved: both items change
    assert Item.objects.get(pk=item.pk).search_text == " ke hoach cong tac phong chong ma tuy nam 2024 "
    assert Item.objects.get(pk=other.pk).search_text.endswith(" bo chqs tinh so ke hoach va dau tu so khdt ")
    ItemAgency.objects.filter(item=other, position=1).delete()
    assert Item.objects.get(pk=other.pk).search_text.endswith(" bo chqs tinh ")


def test_the_sample_fixture_holds_the_search_texts_its_rows_make(sample_plan):
    """A fixture or a backup loads as written (raw saves): its search texts must be the ones writes make."""
    from agenda.models import PriorityTask
    from meetings.search import search_text

    for item in Item.objects.with_agencies():
        assert item.search_text == search_text(item.title, item.ordered_agencies)
    for task in PriorityTask.objects.all():
        assert task.search_text == task.derived_search_text()


# Part A, ranking, highlighting (issue 11).

TASK_WORDS = "tuyen quan"  # only in the fifth priority task of the sample: "công tác tuyển quân năm 2024"


def test_priority_tasks_are_found_and_link_to_their_paragraph(client, published_sample):
    task = published_sample.priority_tasks.get(text__contains="tuyển quân")
    assert (
        _found(client, TASK_WORDS)[0] == f"/bac-giang/ke-hoach/2024/01/#nhiem-vu-{task.pk}"
    )  # then "tuyển dụng, quản lý"…
    assert "Nhiệm vụ trọng tâm" in results(client, TASK_WORDS)
    assert f'id="nhiem-vu-{task.pk}"' in client.get("/bac-giang/ke-hoach/2024/01/").content.decode()


def test_a_long_priority_task_is_shown_around_the_words_found(client, sample_plan):
    from issuing.services import publish_plan

    task = sample_plan.priority_tasks.get(text__contains="tuyển quân")
    task.text = "Mở đầu. " + "Nội dung rất dài của nhiệm vụ. " * 40 + "Tổ chức tốt công tác tuyển quân năm 2024."
    task.save()  # while a draft: an issued plan's tasks do not change (agenda.models.PlanContent)
    publish_plan(sample_plan)
    html = client.get("/tim-kiem/", {"q": TASK_WORDS}).content.decode()
    assert "<mark>tuyển</mark> <mark>quân</mark> năm 2024." in html
    assert "Mở đầu" not in html
    assert re.search(r"… [^<]*nhiệm vụ\. Tổ chức tốt", html)


def test_a_priority_task_edited_or_created_in_bulk_is_searchable(sample_plan):
    from agenda.models import PriorityTask

    task = sample_plan.priority_tasks.first()
    task.text = "Phòng cháy, chữa cháy rừng mùa khô"
    task.save(update_fields=["text"])
    task.refresh_from_db()
    assert task.search_text == " phong chay chua chay rung mua kho "
    [created] = PriorityTask.objects.bulk_create([PriorityTask(plan=sample_plan, position=9, text="Đấu giá đất")])
    assert PriorityTask.objects.get(pk=created.pk).search_text == " dau gia dat "


def test_migration_fills_search_text_of_existing_priority_tasks(published_sample):
    from agenda.models import PriorityTask

    migration = importlib.import_module("agenda.migrations.0009_prioritytask_search_text")
    PriorityTask.objects.update(search_text="")
    migration.fill_search_text(apps, schema_editor=None)
    task = PriorityTask.objects.get(text__contains="tuyển quân")
    assert task.search_text.startswith(" trien khai thuc hien tot cong tac tuyen quan nam 2024 ")


def only_chairman_items(chairman, tasks=()):
    return plan_data(2024, 3, priority_tasks=list(tasks), regular_sessions=[], conferences=[], chairman_items=chairman)


RANKED = [
    ("Kế hoạch đầu tư công năm 2024", "Sở Tư pháp"),  # the words as typed, in the title: 4 + 4 points
    ("Kế hoạch đầu tư trung hạn", None),  # a priority task with the words as typed: 4 (part A first on a tie)
    ("Kế hoạch phát triển nông thôn, đầu tư hạ tầng giao thông", "Sở Tư pháp"),  # all in the title: 4
    ("Kế hoạch phát triển du lịch năm 2024", "Sở Kế hoạch và Đầu tư"),  # two in the title: 2
    ("Xây dựng kế hoạch vốn, ưu tiên đầu tư cho giao thông", None),  # a task with the words apart: 0
    ("Báo cáo tình hình thu chi ngân sách", "Sở Kế hoạch và Đầu tư"),  # by the agency's name alone: 0
]


def test_results_are_ranked_title_phrase_first_agency_name_last(client, db):
    chairman = [{"title": title, "agencies": [agency]} for title, agency in reversed(RANKED) if agency]
    tasks = [title for title, agency in reversed(RANKED) if agency is None]
    load_and_publish(only_chairman_items(chairman, tasks))
    text = results(client, "ke hoach dau tu")
    assert "6 kết quả" in text
    positions = [text.index(title) for title, _agency in RANKED]
    assert positions == sorted(positions), positions
    # (ties: the same plan, so part A first, then the document's order)


def test_equally_ranked_results_come_newest_plan_first(client, published_sample):
    load_and_publish(plan_data(2024, 3))
    # In each plan the task ("tuyển quân": the words as typed) and two items ("tuyển dụng, quản lý…",
    # "cơ quan… tuyến trọng điểm": both words in the title) score 2 points each.
    found = _found(client, TASK_WORDS)
    months = [link[len("/bac-giang/ke-hoach/") : len("/bac-giang/ke-hoach/2024/01")] for link in found]
    assert months == ["2024/03"] * 3 + ["2024/01"] * 3
    assert "#nhiem-vu-" in found[0] and "#nhiem-vu-" in found[3]  # part A first


def test_words_found_are_highlighted_in_the_title_whatever_the_diacritics(client, published_sample):
    html = client.get("/tim-kiem/", {"q": "PHONG chông ma tu"}).content.decode()
    assert "Kế hoạch công tác <mark>phòng</mark>, <mark>chống</mark> <mark>ma</mark> <mark>tú</mark>y năm 2024" in html
    html = client.get("/tim-kiem/", {"q": "ke hoach dau tu"}).content.decode()
    assert "(Sở <mark>Kế</mark> <mark>hoạch</mark> và <mark>Đầu</mark> <mark>tư</mark> chuẩn bị)" in html


def test_titles_with_html_special_characters_are_escaped_around_the_marks(client, db):
    title = 'Đề án <script>alert("x")</script> & <b>đầu tư</b> “công” a<mark>b'
    chairman = [{"title": title, "agencies": ["Sở Tư pháp"]}]
    load_and_publish(only_chairman_items(chairman))
    html = client.get("/tim-kiem/", {"q": "dau tu script b"}).content.decode()
    assert "<script>alert" not in html and "<b>" not in html and "a<mark>b" not in html
    assert (
        "Đề án &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; "
        "&lt;<mark>b</mark>&gt;<mark>đầu</mark> <mark>tư</mark>&lt;/<mark>b</mark>&gt; "
        "“công” a&lt;mark&gt;<mark>b</mark>"
    ) in html


@pytest.mark.parametrize(
    "query",
    ["ma & tuy | !phong", "'ma':* tuy", "ma\\ tuy (phong)", "ma <-> tuy", "ma:A tuy", "ma tuy'); DROP TABLE x; --"],
)
def test_query_syntax_typed_in_the_box_is_only_words(client, published_sample, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    expected = len(set(_found(client, "ma tuy")) & set(_found(client, query)))
    assert expected == len(_found(client, query))


def _found(client, query):
    """The results' links, in order."""
    html = client.get("/tim-kiem/", {"q": query}).content.decode()
    return re.findall(r'class="search-result">\s*<a href="([^"]+)"', html)


def test_tsquery_refuses_anything_but_words():
    from meetings.search import tsquery

    assert tsquery(["ke", "hoach"]) == "'ke':* & 'hoach':*"
    assert tsquery(["ke", "hoach"], operator="<->", weight="A") == "'ke':*A <-> 'hoach':*A"
    for word in ["a'b", "a b", "a:*", "a&b", "", "a\\"]:
        with pytest.raises(ValueError):
            tsquery([word])


def test_prefix_match_ignores_diacritics_and_case_on_this_database(client, published_sample):
    assert "1 kết quả" in results(client, "KẾ HOẠCH CÔNG TÁC PHÒNG, CHỐNG MA TÚ")
    assert "1 kết quả" in results(client, "ke hoach cong tac phong chong ma tu")
    assert "1 kết quả" in results(client, "kê hoách công tac phong chông ma tu")  # diacritics typed wrong
    assert "0 kết quả" in results(client, "ke hoach cong tac phong chong ma tuyen")


def test_on_postgresql_search_reads_the_full_text_vector_and_its_gin_index(published_sample):
    from django.db import connection

    from agenda.models import PriorityTask
    from meetings.search import VectorMatch
    from public.queries import SearchHits

    if connection.vendor != "postgresql":
        pytest.skip("the full-text vector exists on PostgreSQL only")
    hits = SearchHits("phong chong ma tuy")
    sql, _params = hits.ranked().query.sql_with_params()
    assert """"search_vector" @@ to_tsquery('simple', %s)""" in sql and "LIKE" not in sql
    plans = []
    for model in (Item, PriorityTask):
        sql, params = model.objects.filter(VectorMatch(hits.words)).order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show the index
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert "Bitmap Index Scan on meetings_item_search_vector_gin" in plans[0]
    assert "Bitmap Index Scan on agenda_prioritytask_search_vector_gin" in plans[1]
    # The database keeps the vector from search_text: title words weigh A, agency words B.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM meetings_item WHERE search_text LIKE %s", ["% phong chong ma tuy %"]
        )
        [(vector,)] = cursor.fetchall()
    assert "'tuy':8A" in vector and "'cong':3A,11B,14B" in vector
