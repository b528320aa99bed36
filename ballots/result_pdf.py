"""The result sheet (PHIẾU TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN UBND) as a PDF: WeasyPrint, the office's
heading as its documents carry it (programme.document.heading_lines), Liberation Serif 2.x embedded as the
programme's PDF does (exports.pdf: the fonts, and the fetcher that reads nothing but them and data: URIs)."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from agenda import dates
from exports.pdf import FONT_FAMILY, font_face_css, font_paths, url_fetcher
from programme.document import heading_lines

RESULT_CSS = Path(__file__).resolve().parent / "result_pdf.css"


def result_html(ballot, result):
    closed = timezone.localdate(ballot.closed_at) if ballot.closed_at else timezone.localdate()
    context = {
        "ballot": ballot,
        "result": result,
        "heading": heading_lines(ballot.office),
        "place_date": f"{ballot.office.place}, {dates.long_date(closed)}" if ballot.office.place else "",
        "deadline": timezone.localtime(ballot.deadline) if ballot.deadline else None,
        "sent_at": timezone.localtime(ballot.sent_at) if ballot.sent_at else None,
        "font_family": FONT_FAMILY,
    }
    return render_to_string("ballots/result_pdf.html", context)


def render_result(ballot, result):
    """The result sheet's PDF bytes (``result``: results.tally of the ballot)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = url_fetcher()
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=font_face_css(font_paths()), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(RESULT_CSS), font_config=fonts, url_fetcher=fetcher),
    ]
    html = HTML(string=result_html(ballot, result), url_fetcher=fetcher)
    return html.write_pdf(stylesheets=stylesheets, font_config=fonts)
