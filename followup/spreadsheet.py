"""The monthly follow-up report as an Excel workbook (openpyxl): a summary sheet, by agency, by deadline month,
and the overdue tasks. A pure function from followup.figures.Report to bytes, testable without HTTP."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from followup.figures import percent

BOLD = Font(bold=True)


def counts_header():
    return [
        _("Tổng số"),
        _("Đến hạn"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành quá hạn"),
        _("Quá hạn"),
        _("Chưa đến hạn"),
        _("Tỷ lệ hoàn thành"),
    ]


def counts_cells(counts):
    return [
        counts.total,
        counts.due,
        counts.on_time,
        counts.late,
        counts.overdue,
        counts.pending,
        percent(counts.done_rate),
    ]


def _sheet(book, title, header, rows, widths):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def report_workbook(report):
    """The workbook's bytes."""
    book = Workbook()
    summary = book.active
    summary.title = _("Tổng hợp")
    summary.append([report.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([report.office_name])
    summary.append([_("Số liệu đến ngày %(day)s") % {"day": f"{report.today:%d/%m/%Y}"}])
    if report.filters:
        summary.append([report.filters])
    summary.append([])
    summary.append(counts_header())
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    summary.append(counts_cells(report.total))
    summary.column_dimensions["A"].width = 16
    counts_widths = [40] + [14] * 7
    _sheet(
        book,
        _("Theo cơ quan"),
        [_("Cơ quan chủ trì")] + counts_header(),
        [[row.label] + counts_cells(row) for row in report.by_agency],
        counts_widths,
    )
    _sheet(
        book,
        _("Theo tháng"),
        [_("Tháng (theo hạn)")] + counts_header(),
        [[row.label] + counts_cells(row) for row in report.by_month],
        counts_widths,
    )
    overdue = _sheet(
        book,
        _("Quá hạn"),
        [_("Nhiệm vụ"), _("Cơ quan chủ trì"), _("Hạn"), _("Số ngày quá hạn"), _("Nguồn")],
        [[row.text, row.lead, row.deadline, row.days, row.source] for row in report.overdue],
        [70, 36, 12, 14, 40],
    )
    for (cell,) in overdue.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = "DD/MM/YYYY"
    for (cell,) in overdue.iter_rows(min_row=2, min_col=1, max_col=1):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
