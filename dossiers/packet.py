"""The session packet ("Tài liệu phiên họp"): one PDF per regular session for the Committee's members.

A cover page (the session, its date, the numbered items with their agencies and files) rendered with
WeasyPrint, followed by each item's PDF files from its current dossier, joined with pypdf (pure
Python, already enough for appending pages and writing an outline), with one bookmark per item and
one per file below it. Files that are not PDF are listed on the cover with a link to download them.
"""

import io
import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda import dates
from agenda.models import Office
from dossiers.models import FileKind
from dossiers.services import dossier_rows
from meetings.models import Item

logger = logging.getLogger(__name__)

COVER_CSS = Path(__file__).resolve().parent / "packet_cover.css"


def packet_filename(session):
    return f"tai-lieu-phien-hop-{session.date:%Y-%m-%d}.pdf"


def session_items(session):
    items = Item.objects.filter(session=session).select_related("plan", "session").with_agencies()
    return sorted(items, key=lambda item: item.document_key)


def _read_pdf(dossier_file):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with dossier_file.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
            if reader.is_encrypted:
                return None
            len(reader.pages)
            return reader
    except (OSError, PyPdfError, ValueError) as error:
        logger.warning("unreadable dossier PDF %s: %s", dossier_file.pk, error)
        return None


def packet_entries(session, office, base_url=""):
    """For each item of ``session``: its number, row (DossierRow), readable PDFs and other files."""
    entries = []
    for number, row in enumerate(dossier_rows(session_items(session), office.dossier_lead_days), 1):
        pdfs, others = [], []
        for dossier_file in row.files:
            reader = _read_pdf(dossier_file) if dossier_file.kind == FileKind.PDF else None
            if reader is not None:
                pdfs.append((dossier_file, reader))
            else:
                others.append(
                    {"file": dossier_file, "url": base_url + reverse("dossiers:file", args=[dossier_file.pk])}
                )
        entries.append({"number": number, "row": row, "pdfs": pdfs, "others": others})
    return entries


def render_cover(session, entries, office):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from exports.pdf import font_face_css, font_paths, url_fetcher

    html = render_to_string(
        "dossiers/packet_cover.html",
        {
            "session": session,
            "date_label": dates.dated_label(session.date),
            "entries": entries,
            "office": office,
        },
    )
    fetcher = url_fetcher()
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=font_face_css(font_paths()), font_config=fonts, url_fetcher=fetcher),
        CSS(filename=str(COVER_CSS), font_config=fonts, url_fetcher=fetcher),
    ]
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets, font_config=fonts)


def build_packet(session, base_url=""):
    """The packet's PDF bytes."""
    from pypdf import PdfReader, PdfWriter

    office = Office.objects.get_solo()
    entries = packet_entries(session, office, base_url=base_url)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(render_cover(session, entries, office))), import_outline=False)
    writer.add_outline_item(title=_("Trang bìa: danh mục tài liệu"), page_number=0)
    for entry in entries:
        if not entry["pdfs"]:
            continue
        parent = writer.add_outline_item(
            title=f"{entry['number']}. {entry['row'].item.title[:120]}", page_number=len(writer.pages)
        )
        for dossier_file, reader in entry["pdfs"]:
            start = len(writer.pages)
            writer.append(reader, import_outline=False)
            writer.add_outline_item(title=dossier_file.name, page_number=start, parent=parent)
    writer.add_metadata({"/Title": _("Tài liệu phiên họp %(date)s") % {"date": dates.dated_label(session.date)}})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
