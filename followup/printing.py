"""The monthly follow-up report as a PDF: WeasyPrint with the programme's own fonts (Liberation Serif 2.x,
embedded, nothing fetched from the network: exports.pdf's fetcher and font checks), the month chart drawn as
SVG inside it. A pure function from followup.figures.Report to bytes."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from exports.pdf import FONT_FAMILY, STATIC_DIR, PdfRenderError, font_face_css, font_paths, url_fetcher
from followup.charts import month_chart

TEMPLATE = "followup/report_pdf.html"

REPORT_CSS = """
@page { size: A4 landscape; margin: 15mm 15mm 15mm 20mm;
        @bottom-right { content: counter(page) "/" counter(pages); font-family: "Liberation Serif UBND";
                        font-size: 10pt; } }
body { font-family: "Liberation Serif UBND"; font-size: 12pt; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 12pt 0 4pt; }
p.meta { text-align: center; margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #000; padding: 2pt 4pt; vertical-align: top; }
th { font-weight: bold; }
td.number { text-align: right; }
svg { width: 100%; height: auto; }
"""


def report_html(report):
    chart = month_chart(
        report.by_month, title=_("Nhiệm vụ theo tháng (theo hạn)"), chart_id="bieu-do-in", font_family=FONT_FAMILY
    )
    return render_to_string(TEMPLATE, {"report": report, "chart": chart})


def report_pdf(report):
    """The PDF's bytes; PdfRenderError (a Vietnamese message) when it cannot be made."""
    paths = font_paths()
    html = report_html(report)
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        fetcher = url_fetcher()
        fonts = FontConfiguration()
        stylesheets = [
            CSS(string=font_face_css(paths), font_config=fonts, url_fetcher=fetcher),
            CSS(string=REPORT_CSS, font_config=fonts, url_fetcher=fetcher),
        ]
        document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=stylesheets, font_config=fonts)
    except Exception as error:
        raise PdfRenderError(_("Không tạo được báo cáo PDF: %(error)s") % {"error": error}) from error
