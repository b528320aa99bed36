"""The Office's dashboard: the numbers of a known set of tasks, by agency and by deadline month; the overdue list
(who, since when); filters; a fixed number of queries for 5 or 500 tasks; the exports read back."""

import datetime
import io
import re
import subprocess

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.models import Task
from followup.dashboard import build_report
from tests.followup.conftest import TODAY, conclusion, task

BASE = "/van-phong/bac-giang/theo-doi"
JAN, FEB, APR = datetime.date(2024, 1, 20), datetime.date(2024, 2, 20), datetime.date(2024, 4, 20)


@pytest.fixture
def known(office, notice, planning, finance, on_day):
    """Planning: January 2 on time + 1 late + 1 overdue; February 1 overdue. Finance: February 1 on time,
    April 2 not due. And a draft notice's overdue task, which counts nowhere."""
    on_day(TODAY)
    task(notice, planning, JAN, reported=JAN)
    task(notice, planning, JAN, reported=JAN - datetime.timedelta(days=3), confirmed=JAN)
    task(notice, planning, JAN, reported=FEB)
    task(notice, planning, JAN, text="Nhiệm vụ quá hạn lâu nhất")
    task(notice, planning, FEB)
    task(notice, finance, FEB, reported=FEB)
    task(notice, finance, APR)
    task(notice, finance, APR)
    task(conclusion(office, issued=False), planning, JAN, text="Nhiệm vụ của dự thảo")


def cells(row):
    return (row.total, row.due, row.on_time, row.late, row.overdue, row.pending, row.done_rate)


def test_the_numbers_of_a_known_dataset(office, known):
    report = build_report(office, TODAY)
    assert cells(report.total) == (8, 6, 3, 1, 2, 2, 66.7)
    assert [(row.label, *cells(row)) for row in report.by_agency] == [
        ("Sở Kế hoạch và Đầu tư", 5, 5, 2, 1, 2, 0, 60.0),
        ("Sở Tài chính", 3, 1, 1, 0, 0, 2, 100.0),
    ]
    assert [(row.label, *cells(row)) for row in report.by_month] == [
        ("01/2024", 4, 4, 2, 1, 1, 0, 75.0),
        ("02/2024", 2, 2, 1, 0, 1, 0, 50.0),
        ("04/2024", 2, 0, 0, 0, 0, 2, None),
    ]
    assert [(row.text, row.lead, row.days) for row in report.overdue] == [
        ("Nhiệm vụ quá hạn lâu nhất", "Sở Kế hoạch và Đầu tư", (TODAY - JAN).days),
        ("Hoàn thiện đề án", "Sở Kế hoạch và Đầu tư", (TODAY - FEB).days),
    ]


def test_the_page_shows_the_summary_chart_table_and_overdue_list(client, office, known, editor):
    client.force_login(editor)
    page = client.get(f"{BASE}/").text
    assert "6 nhiệm vụ đến hạn, 66,7% hoàn thành (1 hoàn thành quá hạn), 2 quá hạn; 2 chưa đến hạn." in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "01/2024" in svg
    assert "Nhiệm vụ quá hạn lâu nhất" in page and f"<td>{(TODAY - JAN).days}</td>" in page
    assert "Nhiệm vụ của dự thảo" not in page
    scripts = re.findall(r"<script[^>]*>", page)  # the base layout's Bootstrap only: no chart library, no CDN
    assert all('src="/static/' in script and "chart" not in script.lower() for script in scripts)


def test_the_filters_narrow_to_a_year_and_an_agency(client, office, known, finance, editor):
    client.force_login(editor)
    page = client.get(f"{BASE}/?nam=2024&co_quan={finance.pk}").text
    assert "1 nhiệm vụ đến hạn, 100,0% hoàn thành (0 hoàn thành quá hạn), 0 quá hạn; 2 chưa đến hạn." in page
    assert client.get(f"{BASE}/?co_quan=999999").status_code == 404
    assert client.get(f"{BASE}/?nam=abc").status_code == 404


def test_the_excel_export_reads_back(client, office, known, editor):
    client.force_login(editor)
    response = client.get(f"{BASE}/bao-cao.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Theo cơ quan", "Theo tháng", "Quá hạn"]
    agencies = list(book["Theo cơ quan"].iter_rows(min_row=2, values_only=True))
    assert agencies == [
        ("Sở Kế hoạch và Đầu tư", 5, 5, 2, 1, 2, 0, "60,0%"),
        ("Sở Tài chính", 3, 1, 1, 0, 0, 2, "100,0%"),
    ]
    overdue = list(book["Quá hạn"].iter_rows(min_row=2, values_only=True))
    assert overdue[0][:4] == ("Nhiệm vụ quá hạn lâu nhất", "Sở Kế hoạch và Đầu tư", datetime.datetime(2024, 1, 20), 55)


def test_the_pdf_export_reads_back_in_liberation_serif(client, office, known, editor, tmp_path):
    client.force_login(editor)
    response = client.get(f"{BASE}/bao-cao.pdf?nam=2024")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Báo cáo tình hình thực hiện nhiệm vụ được giao" in text and "Hạn trong năm 2024" in text
    assert "Nhiệm vụ quá hạn lâu nhất" in text and "66,7%" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all("Liberation-Serif" in row[0] and row[-5] == "yes" for row in rows)  # embedded, nothing else


def test_the_exports_are_the_offices_own(client, known, planning_user):
    client.force_login(planning_user)
    assert client.get(f"{BASE}/bao-cao.xlsx").status_code == 403
    assert client.get(f"{BASE}/bao-cao.pdf").status_code == 403


def many_tasks(notice, agencies, count):
    deadlines = [datetime.date(2023, month, 10) for month in range(1, 13)] + [datetime.date(2024, 6, 1)]
    rows = [
        Task(
            office=notice.office,
            conclusion=notice,
            text=f"Nhiệm vụ {n}",
            lead=agencies[n % len(agencies)],
            deadline=deadlines[n % len(deadlines)],
            state=Task.State.DONE if n % 3 == 0 else Task.State.OPEN,
            reported_done_at=notice.created_at if n % 3 == 0 else None,
            published_at=notice.created_at,
        )
        for n in range(count)
    ]
    Task.objects.bulk_create(rows)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [f"{BASE}/", f"{BASE}/bao-cao.xlsx"])
def test_the_dashboard_runs_the_same_queries_for_5_or_500_tasks(
    client, office, notice, planning, finance, health, editor, django_assert_num_queries, url
):
    client.force_login(editor)
    many_tasks(notice, [planning, finance, health], 5)
    small = queries_of(client, url)
    many_tasks(notice, [planning, finance, health], 495)
    assert Task.objects.count() == 500
    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
