"""The session packet ("Tài liệu phiên họp"): one PDF per regular session for the Committee's members.

A cover page (the session, its date, the numbered items with their agencies and files) rendered with
WeasyPrint, followed by each item's PDF files from its current dossier, joined with pypdf (pure
Python, already enough for appending pages and writing an outline), with one bookmark per item (its
first page, or the cover when it has no PDF) and one per file below it. Files that are not PDF are
listed on the cover with a link to download them; so are PDF files that cannot be read or copied
(damaged, encrypted): each is tried on its own first, so one bad file never breaks the packet.
"""

import io
import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from agenda import dates
from dossiers.models import FileKind
from dossiers.services import dossier_rows
from exports.pdf import font_face_css, font_paths, url_fetcher
from meetings.models import Item

logger = logging.getLogger(__name__)

COVER_CSS = Path(__file__).resolve().parent / "packet_cover.css"


def packet_filename(session):
    return f"tai-lieu-phien-hop-{session.date:%Y-%m-%d}.pdf"


def session_items(session):
    items = Item.objects.filter(session=session).select_related("plan", "session").with_agencies()
    return sorted(items, key=lambda item: item.document_key)


def _read_pdf(dossier_file):
    """A reader of ``dossier_file``'s pages once copied whole into a PDF of their own, or None.

    pypdf reads objects lazily: a file may open and count its pages and still fail when its pages are
    copied (a damaged font or content object). Copying it alone first finds that out before the packet
    is built; the copy is what the packet appends. pypdf raises many kinds of error on damaged input,
    hence the broad except: any of them means "not readable", never a failed packet.
    """
    from pypdf import PdfReader, PdfWriter

    try:
        with dossier_file.file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        if reader.is_encrypted:
            return None
        alone = PdfWriter()
        alone.append(reader, import_outline=False)
        copy = io.BytesIO()
        alone.write(copy)
        return PdfReader(copy)
    except Exception as error:  # any error of pypdf on a damaged file: see the docstring
        logger.warning("unreadable dossier PDF %s: %s", dossier_file.pk, error)
        return None


def packet_entries(session, office, base_url=""):
    """For each item of ``session``: its number, row (DossierRow), readable PDFs, other files, and the
    PDF files that could not be read (listed on the cover, for download one by one)."""
    entries = []
    for number, row in enumerate(dossier_rows(session_items(session), office.dossier_lead_days), 1):
        pdfs, others, unreadable = [], [], []
        for dossier_file in row.files:
            link = {"file": dossier_file, "url": base_url + reverse("dossiers:file", args=[office, dossier_file.pk])}
            if dossier_file.kind != FileKind.PDF:
                others.append(link)
            elif (reader := _read_pdf(dossier_file)) is not None:
                pdfs.append((dossier_file, reader))
            else:
                unreadable.append(link)
        entries.append({"number": number, "row": row, "pdfs": pdfs, "others": others, "unreadable": unreadable})
    return entries


def render_cover(session, entries, office):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(
        "dossiers/packet_cover.html",
        {
            "session": session,
            "date_label": dates.dated_label(session.date),
            "entries": entries,
            "unreadable": [(entry["number"], link) for entry in entries for link in entry["unreadable"]],
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

    office = session.plan.office
    entries = packet_entries(session, office, base_url=base_url)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(render_cover(session, entries, office))), import_outline=False)
    writer.add_outline_item(title=_("Trang bìa: danh mục tài liệu"), page_number=0)
    for entry in entries:
        title = f"{entry['number']}. {entry['row'].item.title[:120]}"
        if not entry["pdfs"]:
            writer.add_outline_item(title=title, page_number=0)  # listed on the cover, nothing else to show
            continue
        parent = None
        for dossier_file, reader in entry["pdfs"]:
            start = len(writer.pages)
            writer.append(reader, import_outline=False)
            if parent is None:  # the item's bookmark needs its first page to exist to point at it
                parent = writer.add_outline_item(title=title, page_number=start)
            writer.add_outline_item(title=dossier_file.name, page_number=start, parent=parent)
    writer.add_metadata({"/Title": _("Tài liệu phiên họp %(date)s") % {"date": dates.dated_label(session.date)}})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
