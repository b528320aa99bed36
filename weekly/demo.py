"""The demo's weeks (workspace's demo_setup): each office gets its leaders and a published week 3 of 2024,
built from its issued January with a Monday giao ban added, published by its approver. Running it again
changes nothing."""

import datetime

from django.db import transaction

from weekly.models import Entry, Leader, WeekSettings
from weekly.publishing import last_revision, publish_week
from weekly.services import build_week, save_entry

YEAR, WEEK = 2024, 3
GIAO_BAN = "Giao ban Thường trực"

#: The demo's leaders (fictional people), per office level: (name, title, portfolio, slug).
PROVINCE_LEADERS = [
    ("Nguyễn Văn An", "Chủ tịch UBND tỉnh", "Phụ trách chung", "chu-tich"),
    ("Trần Quốc Bình", "Phó Chủ tịch Thường trực UBND tỉnh", "Kinh tế, tài chính, đầu tư", "pho-chu-tich-thuong-truc"),
    ("Lê Thị Hoa", "Phó Chủ tịch UBND tỉnh", "Văn hóa, xã hội", "pho-chu-tich-van-xa"),
    ("Phạm Minh Đức", "Phó Chủ tịch UBND tỉnh", "Nông nghiệp, tài nguyên, xây dựng", "pho-chu-tich-nong-nghiep"),
]
COMMUNE_LEADERS = [
    ("Hoàng Văn Nam", "Chủ tịch UBND xã", "Phụ trách chung", "chu-tich"),
    ("Nguyễn Thị Hòa", "Phó Chủ tịch UBND xã", "Kinh tế", "pho-chu-tich-kinh-te"),
    ("Trần Văn Long", "Phó Chủ tịch UBND xã", "Văn hóa, xã hội", "pho-chu-tich-van-xa"),
]


def ensure_leaders(office, rows):
    """The office's leaders as ``rows`` list them (kept as they are when they exist)."""
    return [
        Leader.objects.get_or_create(
            office=office, slug=slug, defaults={"name": name, "title": title, "portfolio": portfolio, "order": index}
        )[0]
        for index, (name, title, portfolio, slug) in enumerate(rows)
    ]


@transaction.atomic
def demo_week(office, rows, publisher, *, place, replaces_invitation=False):
    """Week 3 of 2024 of ``office``, published by ``publisher`` (its approver): the revision."""
    leaders = ensure_leaders(office, rows)
    if replaces_invitation:
        WeekSettings.objects.update_or_create(office=office, defaults={"replaces_invitation": True})
    week, _added = build_week(office, YEAR, WEEK)
    if not week.entries.filter(content__startswith=GIAO_BAN).exists():
        save_entry(
            week,
            {
                "date": week.monday,
                "half_day": Entry.HalfDay.MORNING,
                "start_time": datetime.time(7, 30),
                "content": f"{GIAO_BAN} {office.committee} đầu tuần",
                "place": place,
                "participants": "Lãnh đạo Văn phòng",
                "invited_text": "",
                "accompanying": "",
                "recurring": True,
                "leaders": [(leaders[0], "chair")] + [(leader, "attend") for leader in leaders[1:]],
                "agencies": [],
                "invited": [],
            },
            version=week.version,
        )
    revision = last_revision(week)
    if revision is None:
        revision = publish_week(week, publisher, notify=False)
    return revision
