"""The follow-up's test data: an office's agencies, issued (and draft) notices with their tasks, and the people of
each role. A notice is issued here by writing what issuing sets on it (status, revision count, the tasks'
published_at): the issuing chain itself is the conclusions app's, tested there and in the browser story."""

import datetime
import itertools

import pytest
from django.utils import timezone

from access.permissions import APPROVER_GROUP, DEPARTMENT_GROUP, EDITOR_GROUP
from agenda.models import Agency, Office
from conclusions.models import Conclusion, Task
from tests.conftest import make_user

TODAY = datetime.date(2024, 3, 15)
_dates = itertools.count()


def agency(office, name, short_name):
    return Agency.objects.get_or_create(office=office, name=name, defaults={"short_name": short_name})[0]


def conclusion(office, *, issued=True, session_date=None):
    """A notice of ``office``: issued (its tasks published), or a draft."""
    session_date = session_date or datetime.date(2023, 1, 1) + datetime.timedelta(days=next(_dates))
    return Conclusion.objects.create(
        office=office,
        session_date=session_date,
        title=f"Kết luận phiên họp ngày {session_date:%d/%m/%Y}",
        status=Conclusion.Status.ISSUED if issued else Conclusion.Status.DRAFT,
        revision_count=1 if issued else 0,
    )


def task(notice, lead, deadline, *, text="Hoàn thiện đề án", supporting=(), reported=None, confirmed=None, **fields):
    """A task of ``notice``; ``reported`` / ``confirmed``: the days its lead reported it done / the Office
    confirmed it (noon, Vietnam time)."""

    def moment(day):
        return None if day is None else timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))

    issued = notice.status == Conclusion.Status.ISSUED
    row = Task.objects.create(
        office=notice.office,
        conclusion=notice,
        text=text,
        lead=lead,
        deadline=deadline,
        state=Task.State.DONE if reported else Task.State.OPEN,
        reported_done_at=moment(reported),
        confirmed_at=moment(confirmed),
        published_at=timezone.now() if issued else None,
        **fields,
    )
    row.supporting.set(supporting)
    return row


@pytest.fixture
def office(db):
    return Office.objects.get_solo()


@pytest.fixture
def planning(office):
    return agency(office, "Sở Kế hoạch và Đầu tư", "Sở KHĐT")


@pytest.fixture
def finance(office):
    return agency(office, "Sở Tài chính", "Sở TC")


@pytest.fixture
def health(office):
    return agency(office, "Sở Y tế", "Sở YT")


@pytest.fixture
def notice(office):
    return conclusion(office, session_date=datetime.date(2024, 1, 19))


@pytest.fixture
def planning_user(planning):
    return make_user("sokhdt", DEPARTMENT_GROUP, agency=planning)


@pytest.fixture
def finance_user(finance):
    return make_user("sotc", DEPARTMENT_GROUP, agency=finance)


@pytest.fixture
def health_user(health):
    return make_user("soyt", DEPARTMENT_GROUP, agency=health)


@pytest.fixture
def editor(office):
    return make_user("chuyenvien", EDITOR_GROUP)


@pytest.fixture
def approver(office):
    return make_user("lanhdao", APPROVER_GROUP)


@pytest.fixture
def on_day(monkeypatch):
    """Set the clock to noon (Vietnam time) of a given day: timezone.now and localdate follow it."""
    import zoneinfo

    def travel(day):
        moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return travel


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
