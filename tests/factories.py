"""Small builders for plans in the interchange format, for tests that need other plans."""

import contextlib
import copy

from django.db import transaction

from issuing.services import publish_plan
from programme.services import load_plan
from tests.reference import reference_data


def plan_data(year=2024, month=3, **overrides):
    """A valid plan file for ``year``/``month``: the reference's content moved to that month."""
    data = copy.deepcopy(reference_data())
    data.update(year=year, month=month, title=f"Công tác của UBND tỉnh tháng {month} năm {year}")
    for session in data["regular_sessions"]:
        session["date"] = f"{year:04d}-{month:02d}-{session['date'][8:]}"
    for conference in data["conferences"]:
        conference["date"] = f"{year:04d}-{month:02d}-{conference['date'][8:]}"
    data.update(overrides)
    return data


def two_session_plan():
    """March 2024 with two regular sessions and an agency whose name contains a comma."""
    culture = "Sở Văn hóa, Thể thao và Du lịch"
    data = plan_data(2024, 3)
    data["agencies"].append({"name": culture, "short_name": "Sở VHTTDL"})
    data["regular_sessions"] = [
        {
            "date": "2024-03-05",
            "items": [
                {"title": "Dự thảo Kế hoạch tổ chức Tuần văn hóa - du lịch năm 2024", "agencies": [culture]},
                {"title": "Dự thảo Báo cáo tình hình kinh tế - xã hội quý I", "agencies": ["Sở Kế hoạch và Đầu tư"]},
            ],
        },
        {
            "date": "2024-03-22",
            "time": "08:00",
            "place": "Phòng họp số 1",
            "items": [
                {
                    "title": "Dự thảo Quyết định về lễ hội truyền thống",
                    "agencies": [culture, "Sở Nội vụ", "Công an tỉnh"],
                },
            ],
        },
    ]
    data["conferences"][1]["agencies"] = [culture, "Sở Kế hoạch và Đầu tư"]
    data["number"] = "15"
    data["issue_date"] = "2024-02-28"
    return with_used_agencies(data)


def with_used_agencies(data):
    """Rewrite ``agencies`` as an export writes it: every agency used, in order of first use."""
    short_names = {entry["name"]: entry["short_name"] for entry in data["agencies"]}
    entries = [item for session in data["regular_sessions"] for item in session["items"]]
    entries += data["chairman_items"] + data["conferences"]
    used = dict.fromkeys(name for entry in entries for name in entry["agencies"])
    data["agencies"] = [{"name": name, "short_name": short_names.get(name, name)} for name in used]
    return data


def load_and_publish(data):
    """Load interchange ``data`` as a draft and issue it through the whole chain (submit, sign, seal)
    with the test identities: ``(plan, created)`` as ``load_plan`` returns."""
    plan, created = load_plan(data)
    return publish_plan(plan), created


def months_up_to(count, last=(2025, 7)):
    """``count`` consecutive (year, month), oldest first, ending with ``last``."""
    index = last[0] * 12 + last[1] - 1
    return [(i // 12, i % 12 + 1) for i in range(index - count + 1, index + 1)]


def publish_months(months):
    """``plan_data`` of each (year, month) issued as production issues it (:func:`load_and_publish`):
    ``{(year, month): plan}``. About a second a month (the final render and two signatures): tests
    that share a history build it once (:func:`kept_for_the_group`)."""
    return {month: load_and_publish(plan_data(*month))[0] for month in months}


@contextlib.contextmanager
def kept_for_the_group(django_db_blocker):
    """For a class- or module-scoped fixture: what it writes inside is seen by each test of its group,
    whose own transaction nests in this one, and rolled back after the group's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
