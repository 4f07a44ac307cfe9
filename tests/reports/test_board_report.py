"""The board report: the answer on page one, and short enough to read before a board meeting.

Each assessment is answered in full (choices taken in turn, so answers good, weak and unsure,
with costs for each vendor), then its board report (without appendices) is rendered on both
papers in both languages and read back with pypdf.
"""

import io
import json
from datetime import date

import pytest
import weasyprint
from django.db import transaction
from pypdf import PdfReader

from assessments.answering.lifecycle import vendor_add
from assessments.plan.actions import action_plan_refresh
from reports.data import report_data
from reports.pdf import BASE_URL, StaticOnlyFetcher, page_css, render_report_html, render_report_pdf
from reports.signoff import assessment_finalise
from tests.factories import make_assessment, make_membership, make_user
from tests.reports.test_report import answer_worksheet

pytestmark = pytest.mark.django_db

# The two sizes the issue names: a text-and-chat program weighing two vendors, and a program
# weighing five vendors for all three channels. Most pages a board reads before the appendices:
CASES = {
    "two": (["text", "chat"], ("Acme Chat", "Beta Text"), 10),
    "five": (
        ["text", "chat", "video"],
        ("Acme Chat", "Beta Video", "Gamma Text", "Delta Link", "Epsilon Call"),
        14,
    ),
}
SUMMARY = "We will start with text on weekday evenings.\nThe board meets in March."


def build(language: str, channels, vendors, *, finalize: bool) -> dict:
    member = make_membership(user=make_user(email=f"director-{language}-{len(vendors)}@x.example"))
    assessment = make_assessment(
        organisation=member.organisation,
        name=f"Board review {language}",
        channels=channels,
        report_language=language,
        by=member.user,
    )
    for worksheet in ("readiness", "platform"):
        answer_worksheet(assessment, worksheet, member.user)
    for shift, name in enumerate(vendors):
        vendor = vendor_add(assessment=assessment, name=name)
        answer_worksheet(assessment, "vendor", member.user, vendor=vendor, shift=shift)
    if finalize:
        assessment = assessment_finalise(
            assessment=assessment,
            by=member.user,
            reassess_by=date(2027, 12, 1),
            summary=SUMMARY,
        )
        return assessment.snapshot.data
    action_plan_refresh(assessment=assessment)
    return report_data(assessment=assessment)


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """The data and both papers' board PDFs of each case in each language, built once."""
    built = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for language in ("en", "es"):
            for case, (channels, vendors, _most) in CASES.items():
                data = build(language, channels, vendors, finalize=case == "two")
                for paper in ("letter", "a4"):
                    pdf = render_report_pdf(data=data, paper=paper, appendices=False)
                    pages = [
                        " ".join(page.extract_text().split())
                        for page in PdfReader(io.BytesIO(pdf)).pages
                    ]
                    built[language, case, paper] = {"data": data, "pages": pages}
        transaction.set_rollback(True)
    return built


KEYS = [
    (lang, case, paper) for lang in ("en", "es") for case in CASES for paper in ("letter", "a4")
]


@pytest.mark.parametrize("key", KEYS, ids=["-".join(key) for key in KEYS])
def test_the_board_report_fits_before_the_appendices(reports, key):
    _language, case, _paper = key
    pages = reports[key]["pages"]
    assert len(pages) <= CASES[case][2], f"{len(pages)} pages"
    assert not any("Appendix A" in page or "Apéndice A" in page for page in pages)


@pytest.mark.parametrize("key", KEYS, ids=["-".join(key) for key in KEYS])
def test_page_one_holds_the_verdict_its_reasons_the_must_do_list_and_the_vendors(reports, key):
    language, case, _paper = key
    data, first = reports[key]["data"], reports[key]["pages"][0]
    assert data["title"] in first
    for verdict in data["verdicts"]:
        assert f"{verdict['name']}: {verdict['band_label']}" in first
        for line in verdict["gaps"]:
            assert line in first
    reasons = data["shared_reasons"]["blocking"] + [
        q for verdict in data["verdicts"] for q in verdict["blocking"]
    ]
    assert reasons and all(question in first for question in reasons)
    must = data["must_do"]["items"]
    assert must and all(item["text"] in first for item in must)
    assert data["vendors"] and all(vendor["name"] in first for vendor in data["vendors"])
    assert all(vendor["first_year"] in first for vendor in data["vendors"])
    headings = {
        "en": ("Readiness by channel", "What must be done before launch", "Vendors considered"),
        "es": (
            "Preparación por canal",
            "Lo que se debe hacer antes de empezar",
            "Proveedores considerados",
        ),
    }[language]
    assert all(heading in first for heading in headings)
    if case == "two":  # finalized: the director's words and the re-assess-by date
        assert "We will start with text on weekday evenings." in first
        assert data["cover"]["reassess_by"]["iso"] == "2027-12-01"
        assert data["cover"]["reassess_by"]["text"] in first


def test_costs_are_written_as_entered_in_us_dollars(reports):
    for language in ("en", "es"):
        vendors = reports[language, "five", "letter"]["data"]["vendors"]
        assert [v["yearly"] for v in vendors] == [v["yearly"] for v in vendors if v["yearly"]]
        assert all(v["first_year"].startswith("$") and "," in v["first_year"] for v in vendors)


def test_the_snapshot_keeps_the_summary_and_the_running_header(reports):
    data = reports["es", "two", "letter"]["data"]
    assert json.loads(json.dumps(data)) == data
    assert data["director_summary"] == SUMMARY
    assert data["header"].endswith("Confidencial")
    for page in reports["es", "two", "letter"]["pages"]:
        assert data["header"] in page


def test_a_long_unbroken_vendor_name_wraps_inside_the_page():
    """A 180-character name with no space once pushed the vendor table off the page."""
    name = "Averyveryverylongvendornamewithnospaces" * 5  # 195 characters
    member = make_membership(user=make_user(email="wrap@x.example"))
    assessment = make_assessment(organisation=member.organisation, channels=["text"])
    vendor_add(assessment=assessment, name=name[:180])
    data = report_data(assessment=assessment)
    fetcher = StaticOnlyFetcher()
    document = weasyprint.HTML(
        string=render_report_html(data=data, for_pdf=True, appendices=False),
        base_url=BASE_URL,
        url_fetcher=fetcher,
    ).render(stylesheets=[weasyprint.CSS(string=page_css(data=data, paper="letter"))])
    widest = {}
    for page in document.pages:
        right = page._page_box.content_box_x() + page._page_box.width
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and "vendor-table" in (element.get("class") or ""):
                widest[page] = max(widest.get(page, 0), box.position_x + box.margin_width())
                assert box.position_x + box.margin_width() <= right + 0.5
    assert widest, "the vendor table was rendered"


def test_the_vendor_table_carries_product_costs_and_the_teams_note(reports):
    for language in ("en", "es"):
        text = " ".join(reports[language, "five", "a4"]["pages"])
        for number, vendor in enumerate(reports[language, "five", "a4"]["data"]["vendors"], 1):
            assert vendor["product"] == f"vendor-product written for vendor {number}"
            assert vendor["note"] == f"vendor-board-note written for vendor {number}"
            assert vendor["product"] in text and vendor["note"] in text
            assert vendor["first_year"] in text and vendor["yearly"] in text


def test_the_verdict_heading_vendors_agrees_in_number():
    from django.utils import translation

    from reports.board import vendor_groups

    vendors = [{"band": "not_ready"}, {"band": "not_ready"}, {"band": "ready"}]
    with translation.override("es"):
        assert [g["label"] for g in vendor_groups(vendors)] == ["Listo", "Aún no están listos"]
    with translation.override("en"):
        assert [g["label"] for g in vendor_groups(vendors[1:])] == ["Ready", "Not yet ready"]
