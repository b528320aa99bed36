"""Plans constructed for the round trips: each exercises something the layout must carry."""

from agenda.document_fields import DEFAULT_HEADINGS
from tests.factories import plan_data, two_session_plan, with_used_agencies
from tests.importing.conftest import CULTURE

POST_2025_HEADINGS = {
    **DEFAULT_HEADINGS,
    "regular_sessions": "Phiên họp UBND tỉnh thường kỳ",
    "conferences": "Hội nghị với các sở, ngành; UBND các xã, phường",
}


def without_time_and_place(data):
    """Sessions without time or place: the document does not print them, so no round trip carries them."""
    for session in data["regular_sessions"]:
        session.pop("time", None)
        session.pop("place", None)
    return data


def two_sessions_post_2025():
    """March 2024: two sessions, the post-2025 headings, an agency name with commas, alone and with others."""
    data = without_time_and_place(two_session_plan())
    data["headings"] = POST_2025_HEADINGS
    return data


def november_with_padded_dates():
    """November 2024: two-digit month and one-digit days ("05/11/2024") and a conference without agency."""
    data = plan_data(2024, 11)
    data["regular_sessions"][0]["date"] = "2024-11-05"
    data["conferences"][0]["date"] = "2024-11-04"
    data["conferences"][2]["agencies"] = [CULTURE, "Sở Nội vụ", "Công an tỉnh"]
    data["agencies"].append({"name": CULTURE, "short_name": "Sở VHTTDL"})
    return with_used_agencies(data)


def long_plan(year=2024, month=5, chairman_items=40):
    """A long programme: many long items, so that pages break inside items (about 10 pages with 40)."""
    data = plan_data(year, month)
    base = data["chairman_items"]
    data["chairman_items"] = [
        {
            "title": f"{base[index % len(base)]['title']}, giai đoạn {index + 1} của chương trình, "
            "gồm đánh giá kết quả thực hiện, khó khăn, vướng mắc và đề xuất giải pháp cho thời gian tới; "
            "rà soát các văn bản hướng dẫn, phân công cơ quan chủ trì, cơ quan phối hợp, thời hạn hoàn thành "
            "và chế độ báo cáo định kỳ về Ủy ban nhân dân tỉnh",
            "agencies": base[index % len(base)]["agencies"],
        }
        for index in range(chairman_items)
    ]
    return with_used_agencies(data)
