"""The ballots' tests: the province's members, the Office's editor and approver, and a ballot sent to them."""

import datetime
import subprocess

import pytest
from django.utils import timezone

from access.roles import APPROVER, EDITOR, MEMBER
from agenda.models import Office
from ballots import services
from tests.conftest import make_user

#: Thursday 18 January 2024, 09:00 in Vietnam: the day the sample's ballots are sent.
SENT_AT = timezone.make_aware(datetime.datetime(2024, 1, 18, 9, 0))
MEMBER_NAMES = [("uyvien", "Đỗ Văn", "Hùng"), ("uyvien2", "Nguyễn Thị", "Hoa"), ("uyvien3", "Trần Văn", "Bình")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
    return Office.objects.get_solo()


@pytest.fixture
def members(office):
    return [
        make_user(name, MEMBER, office=office, first_name=first, last_name=last) for name, first, last in MEMBER_NAMES
    ]


def send_ballot(office, editor, approver, *, now=SENT_AT, item=None, title="Phê duyệt đề án thí điểm", **fields):
    """A ballot of ``office`` drafted by ``editor``, approved and sent by ``approver`` at ``now``."""
    ballot = services.new_ballot(office, editor, title=title, item=item)
    services.update_ballot(ballot, editor, ballot.version, approver=approver, **fields)
    services.submit_for_approval(ballot, editor, ballot.version)
    return services.approve_and_send(ballot, approver, ballot.version, now=now)


def office_staff(office, prefix=""):
    """An editor and an approver of ``office``."""
    editor = make_user(f"{prefix}chuyenvien", EDITOR, office=office)
    approver = make_user(f"{prefix}lanhdao", APPROVER, office=office)
    return editor, approver


def pdf_text(content, tmp_path):
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
