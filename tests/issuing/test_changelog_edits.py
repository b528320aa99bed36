"""A changed item's changelog line says what changed, old → new, once per item (issue 18)."""

import datetime

import pytest
from django.utils import translation

from agenda import dates
from issuing import changelog
from issuing.models import ChangeEntry
from issuing.services import publish_plan
from meetings.models import Item

pytestmark = pytest.mark.django_db


def _conference(amendment):
    return Item.objects.filter(plan=amendment, part=Item.Part.CONFERENCE).order_by("position").first()


def _time(value):
    return dates.time_label(value) if value else "—"


@translation.override("vi")
def test_a_renamed_moved_in_time_and_place_item_shows_each_old_and_new_value_in_one_line(
    client, published_sample, amendment
):
    item = _conference(amendment)
    old_title, old_time, old_place = item.title, item.time, item.place
    item.title, item.time, item.place = "Hội nghị đã đổi tên", datetime.time(14, 0), "Hội trường B"
    item.save()
    expected = (
        f"Nội dung: “{old_title}” → “Hội nghị đã đổi tên”; "
        f"giờ: {_time(old_time)} → 14 giờ 00; "
        f"địa điểm: {old_place or '—'} → Hội trường B"
    )
    # What the signing page shows before issuing, and what the revision keeps.
    [computed] = changelog.compute_changes(published_sample.plan, amendment)
    assert computed.kind == ChangeEntry.Kind.CHANGED and computed.details == expected
    publish_plan(amendment)
    [change] = ChangeEntry.objects.filter(revision__number=2)  # once for the item, not once per field
    assert change.details == expected
    page = client.get("/bac-giang/ke-hoach/2024/01/ban/2/").content.decode()
    assert expected.replace("“", "&ldquo;") in page or expected in page
    assert "Sửa tên nội dung, giờ hoặc địa điểm" not in page


@translation.override("vi")
def test_a_renamed_item_shows_only_its_title_old_and_new(published_sample, amendment):
    item = _conference(amendment)
    old_title = item.title
    item.title = "Tên mới của hội nghị"
    item.save()
    publish_plan(amendment)
    [change] = ChangeEntry.objects.filter(revision__number=2)
    assert change.details == f"Nội dung: “{old_title}” → “Tên mới của hội nghị”"


@translation.override("vi")
def test_a_changelog_stored_before_the_old_and_new_values_still_reads(published_sample):
    entry = ChangeEntry(kind=ChangeEntry.Kind.CHANGED, title="Hội nghị")
    assert entry.details == "Sửa tên nội dung, giờ hoặc địa điểm"
