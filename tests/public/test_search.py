import importlib

from django.apps import apps

from agenda.models import Agency
from agenda.services import load_plan
from meetings.models import Item
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
    assert "3 kết quả" in text
    assert "Dự thảo Kế hoạch triển khai Nghị quyết của Chính phủ" in text  # a Sở KHĐT item
    assert "Hội nghị tổng kết phong trào thi đua" in text  # Sở Nội vụ, Sở KHĐT


def test_agency_short_names_are_searched_too(client, published_sample):
    text = results(client, "bo chqs")
    assert "4 kết quả" in text


def test_results_link_to_the_item_in_its_plan(client, published_sample):
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    html = client.get("/tim-kiem/", {"q": "phong chong ma tuy"}).content.decode()
    assert f'href="/ke-hoach/2024/01/#muc-{item.pk}"' in html


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
    agency.short_name = "Sở Sức khỏe"
    agency.save()
    assert "1 kết quả" in results(client, "suc khoe")


def test_changing_an_items_agencies_in_an_amendment_updates_search_once_issued(client, published_sample):
    from agenda.services import start_amendment
    from issuing.services import publish_plan

    amendment = start_amendment(published_sample)
    item = amendment.items.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    item.set_agencies([Agency.objects.get(name="Sở Y tế")])  # bulk_create: no signal until issued
    assert "0 kết quả" in results(client, "phong chong ma tuy so y te")
    publish_plan(amendment)
    assert "1 kết quả" in results(client, "phong chong ma tuy so y te")
    assert "0 kết quả" in results(client, "phong chong ma tuy cong an")


def test_removing_an_items_agency_updates_its_search_text(published_sample):
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    item.assignments.get().delete()
    item.refresh_from_db()
    assert item.search_text == " ke hoach cong tac phong chong ma tuy nam 2024 "


def test_editing_a_title_updates_search(published_sample):
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    item.title = "Kế hoạch phòng cháy, chữa cháy năm 2024"
    item.save(update_fields=["title"])
    item.refresh_from_db()
    assert item.search_text.startswith(" ke hoach phong chay chua chay nam 2024 ")
    assert " cong an tinh " in item.search_text


def test_migration_fills_search_text_of_existing_items(published_sample):
    migration = importlib.import_module("meetings.migrations.0002_item_search_text")
    Item.objects.update(search_text="")
    migration.fill_search_text(apps, schema_editor=None)
    item = Item.objects.get(title__startswith="Kế hoạch công tác phòng, chống ma túy")
    assert item.search_text == " ke hoach cong tac phong chong ma tuy nam 2024 cong an tinh cong an tinh "


def test_a_loaded_draft_already_has_its_agencies_in_the_search_text(db, reference):
    plan, _created = load_plan(reference)
    item = plan.items.get(title="Kế hoạch công tác phòng, chống ma túy năm 2024")
    assert item.search_text == " ke hoach cong tac phong chong ma tuy nam 2024 cong an tinh cong an tinh "


def test_setting_agencies_refreshes_the_search_text(published_sample):
    item = Item.objects.get(title="Kế hoạch công tác phòng, chống ma túy năm 2024")
    item.set_agencies([Agency.objects.get(short_name="Sở KHĐT")])
    item.refresh_from_db()
    assert item.search_text.endswith(" so ke hoach va dau tu so khdt ")
