import datetime
import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from agenda.models import Agency, Office, PriorityTask
from issuing.services import publish_plan
from meetings.models import Item, ItemAgency, RegularSession
from programme.services import new_plan
from tests.factories import load_and_publish, plan_data

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr", "td", "section", "article"}


class _TextParser(HTMLParser):
    """The text a reader sees: inline tags join their neighbours, block tags break lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "title"}:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "title"}:
            self.skip -= 1
        elif tag in BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(data)


def page_text(response):
    parser = _TextParser()
    parser.feed(response.content.decode())
    return "".join(parser.chunks)


@pytest.fixture
def published_sample(sample_plan):
    """The reference programme, issued."""
    return publish_plan(sample_plan)


def big_plan_data(year=2024, month=3, scale=20):
    """A plan ``scale`` times the reference: many sessions, many agencies (10 * scale), several per item."""
    agencies = [
        {"name": f"Sở Thử nghiệm số {index:03d}", "short_name": f"STN{index:03d}"} for index in range(10 * scale)
    ]
    names = [agency["name"] for agency in agencies]

    def agencies_for(index):
        lead = names[index % len(names)]
        return [lead] if index % 3 else [lead, names[(index * 7 + 1) % len(names)], "Công an tỉnh"]

    counter = iter(range(10**6))
    session_days = [4, 6, 8, 11, 13, 15, 18, 20, 22, 25, 27, 29]
    items_per_session = 9 * scale // len(session_days) + 1
    sessions = [
        {
            "date": f"{year:04d}-{month:02d}-{day:02d}",
            "time": "08:00" if day % 2 else None,
            "place": "Phòng họp số 1",
            "items": [
                {"title": f"Dự thảo Kế hoạch phòng, chống ma túy số {n}", "agencies": agencies_for(n)}
                for n in (next(counter) for _ in range(items_per_session))
            ],
        }
        for day in session_days
    ]
    chairman = [
        {"title": f"Quyết định phê duyệt đề án số {n}", "agencies": agencies_for(n)}
        for n in (next(counter) for _ in range(12 * scale))
    ]
    conferences = [
        {
            "date": f"{year:04d}-{month:02d}-{n % 28 + 1:02d}",
            "title": f"Hội nghị chuyên đề số {n}",
            "agencies": agencies_for(n),
        }
        for n in (next(counter) for _ in range(3 * scale))
    ]
    data = plan_data(year, month)
    data.update(
        agencies=agencies + [{"name": "Công an tỉnh", "short_name": "Công an tỉnh"}],
        priority_tasks=data["priority_tasks"] * scale,
        regular_sessions=sessions,
        chairman_items=chairman,
        conferences=conferences,
        number="27",
        issue_date=f"{year:04d}-{month - 1:02d}-25" if month > 1 else None,
    )
    return data


@pytest.fixture
def big_plan(db):
    plan, _created = load_and_publish(big_plan_data())
    return plan


# Many offices (issue 20) ---------------------------------------------------------------------------------------

COMMUNE = "xa-tan-yen"


def create_office(slug=COMMUNE, name="UBND XÃ TÂN YÊN", place="Tân Yên", code="000.00.31.H06", level="xa"):
    """An office under the first (a commune by default), with a signer and recipients to issue with."""
    call_command(
        "create_office",
        slug,
        name=name,
        place=place,
        symbol="CTr-UBND",
        code=code,
        level=level,
        parent=Office.objects.get_solo().slug,
        stdout=io.StringIO(),
    )
    office = Office.objects.get(slug=slug)
    office.signer_authority, office.signer_position = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    office.signer_name = "Hoàng Văn Bình"
    office.recipients = "Như trên;\nLưu: VT."
    office.save()
    return office


def office_plan(office, year, month, *, words, agency="Phòng Văn hóa - Xã hội", publish=True):
    """A programme of ``office`` for ``year``/``month`` whose priority task, session item and conference hold
    ``words`` (its own text, found by search), prepared by ``office``'s agency named ``agency``; issued through
    the whole chain unless ``publish`` is false (then a draft)."""
    plan = new_plan(year, month, template=office, title=f"Chương trình công tác tháng {month} năm {year} {words}")
    lead, _created = Agency.objects.get_or_create(office=office, name=agency, defaults={"short_name": agency})
    PriorityTask.objects.create(plan=plan, position=0, text=f"Nhiệm vụ trọng tâm: {words}")
    session = RegularSession.objects.create(plan=plan, date=datetime.date(year, month, 10), place="Hội trường xã")
    items = [
        Item(plan=plan, part=Item.Part.SESSION, session=session, position=0, title=f"Báo cáo {words}"),
        Item(
            plan=plan,
            part=Item.Part.CONFERENCE,
            position=0,
            date=datetime.date(year, month, 12),
            title=f"Hội nghị {words}",
        ),
    ]
    for item in items:
        item.save()
        ItemAgency.objects.create(item=item, agency=lead, position=0)
    return publish_plan(plan) if publish else plan


@pytest.fixture
def commune(db):
    return create_office()
