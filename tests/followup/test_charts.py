"""The month chart, drawn as SVG on the server: named and described for assistive technology, every text escaped,
bars in proportion to their counts, readable with many months."""

import re

from followup.charts import HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, month_chart
from followup.figures import Counts


def heights(svg):
    return [float(height) for height in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', svg)]


def test_the_chart_is_named_described_and_escapes_every_text():
    rows = [Counts(label="<script>alert(1)</script>", on_time=3, late=1, overdue=2, pending=0)]
    svg = str(month_chart(rows, title="Nhiệm vụ & hạn"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="bieu-do-title">Nhiệm vụ &amp; hạn</title>' in svg
    assert "<desc" in svg and "hoàn thành đúng hạn 3" in svg and "quá hạn 2" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_the_bars_are_in_proportion_to_their_counts():
    svg = str(month_chart([Counts(label="01/2024", on_time=5), Counts(label="02/2024", on_time=10)], title="t"))
    plot = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    legend = 4  # the legend's four squares come after the bars
    assert heights(svg)[:-legend] == [plot / 2, plot]


def test_many_months_label_every_few_bars_and_no_data_says_so():
    rows = [Counts(label=f"{month:02d}/20{year}", pending=1) for year in (23, 24, 25) for month in range(1, 13)]
    svg = str(month_chart(rows, title="t"))
    labels = re.findall(r'font-size="11" fill="#212529">(\d\d/\d{4})</text>', svg)
    assert 6 <= len(labels) < 36 and labels[0] == "01/2023"
    assert "Không có nhiệm vụ nào." in str(month_chart([], title="t"))
