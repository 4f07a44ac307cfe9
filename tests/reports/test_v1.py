"""Reports finalized before version 2 of the report's data keep rendering as they were kept.

The fixture is the data an assessment's sign-off stored with version 1 (a draft's data taken on
the day version 2 replaced it): its own layout, cover and charts, never the board report's.
"""

import io
import json
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from assessments.scoring.engine import Band
from assessments.scoring.results_page import DimensionRow
from reports.charts import score_chart
from reports.pdf import render_report_html, render_report_pdf

V1 = json.loads((Path(__file__).parent / "fixtures" / "report-v1-en.json").read_text())


def test_a_version_1_report_renders_in_its_own_layout():
    assert V1["version"] == 1
    html = render_report_html(data=V1)
    assert html.count('role="img"') == 3  # its charts, one per channel
    assert "Findings by dimension" in html and "Appendix" not in html
    pdf = render_report_pdf(data=V1, paper="letter")
    reader = PdfReader(io.BytesIO(pdf))
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Readiness report: Report of version 1 (en)" in first and "About this report" in first
    assert "Confidential" not in first  # version 1 had no running header


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError):
        render_report_html(data={**V1, "version": 99})


def test_the_chart_escapes_its_text_prints_every_number_and_has_no_style():
    rows = [
        DimensionRow(
            "safety", "<b>Safety</b>", 75, Band.CONDITIONS, "Ready with conditions", "3 of 4 points"
        ),
        DimensionRow("access", "Access", None, None, "Not scored", "0 of 0 points"),
    ]
    with translation.override("en"):
        svg = str(score_chart(chart_id="chart-x", title="Scores & <more>", rows=rows))
    assert svg.startswith("<svg") and 'role="img" aria-labelledby="chart-x-title"' in svg
    assert '<title id="chart-x-title">Scores &amp; &lt;more&gt;</title>' in svg
    assert "&lt;b&gt;Safety&lt;/b&gt;" in svg and "<b>" not in svg
    assert ">75</text>" in svg and ">Not scored</text>" in svg
    assert 'width="210"' in svg  # 75% of the 280 a full bar takes
    assert "style" not in svg and "<script" not in svg
