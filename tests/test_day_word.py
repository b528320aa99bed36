"""'ngày' in the middle of a sentence, 'Ngày' only where a line or a label begins with it (issue 18)."""

import datetime
import io
import subprocess

import pytest
from django.utils import translation
from icalendar import Calendar

from agenda import dates
from exports.ics import plan_to_ics
from issuing.models import ChangeEntry
from meetings.models import RegularSession

FRIDAY = datetime.date(2024, 1, 19)


def test_a_dated_label_is_lowercase_inside_a_sentence_and_capitalised_at_its_start():
    assert dates.dated_label(FRIDAY) == "ngày 19/01/2024 (thứ Sáu)"
    assert dates.dated_label(FRIDAY, start=True) == "Ngày 19/01/2024 (thứ Sáu)"
    # The programme's own lines keep the reference's capital after the heading's colon.
    assert dates.when_and_where(FRIDAY, place="Hội trường") == "Ngày 19/01/2024 (thứ Sáu), tại Hội trường"


@translation.override("vi")
def test_a_changelog_line_says_chuyen_tu_ngay_in_lowercase():
    moved = ChangeEntry(
        kind=ChangeEntry.Kind.MOVED, old_date=datetime.date(2024, 2, 27), new_date=datetime.date(2024, 2, 29)
    )
    assert moved.details == "Chuyển từ ngày 27/02/2024 (thứ Ba) sang ngày 29/02/2024 (thứ Năm)"
    removed = ChangeEntry(kind=ChangeEntry.Kind.REMOVED, old_date=FRIDAY)
    assert "(ngày 19/01/2024 (thứ Sáu))" in removed.details


@pytest.mark.django_db
def test_a_session_event_of_the_calendar_is_titled_with_a_lowercase_ngay(sample_plan):
    calendar = Calendar.from_ical(plan_to_ics(sample_plan, base_url="https://lich.example.gov.vn"))
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    session = f"{sample_plan.heading_regular_sessions} ngày 19/01/2024 (thứ Sáu)"
    assert session in summaries
    assert not [summary for summary in summaries if " Ngày " in summary]


@pytest.mark.django_db
def test_the_session_packet_cover_and_title_write_a_lowercase_ngay(sample_plan, tmp_path):
    from pypdf import PdfReader

    from dossiers.packet import build_packet

    session = RegularSession.objects.get(plan=sample_plan, date=FRIDAY)
    path = tmp_path / "packet.pdf"
    path.write_bytes(build_packet(session))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert f"{sample_plan.heading_regular_sessions} ngày 19/01/2024 (thứ Sáu)" in text
    assert "Ngày 19/01/2024" not in text
    assert PdfReader(io.BytesIO(path.read_bytes())).metadata.title == "Tài liệu phiên họp ngày 19/01/2024 (thứ Sáu)"
