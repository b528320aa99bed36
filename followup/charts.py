"""The follow-up dashboard's chart, drawn on the server as SVG: no JavaScript, no library, no CDN.

One stacked bar per month (deadline month): done on time, done late, overdue, not yet due. The picture is
accessible: ``role="img"`` named by its ``<title>`` and described by its ``<desc>`` (the numbers in words), each
bar's part has its own ``<title>`` (a tooltip), and the page shows the same numbers in a table. Colours are
presentation attributes (``fill``), which the Content-Security-Policy allows (no ``style`` attribute).
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 720
HEIGHT = 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 36, 40
LABEL_WIDTH = 48  # room a month's label ("01/2024") needs under its bar


@dataclass(frozen=True)
class Series:
    """One part of each bar: the attribute of a row it counts, its label and its colour."""

    key: str
    label: str
    colour: str


def series():
    """The bar's parts, bottom to top, in the reader's language (colours readable on white, 3:1 at least)."""
    return [
        Series("on_time", _("Hoàn thành đúng hạn"), "#1b7f3b"),
        Series("late", _("Hoàn thành quá hạn"), "#b36b00"),
        Series("overdue", _("Quá hạn"), "#c0262d"),
        Series("pending", _("Chưa đến hạn"), "#6c757d"),
    ]


def _nice_maximum(value):
    """The scale's top: ``value`` rounded up to 1, 2 or 5 times a power of ten (at least 1)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def month_chart(rows, *, title, chart_id="bieu-do", font_family="system-ui, sans-serif"):
    """The SVG (safe markup) of ``rows``: objects with ``label`` and the counts of series() (on_time, late,
    overdue, pending). Every text is escaped here. ``font_family``: the PDF's embedded font, in print."""
    parts = series()
    top = _nice_maximum(max((sum(getattr(row, part.key) for part in parts) for row in rows), default=0))
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / max(len(rows), 1)
    bar = min(48.0, slot * 0.7)
    description = "; ".join(
        f"{row.label}: " + ", ".join(f"{part.label.lower()} {getattr(row, part.key)}" for part in parts) for row in rows
    ) or _("Không có nhiệm vụ nào.")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="followup-chart" id="{chart_id}" '
        f'font-family="{escape(font_family)}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    out += _axis(top, plot_height)
    every = max(1, -(-LABEL_WIDTH // int(slot)) if slot < LABEL_WIDTH else 1)  # many months: every n-th label
    for index, row in enumerate(rows):
        x = MARGIN_LEFT + index * slot + (slot - bar) / 2
        y = MARGIN_TOP + plot_height
        for part in parts:
            count = getattr(row, part.key)
            if not count:
                continue
            height = plot_height * count / top
            y -= height
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{part.colour}">'
                f"<title>{escape(row.label)}: {escape(part.label)} {count}</title></rect>"
            )
        if index % every == 0:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11" fill="#212529">{escape(row.label)}</text>'
            )
    out += _legend(parts)
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped


def _axis(top, plot_height):
    """The vertical scale: a line at 0, half and the top, each labelled."""
    lines = []
    for value in sorted({0, top // 2, top}):
        y = MARGIN_TOP + plot_height - plot_height * value / top
        lines.append(
            f'<line x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ced4da"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#212529">{value}</text>'
        )
    return lines


def _legend(parts):
    items, x = [], MARGIN_LEFT
    for part in parts:
        items.append(
            f'<rect x="{x}" y="10" width="12" height="12" fill="{part.colour}"/>'
            f'<text x="{x + 16}" y="20" font-size="12" fill="#212529">{escape(part.label)}</text>'
        )
        x += 24 + 7 * len(part.label)
    return items
