"""The programme as a PDF in the official layout (Nghị định 30/2020/NĐ-CP, Phụ lục I).

One entry point, :func:`render_plan` (plan -> :class:`RenderedPdf`), testable without HTTP.
The text comes from :func:`programme.document.build_document`; the template
``exports/plan_pdf.html`` places it and ``exports/static/exports/plan_pdf.css`` holds
every measure of the layout. WeasyPrint is imported inside the functions (it is heavy).

Guarantees:

- Liberation Serif 2.x (metric-compatible with Times New Roman, with every Vietnamese letter)
  is loaded by path under the private family name "UBND Serif" and embedded; without the files
  rendering stops with :class:`PdfFontMissingError` instead of silently falling back.
- WeasyPrint fetches nothing but the print CSS, the font files and ``data:`` URIs
  (:class:`RestrictedUrlFetcher` refuses everything else, network included).
- The same plan gives the same bytes: the PDF dates come from the plan and the file
  identifier from the rendered HTML.
- The file is PDF/A-2b (the archival level official-layout.md recommends), so the
  signed copy can be kept long-term; signing appends an incremental update.
"""

import base64
import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.document import build_document

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/liberation2"
FONT_FAMILY = "Liberation Serif UBND"
FONT_FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
STATIC_DIR = Path(__file__).resolve().parent / "static" / "exports"
PRINT_CSS = STATIC_DIR / "plan_pdf.css"
TEMPLATE = "exports/plan_pdf.html"
PDF_VARIANT = "pdf/a-2b"

#: The id of the empty block between the signer's position and name where the signature goes.
SIGNATURE_BOX_ID = "chu-ky"
SIGNATURE_BOX_MM = (70, 30)  # width, height: kept equal to #chu-ky in plan_pdf.css
PX_TO_PT = 0.75  # CSS px (1/96 in) to PDF points (1/72 in)
MM_TO_PX = 96 / 25.4


class PdfRenderError(Exception):
    """The PDF could not be produced; ``str(error)`` is a message for the user (Vietnamese)."""


class PdfFontMissingError(PdfRenderError):
    """The Liberation Serif 2.x files are not installed."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    #: (page_index, x1, y1, x2, y2) in PDF points, origin at the bottom left of that page:
    #: the empty block reserved for the visible signature.
    signature_box: tuple[int, float, float, float, float]


def font_dir():
    return Path(getattr(settings, "PDF_FONT_DIR", DEFAULT_FONT_DIR))


def font_paths():
    """The four Liberation Serif files by (weight, style); raise :class:`PdfFontMissingError` if any is missing."""
    directory = font_dir()
    paths = {key: directory / name for key, name in FONT_FILES.items()}
    missing = sorted(str(path) for path in paths.values() if not path.is_file())
    if missing:
        raise PdfFontMissingError(
            _(
                "Không tạo được tệp PDF: thiếu phông chữ Liberation Serif 2.x (%(files)s). "
                "Cài gói fonts-liberation2 (make install) rồi thử lại."
            )
            % {"files": ", ".join(missing)}
        )
    return paths


def font_face_css(paths):
    rules = [
        f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for (weight, style), path in paths.items()
    ]
    return "\n".join(rules)


def allowed_roots():
    """The only directories WeasyPrint may read from."""
    return (STATIC_DIR.resolve(), font_dir().resolve())


def is_allowed_url(url):
    """``data:`` URIs and ``file:`` URLs inside :func:`allowed_roots`; nothing else."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return any(path.is_relative_to(root) for root in allowed_roots())


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class RestrictedUrlFetcher(URLFetcher):
        """A WeasyPrint URL fetcher that refuses anything outside the print CSS, fonts and data: URIs."""

        def fetch(self, url, headers=None):
            if not is_allowed_url(url):
                raise PermissionError(f"refused by the PDF URL fetcher: {url}")
            return super().fetch(url, headers)

    return RestrictedUrlFetcher


def url_fetcher():
    """A fresh restricted fetcher (no network: only ``file:`` inside the allowed roots and ``data:``)."""
    return _fetcher_class()(timeout=1, allow_redirects=False, allowed_protocols=("file", "data"))


def qr_code_data_uri(url):
    """The QR code of ``url`` as a PNG ``data:`` URI (drawn at 24 mm by the print CSS)."""
    import qrcode

    image = qrcode.make(url, box_size=8, border=1)
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return "data:image/png;base64," + base64.b64encode(stream.getvalue()).decode("ascii")


def plan_timestamp(plan):
    """The PDF creation date: when the plan was published, else when it was last saved (Vietnam time)."""
    moment = plan.published_at or plan.updated_at or plan.created_at
    if moment is None:
        return ""
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def plan_html(plan, *, verification_url=None, final=False):
    # Only the signed file is the document: any other render is a draft ("DỰ THẢO", no number, no date).
    document = build_document(plan, final=final, unsigned=not final)
    context = {
        "document": document,
        "number_line": document.number_line,
        "timestamp": plan_timestamp(plan),
        "verification_url": verification_url,
        "qr_code": qr_code_data_uri(verification_url) if verification_url else "",
    }
    return render_to_string(TEMPLATE, context)


def render_plan(plan, *, verification_url=None, final=False):
    """Render ``plan`` (fetched with ``plans_for_document()``) to a PDF in the official layout.

    ``final``: the document as it is signed (no "DỰ THẢO" mark; its number and date shown), with
    the QR code of ``verification_url``.

    Raises :class:`PdfRenderError` (a Vietnamese message) when the PDF cannot be produced.
    """
    paths = font_paths()
    html = plan_html(plan, verification_url=verification_url, final=final)
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        fetcher = url_fetcher()
        fonts = FontConfiguration()
        stylesheets = [
            CSS(string=font_face_css(paths), font_config=fonts, url_fetcher=fetcher),
            CSS(url=PRINT_CSS.as_uri(), font_config=fonts, url_fetcher=fetcher),
        ]
        document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=stylesheets
        )
        signature_box = _signature_box(document)
        identifier = hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")
        content = document.write_pdf(pdf_identifier=identifier, pdf_variant=PDF_VARIANT)
    except PdfRenderError:
        raise
    except Exception as error:
        raise PdfRenderError(
            _("Không tạo được tệp PDF của %(title)s: %(error)s") % {"title": plan.display_title, "error": error}
        ) from error
    return RenderedPdf(content=content, signature_box=signature_box)


def render_plan_pdf(plan, **kwargs):
    """The PDF bytes of ``plan``: see :func:`render_plan`."""
    return render_plan(plan, **kwargs).content


def _signature_box(document):
    for index, page in enumerate(document.pages):
        if SIGNATURE_BOX_ID in page.anchors:
            anchor = page.anchors[SIGNATURE_BOX_ID]
            x1, y1 = anchor[:2]
            if len(anchor) == 4:  # WeasyPrint >= 66 gives the whole rectangle
                x2, y2 = anchor[2:]
            else:
                x2, y2 = x1 + SIGNATURE_BOX_MM[0] * MM_TO_PX, y1 + SIGNATURE_BOX_MM[1] * MM_TO_PX
            height = page.height
            return (
                index,
                round(x1 * PX_TO_PT, 2),
                round((height - y2) * PX_TO_PT, 2),
                round(x2 * PX_TO_PT, 2),
                round((height - y1) * PX_TO_PT, 2),
            )
    raise PdfRenderError(_("Không tạo được tệp PDF: thiếu ô chữ ký trong mẫu."))


def pdf_filename(plan):
    """``cong-tac-thang-01-2024.pdf``: ASCII, safe in every browser and file system."""
    return f"cong-tac-thang-{plan.month:02d}-{plan.year:04d}.pdf"
