import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agenda.models import Agency, MonthlyPlan, Office, PriorityTask
from issuing.services import publish_plan
from meetings.models import Item, ItemAgency, RegularSession
from programme.errors import PlanError
from programme.services import copy_plan, start_amendment


@pytest.fixture
def plan(db):
    return MonthlyPlan.objects.create(year=2024, month=3, signer_name="Lê Tuấn Phú", recipients="Lưu: VT, TH")


@pytest.fixture
def agency(db):
    return Agency.objects.create(name="Sở Kế hoạch và Đầu tư", short_name="Sở KHĐT")


def messages_of(error, field="__all__"):
    return error.value.message_dict[field] if hasattr(error.value, "message_dict") else error.value.messages


def test_session_date_outside_the_plans_month_is_refused_with_a_message(plan):
    session = RegularSession(plan=plan, date=datetime.date(2024, 4, 2))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert messages_of(error, "date") == ["Ngày 02/4/2024 không thuộc tháng 3 năm 2024."]


def test_conference_date_outside_the_plans_month_is_refused_with_a_message(plan):
    conference = Item(plan=plan, part=Item.Part.CONFERENCE, date=datetime.date(2024, 2, 29), title="Hội nghị")
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert messages_of(error, "date") == ["Ngày 29/02/2024 không thuộc tháng 3 năm 2024."]


def test_conference_needs_a_date(plan):
    with pytest.raises(ValidationError) as error:
        Item(plan=plan, part=Item.Part.CONFERENCE, title="Hội nghị").full_clean()
    assert messages_of(error, "date") == ["Hãy nhập ngày diễn ra hội nghị."]


def test_session_item_needs_a_session_of_the_same_plan(plan):
    other = MonthlyPlan.objects.create(year=2024, month=4)
    other_session = RegularSession.objects.create(plan=other, date=datetime.date(2024, 4, 19))
    with pytest.raises(ValidationError) as error:
        Item(plan=plan, part=Item.Part.SESSION, title="Dự thảo").full_clean()
    assert messages_of(error, "session") == ["Hãy chọn phiên họp cho nội dung này."]
    with pytest.raises(ValidationError) as error:
        Item(plan=plan, part=Item.Part.SESSION, session=other_session, title="Dự thảo").full_clean()
    assert messages_of(error, "session") == ["Phiên họp này thuộc chương trình khác."]


@pytest.mark.parametrize("part", [Item.Part.SESSION, Item.Part.CHAIRMAN])
def test_session_and_chairman_items_need_at_least_one_agency(plan, part):
    item = Item(plan=plan, part=part)
    with pytest.raises(ValidationError) as error:
        item.validate_agencies([])
    assert error.value.messages == [
        "Nội dung trình phiên họp hoặc trình Chủ tịch phải có ít nhất một cơ quan chuẩn bị."
    ]


def test_conference_may_have_no_agency(plan):
    Item(plan=plan, part=Item.Part.CONFERENCE).validate_agencies([])


def test_an_agency_is_named_once_per_item(plan, agency):
    with pytest.raises(ValidationError) as error:
        Item(plan=plan, part=Item.Part.CHAIRMAN).validate_agencies([agency, agency])
    assert error.value.messages == ["Mỗi cơ quan chỉ ghi một lần cho một nội dung."]


def test_second_plan_for_the_same_month_is_refused_with_a_message(plan):
    with pytest.raises(ValidationError) as error:
        MonthlyPlan(year=2024, month=3).full_clean()
    assert "Đã có chương trình tháng 3 năm 2024." in error.value.messages


def test_the_database_refuses_a_second_working_plan_for_a_month(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyPlan.objects.create(year=2024, month=3)


def test_the_database_refuses_a_month_13(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyPlan.objects.create(year=2024, month=13)


def test_the_database_refuses_a_conference_without_date(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(plan=plan, part=Item.Part.CONFERENCE, title="Hội nghị")


def test_set_agencies_keeps_the_order_lead_first(plan, agency):
    interior = Agency.objects.create(name="Sở Nội vụ", short_name="Sở Nội vụ")
    item = Item.objects.create(plan=plan, part=Item.Part.CHAIRMAN, title="Đề án")
    item.set_agencies([interior, agency])
    assert [a.short_name for a in Item.objects.with_agencies().get().ordered_agencies] == ["Sở Nội vụ", "Sở KHĐT"]
    item.set_agencies([agency, interior])
    assert [a.short_name for a in Item.objects.with_agencies().get().ordered_agencies] == ["Sở KHĐT", "Sở Nội vụ"]


def test_titles_are_stored_without_their_final_punctuation(plan):
    item = Item.objects.create(plan=plan, part=Item.Part.CHAIRMAN, title=" Kế hoạch tuyên truyền CCHC; ")
    assert item.title == "Kế hoạch tuyên truyền CCHC"


def test_agency_slug_is_ascii_and_unique(db):
    first = Agency.objects.create(name="Sở Kế hoạch và Đầu tư", short_name="Sở KHĐT")
    second = Agency.objects.create(name="Sở Kế hoạch và Đầu Tư", short_name="Sở KH-ĐT")
    assert first.slug == "so-ke-hoach-va-dau-tu"
    assert second.slug == "so-ke-hoach-va-dau-tu-2"
    assert first.get_absolute_url() == "/bac-giang/co-quan/so-ke-hoach-va-dau-tu/"


def test_every_model_reads_well_as_text(plan, agency):
    session = RegularSession.objects.create(plan=plan, date=datetime.date(2024, 3, 22))
    item = Item.objects.create(plan=plan, part=Item.Part.SESSION, session=session, title="Dự thảo Quyết định")
    assignment = ItemAgency.objects.create(item=item, agency=agency)
    task = PriorityTask.objects.create(plan=plan, text="Tập trung triển khai.")
    assert str(plan) == "Công tác của UBND tỉnh tháng 3 năm 2024"
    assert str(session) == "Phiên họp thường kỳ ngày 22/3/2024 (thứ Sáu)"
    assert str(item) == "Dự thảo Quyết định"
    assert str(assignment) == "Sở Kế hoạch và Đầu tư — Dự thảo Quyết định"
    assert str(task) == "Tập trung triển khai."
    assert str(agency) == "Sở Kế hoạch và Đầu tư"
    assert str(Office.objects.get_solo()) == "VĂN PHÒNG UBND TỈNH BẮC GIANG"


def test_the_first_office_stays_the_installations_own_when_another_is_added(db):
    office = Office.objects.get_solo()
    office.place = "Lạng Sơn"
    office.save()
    Office(parent_body="UBND TỈNH KHÁC", place="Khác").save()
    assert Office.objects.count() == 2
    assert Office.objects.get_solo().place == "Lạng Sơn"
    assert Office.objects.get(place="Khác").slug == "khac"


def test_header_date_is_the_issue_date_or_else_the_local_publication_date(sample_plan):
    assert sample_plan.header_date is None
    # 20:30 UTC on 28/12 is already 29/12 in Vietnam (UTC+7).
    sample_plan.published_at = datetime.datetime(2023, 12, 28, 20, 30, tzinfo=datetime.UTC)
    assert sample_plan.header_date == datetime.date(2023, 12, 29)
    sample_plan.issue_date = datetime.date(2023, 12, 28)
    assert sample_plan.header_date == datetime.date(2023, 12, 28)


def test_publishing_refuses_an_incomplete_plan(plan):
    plan.signer_name = ""
    plan.save()
    with pytest.raises(PlanError) as error:
        publish_plan(plan)
    assert "Chương trình chưa có nội dung." in str(error.value)
    assert "Chưa ghi họ tên người ký." in str(error.value)
    plan.refresh_from_db()
    assert plan.status == MonthlyPlan.Status.DRAFT


def test_publishing_twice_is_refused(sample_plan):
    publish_plan(sample_plan)
    with pytest.raises(PlanError, match="đã được ban hành"):
        publish_plan(sample_plan)


def test_an_amendment_is_a_working_copy_and_issuing_it_supersedes_the_original(sample_plan):
    published = publish_plan(sample_plan)
    amendment = start_amendment(published)
    assert amendment.pk != published.pk and amendment.amends == published
    assert amendment.status == MonthlyPlan.Status.DRAFT
    assert amendment.items.count() == published.items.count() == 24
    assert set(amendment.items.values_list("uid", flat=True)) == set(published.items.values_list("uid", flat=True))
    assert start_amendment(published) == amendment  # one working copy at a time
    assert MonthlyPlan.objects.published().get(year=2024, month=1) == published

    publish_plan(amendment)
    published.refresh_from_db()
    assert published.status == MonthlyPlan.Status.SUPERSEDED
    assert MonthlyPlan.objects.published().get(year=2024, month=1) == amendment


def test_copying_to_the_next_month_gives_new_item_identities(sample_plan):
    copy = copy_plan(sample_plan, year=2024, month=2, with_items=False)
    assert copy.items.count() == 0
    assert copy.recipients == sample_plan.recipients
    assert copy.signer == sample_plan.signer
    assert copy.display_title == "Công tác của UBND tỉnh tháng 02 năm 2024"


def test_agencies_with_long_names_alike_get_distinct_slugs_within_the_column(db):
    """Found by the property-based tests on PostgreSQL: the "-2" suffix made an 82-character slug."""
    from agenda.models import Agency

    first = Agency.objects.create(name="Đ " * 45 + "một")
    second = Agency.objects.create(name="Đ " * 45 + "hai")
    assert first.slug != second.slug
    assert max(len(first.slug), len(second.slug)) <= Agency._meta.get_field("slug").max_length
