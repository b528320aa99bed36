"""The result sheet (PHIẾU TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN THÀNH VIÊN UBND) as a PDF: WeasyPrint, the office's
heading as its documents carry it (programme.document.heading_lines), Liberation Serif 2.x embedded as the
programme's PDF does (exports.pdf: the fonts, and the fetcher that reads nothing but them and data: URIs).

The sheet is sealed with the office's own key (issuing.identities.office_identity, as its văn thư seals its
programmes: a PAdES signature whose visible stamp is the office's seal, in the box under the office's name).
Without a key for the office the sheet is kept unsealed and the log says why: closing a ballot never fails
for want of a key."""

import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from agenda import dates
from exports.pdf import FONT_FAMILY, font_face_css, font_paths, url_fetcher
from issuing import appearance, identities, signing
from issuing.keys import SigningError
from programme.document import heading_lines

logger = logging.getLogger(__name__)

RESULT_CSS = Path(__file__).resolve().parent / "result_pdf.css"
SEAL_BOX_ID = "dau-co-quan"
SEAL_FIELD = "DauKetQuaLayYKien"
SEAL_REASON = "Xác thực phiếu tổng hợp kết quả lấy ý kiến"
PX_TO_PT = 0.75


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


def render_result(ballot, result, *, seal=True, moment=None):
    """The result sheet's PDF bytes (``result``: results.tally of the ballot), sealed by the office when it
    has a key (``seal=False``: never)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = url_fetcher()
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=font_face_css(font_paths()), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(RESULT_CSS), font_config=fonts, url_fetcher=fetcher),
    ]
    html = HTML(string=result_html(ballot, result), url_fetcher=fetcher)
    document = html.render(stylesheets=stylesheets, font_config=fonts)
    content = document.write_pdf()
    box = seal_box(document)
    if not seal or box is None:
        return content
    return seal_result(content, ballot.office, box, moment or timezone.now())


def seal_box(document):
    """(page, x1, y1, x2, y2) in PDF points of the empty box under the office's name, or None."""
    return box_of(document, SEAL_BOX_ID)


def box_of(document, element_id):
    """(page, x1, y1, x2, y2) in PDF points of the element ``element_id`` of a rendered document, or None."""
    for index, page in enumerate(document.pages):
        anchor = page.anchors.get(element_id)
        if anchor is not None and len(anchor) == 4:
            x1, y1, x2, y2 = anchor
            height = page.height
            return (index, x1 * PX_TO_PT, (height - y2) * PX_TO_PT, x2 * PX_TO_PT, (height - y1) * PX_TO_PT)
    return None


def seal_result(content, office, box, moment):
    """``content`` sealed with ``office``'s key (its seal as the visible stamp), or as it was without a key."""
    page, x1, y1, x2, y2 = box
    diameter = min(office.seal_diameter_mm * appearance.MM, y2 - y1)
    middle = (y1 + y2) / 2
    field_box = (x1, middle - diameter / 2, x2, middle + diameter / 2)
    stamp = signing.Stamp(
        SEAL_FIELD,
        page,
        field_box,
        appearance.office_style(office, field_box, (x1, y1, x2, y2)),
        {"organisation": str(office), "signing_time": appearance.signing_time_text(moment)},
    )
    try:
        signed = signing.sign_document(
            content,
            identity=identities.office_identity(office),
            stamp=stamp,
            signer_name=str(office),
            location=office.place,
            reason=SEAL_REASON,
            moment=moment,
        )
    except SigningError as error:
        logger.warning("result sheet of %s left unsealed: %s", office.slug, error)
        return content
    return signed.content
