"""A published week as a PDF: A4 landscape, the office's heading, days × half-days in one table.

Rendered by WeasyPrint as the programme is (exports.pdf): Liberation Serif 2.x loaded by path under the private
family name, the restricted URL fetcher (nothing is fetched: the stylesheet is passed as a string), the same
revision always giving the same bytes (the PDF's dates are the revision's, its identifier the HTML's digest).
A week's PDF is not signed: the week is published by the Office, not issued as a document.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from exports.pdf import PdfRenderError, font_face_css, font_paths, url_fetcher
from programme.document import heading_lines

TEMPLATE = "weekly/week_pdf.html"
STYLESHEET = Path(__file__).resolve().parent / "static" / "weekly" / "week_pdf.css"


def week_html(week):
    """The HTML of ``week`` (a weekly.public_week.PublicWeek with its revision) for print."""
    published = timezone.localtime(week.revision.published_at).replace(microsecond=0)
    context = {
        "week": week,
        "heading": heading_lines(week.office),
        "published": published,
        "rows": table_rows(week),
    }
    return render_to_string(TEMPLATE, context)


@dataclass
class Row:
    """One row of the printed table: its entry (None: a day without any), and the day's and half-day's cells
    when the row opens them (with how many rows they span)."""

    entry: object
    day: object = None
    day_span: int = 0
    half: object = None
    half_span: int = 0


def table_rows(week):
    """The printed table's rows: each day spans its entries' rows, each half-day with entries its own; a day
    without entries is one row saying so."""
    rows = []
    for day in week.days:
        halves = [half for half in day.halves if half.entries]
        if not halves:
            rows.append(Row(None, day=day, day_span=1))
            continue
        first_of_day = True
        for half in halves:
            for index, entry in enumerate(half.entries):
                row = Row(entry)
                if first_of_day:
                    row.day, row.day_span, first_of_day = day, day.entry_count, False
                if index == 0:
                    row.half, row.half_span = half, len(half.entries)
                rows.append(row)
    return rows


def render_week_pdf(week):
    """The PDF bytes of the published ``week``; raises PdfRenderError (a Vietnamese message) on failure."""
    paths = font_paths()
    html = week_html(week)
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        fetcher = url_fetcher()
        fonts = FontConfiguration()
        stylesheets = [
            CSS(string=font_face_css(paths), font_config=fonts, url_fetcher=fetcher),
            CSS(string=STYLESHEET.read_text(encoding="utf-8"), font_config=fonts, url_fetcher=fetcher),
        ]
        document = HTML(string=html, url_fetcher=fetcher).render(font_config=fonts, stylesheets=stylesheets)
        identifier = hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
        return document.write_pdf(pdf_identifier=identifier)
    except PdfRenderError:
        raise
    except Exception as error:
        raise PdfRenderError(
            _("Không tạo được tệp PDF của %(title)s: %(error)s") % {"title": week.title, "error": error}
        ) from error


def pdf_filename(week):
    """``lich-tuan-03-2024.pdf``: ASCII, safe in every browser and file system."""
    return f"lich-tuan-{week.iso_week:02d}-{week.iso_year:04d}.pdf"
