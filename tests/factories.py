"""Small builders for plans in the interchange format, for tests that need other plans."""

import copy

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
    from issuing.services import publish_plan
    from programme.services import load_plan

    plan, created = load_plan(data)
    return publish_plan(plan), created


def load_as_published(data):
    """Load interchange ``data`` and mark it published without the signing chain: for tests of the
    reading pages that need many months of history quickly (no revision, no PDF). Returns the plan."""
    import datetime

    from agenda.models import MonthlyPlan
    from programme.services import load_plan

    plan, _created = load_plan(data)
    published_at = datetime.datetime(plan.year, plan.month, 1, tzinfo=datetime.UTC)
    MonthlyPlan.objects.filter(pk=plan.pk).update(status=MonthlyPlan.Status.PUBLISHED, published_at=published_at)
    plan.refresh_from_db()
    return plan
