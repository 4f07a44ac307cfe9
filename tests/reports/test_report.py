"""The readiness report: its frozen data, its HTML, and its tagged PDF in English and Spanish.

Rendering a PDF takes about a second, so each language's full report is built once per module
(inside a transaction rolled back afterwards) and the tests read the same bytes.
"""

import io
import json
import re
import socket
import time
from datetime import date
from decimal import Decimal

import pytest
import weasyprint
from django.db import transaction
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.answering.lifecycle import vendor_add
from assessments.answering.pii import PATTERNS
from assessments.models import Question, Recommendation
from assessments.plan.actions import action_add, action_plan_refresh, action_set_status
from platforms.models import Guide
from reports.data import report_data
from reports.pdf import (
    BASE_URL,
    FetchRefused,
    StaticOnlyFetcher,
    page_css,
    render_report_html,
    render_report_pdf,
)
from reports.signoff import assessment_finalise
from tests.factories import make_assessment, make_membership, make_user

# Every test here reads the database (the module's reports are built in it), so they run with the
# other database tests, before any test that empties the database.
pytestmark = pytest.mark.django_db

OWNER = "Program director"
OWN_ACTION = "Buy two program phones"
VENDORS = ("Acme Chat", "Beta Video", "Gamma Text", "Delta Link", "Epsilon Call")


def answer_worksheet(assessment, worksheet, by, vendor=None, shift=0) -> None:
    """Answer every choice question: choices taken in turn, so answers good, weak and unsure."""
    questions = Question.objects.filter(section__worksheet__key=worksheet).prefetch_related(
        "choices"
    )
    inputs = []
    for index, question in enumerate(questions):
        keys = [choice.key for choice in question.choices.all()]
        if keys:
            value = AnswerValue(selected=(keys[(index + shift) % len(keys)],))
            inputs.append(AnswerInput(question, value, (0, "")))
        elif question.kind == "number":  # costs: a different amount for each vendor
            value = AnswerValue(number=Decimal(1200 * (index % 5 + 1) + 250 * shift))
            inputs.append(AnswerInput(question, value, (0, "")))
        elif question.key in ("vendor-product", "vendor-board-note"):
            value = AnswerValue(text=f"{question.key} written for vendor {shift + 1}")
            inputs.append(AnswerInput(question, value, (0, "")))
    answers_save(assessment=assessment, vendor=vendor, inputs=inputs, by=by)


def build_full(language: str, vendors: tuple[str, ...]) -> dict:
    """An assessment with every worksheet answered, vendors, a refined plan; its data and PDF."""
    member = make_membership(user=make_user(email=f"advocate-{language}@program.example"))
    assessment = make_assessment(
        organisation=member.organisation,
        name=f"Spring review {language}",
        report_language=language,
        by=member.user,
    )
    for worksheet in ("readiness", "platform"):
        answer_worksheet(assessment, worksheet, member.user)
    for shift, name in enumerate(vendors):
        vendor = vendor_add(assessment=assessment, name=name)
        answer_worksheet(assessment, "vendor", member.user, vendor=vendor, shift=shift)
    action_plan_refresh(assessment=assessment)
    first = assessment.actions.first()
    action_set_status(item=first, status="done")
    action_add(assessment=assessment, description=OWN_ACTION, owner=OWNER, due_on=date(2027, 3, 15))
    start = time.perf_counter()
    data = report_data(assessment=assessment)
    pdf = render_report_pdf(data=data)
    seconds = time.perf_counter() - start
    print(f"\nfull report ({language}, {len(vendors)} vendors): data and PDF in {seconds:.2f} s")
    return {"data": data, "pdf": pdf, "first_action": first.description, "email": member.user.email}


@pytest.fixture(scope="module")
def full(django_db_setup, django_db_blocker):
    """The English and Spanish reports of fully answered assessments, built once."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = {"en": build_full("en", VENDORS), "es": build_full("es", VENDORS[:2])}
        transaction.set_rollback(True)
    for report in built.values():
        report["pages"] = pdf_text(report["pdf"])  # extracting text is slow: once per language
    return built


def pdf_text(pdf: bytes) -> list[str]:
    """Each page's text with its whitespace collapsed."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def struct_elements(node):
    """Every structure element below a node of the structure tree."""
    node = resolve(node)
    if isinstance(node, list):
        for child in node:
            yield from struct_elements(child)
    elif hasattr(node, "get") and node.get("/Type") != "/MCR" and "/K" in node:
        yield node
        yield from struct_elements(node["/K"])


# Data -------------------------------------------------------------------------------------------


def test_data_is_plain_json_with_every_part(full):
    data = full["en"]["data"]
    assert json.loads(json.dumps(data)) == data
    assert data["version"] == 2 and data["language"] == "en" and data["answered"] is True
    assert set(data) >= {
        "cover",
        "header",
        "verdicts",
        "must_do",
        "vendors",
        "grid",
        "phases",
        "before_launch",
        "other_advice",
        "follow_ups",
        "platforms",
        "methodology",
        "notices",
    }
    assert [c["name"] for c in data["verdicts"]] == ["Text messaging", "Web chat", "Video"]
    assert [c["name"] for c in data["grid"]["columns"]] == ["Text messaging", "Web chat", "Video"]
    assert all(len(row["cells"]) == 3 for row in data["grid"]["rows"])
    assert len(data["grid"]["rows"]) == 5
    assert [v["name"] for v in data["vendors"]] == list(VENDORS)
    assert all(v["first_year"].startswith("$") and v["yearly"] for v in data["vendors"])
    assert data["cover"]["status"] == "draft" and data["cover"]["finalised_by"] is None
    assert "Confidential" in data["header"]
    # Each action of the plan is in exactly one phase.
    planned = sum(len(g["findings"]) for phase in data["phases"] for g in phase["actions"])
    assert planned == sum(len(a["findings"]) for a in data["phases"][0]["actions"]) + sum(
        len(g["findings"]) for phase in data["phases"][1:] for g in phase["actions"]
    )
    assert data["must_do"]["items"] and data["before_launch"]
    facts = [f for p in data["platforms"]["platforms"] for f in p["facts"]]
    assert facts and all(f["source"] and f["reviewed_on"] for f in facts)


def test_each_finding_is_under_one_piece_of_advice(full):
    data = full["en"]["data"]
    groups = data["before_launch"] + data["other_advice"]
    keys = [key for group in groups for key in group["keys"]]
    assert len(keys) == len(set(keys)), "a finding listed under two pieces of advice"
    # A question asked of several vendors is listed once, with each vendor's answer.
    shared = [item for g in groups for item in g["findings"] if len(item["answers"]) > 1]
    assert shared and all(len({a["who"] for a in item["answers"]}) > 1 for item in shared)
    # Most urgent advice first.
    ranks = [group["rank"] for group in groups]
    assert ranks == sorted(ranks)


def test_the_first_done_action_is_not_on_the_must_do_list(full):
    data = full["en"]["data"]
    done = [g for g in data["before_launch"] if g["plan"]["done"]]
    texts = [item["text"] for item in data["must_do"]["items"]]
    assert all(group["title"] not in texts for group in done)


def test_data_has_no_member_email(full):
    for language in ("en", "es"):
        assert full[language]["email"] not in json.dumps(full[language]["data"])
        assert not PATTERNS["email"].search(json.dumps(full[language]["data"]))


@pytest.mark.django_db
def test_names_only_when_asked_and_emails_in_free_text_left_out():
    director = make_membership(user=make_user(email="director@program.example"))
    assessment = make_assessment(organisation=director.organisation, by=director.user)
    answer_worksheet(assessment, "readiness", director.user)
    action_add(assessment=assessment, description="Call director@program.example", owner="x@y.org")
    assessment = assessment_finalise(assessment=assessment, by=director.user)
    hidden = json.dumps(report_data(assessment=assessment))
    assert "director@program.example" not in hidden and "x@y.org" not in hidden
    named = report_data(assessment=assessment, include_names=True)
    assert named["cover"]["finalised_by"] == "director@program.example"
    assert "director@program.example" in named["cover"]["status_text"]
    assert named["cover"]["status"] == "finalised"


# PDF in English and Spanish -----------------------------------------------------------------------


def test_english_pdf_prints_headings_scores_bands_and_actions(full):
    data, pages = full["en"]["data"], full["en"]["pages"]
    text = " ".join(pages)
    for heading in (
        "Readiness report: Spring review en",
        "Readiness by channel",
        "What must be done before launch",
        "Vendors considered",
        "Contents",
        "Vendors side by side",
        "Scores by channel",
        "Before launch: what to do, and why",
        "Platforms and your stated needs",
        "Appendix A. The whole action plan",
        "Appendix B. Advice for the other findings",
        "Appendix C. Questions still waiting for an answer",
        "Appendix D. Vendor scores",
        "Appendix E. Platform facts and their sources",
        "Appendix F. About this report and how readiness is worked out",
    ):
        assert heading in text, heading
    for verdict in data["verdicts"]:
        assert f"{verdict['name']}: {verdict['band_label']}" in text
    for row in data["grid"]["rows"]:
        cells = " ".join(f"{c['score']} {c['band_label']}" for c in row["cells"])
        assert f"{row['label']} {cells}" in text, row
    assert OWN_ACTION in text and OWNER in text and "March 15, 2027" in text
    assert "National Domestic Violence Hotline" in text and "RAINN" in text
    assert "legal advice" in text
    for name in VENDORS:
        assert name in text
    assert "results page" not in text


def test_the_whole_plan_lists_an_action_for_several_vendors_once(full):
    text = " ".join(full["en"]["pages"])
    plan = text[text.rindex("Appendix A. The whole") : text.rindex("Appendix B. Advice for the")]
    phases = re.split(r"(?:Before launch|In the first 90 days|Later): \d+ actions? ", plan)[1:]
    assert len(phases) == 3
    title = "Close the gaps in staffing, training, budget and support before launch"
    # Once in each phase it has findings in (their severities differ), never twice in one.
    assert all(phase.count(title) <= 1 for phase in phases) and plan.count(title) >= 1
    rows = re.findall(r"Acme Chat, [A-Z][a-z]+ [A-Z][a-z]+[^—]*— ", plan)
    assert rows, "a question asked of several vendors shows each vendor once in the plan"


def test_spanish_pdf_is_in_spanish(full):
    data, pages = full["es"]["data"], full["es"]["pages"]
    text = " ".join(pages)
    for heading in (
        "Informe de preparación: Spring review es",
        "Preparación por canal",
        "Proveedores lado a lado",
        "Puntuaciones por canal",
        "Apéndice A. El plan de acción completo",
        "Apéndice F. Acerca de este informe y de cómo se determina la preparación",
    ):
        assert heading in text, heading
    assert "Seguridad personal" in text and "Aún no está listo" in text and "Confidencial" in text
    for row in data["grid"]["rows"]:
        cells = " ".join(f"{c['score']} {c['band_label']}" for c in row["cells"])
        assert f"{row['label']} {cells}" in text, row
    assert OWN_ACTION in text and "15 de marzo de 2027" in text
    assert "Línea Nacional contra la Violencia Doméstica" in text
    for english in ("Readiness report", "Before launch", "Appendix", "Vendors considered"):
        assert english not in text, english


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Page {} of {}"), ("es", "Página {} de {}")]
)
def test_every_page_has_its_number_and_the_footer(full, language, words):
    data, pages = full[language]["data"], full[language]["pages"]
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert words.format(number, len(pages)) in text
        assert data["footer"]["left"] in text and data["header"] in text
    assert data["cover"]["generated_on"] in data["footer"]["left"]


# PDF/UA -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_pdf_is_tagged_for_accessibility(full, language):
    reader = PdfReader(io.BytesIO(full[language]["pdf"]))
    root = reader.trailer["/Root"]
    title = full[language]["data"]["title"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == language
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == title
    xmp = resolve(root["/Metadata"]).get_data().decode()
    assert "pdfuaid:part" in xmp and title in xmp
    elements = list(struct_elements(root["/StructTreeRoot"]["/K"]))
    # Every header cell keeps the scope the HTML gives it (reports/pdf_tags.py).
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert headers and all(resolve(e["/A"])["/Scope"] in ("/Column", "/Row") for e in headers)
    kinds = {e["/S"] for e in elements}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/Caption"} <= kinds


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_font_is_embedded(full, language):
    reader = PdfReader(io.BytesIO(full[language]["pdf"]))
    fonts = {}
    for page in reader.pages:
        for name, font in resolve(page["/Resources"]).get("/Font", {}).items():
            fonts[name] = resolve(font)
    assert fonts
    for font in fonts.values():
        described = resolve(font["/DescendantFonts"][0]) if "/DescendantFonts" in font else font
        descriptor = resolve(described["/FontDescriptor"])
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
        assert "DejaVu" in str(font["/BaseFont"])


# Nothing fetched from anywhere -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/x.png",
        "https://evil.example/x.png",
        "file:///etc/passwd",
        "ftp://evil.example/x",
        f"{BASE_URL}static/../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/toolkit/settings.py",
        f"{BASE_URL}static/css/..%5c..%5csettings.py",
        f"{BASE_URL}static/css/no-such-file.css",
        f"{BASE_URL}etc/passwd",
        "/static/css/report.css",
        "https://report.invalid.evil.example/static/css/report.css",
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(FetchRefused):
        StaticOnlyFetcher().fetch(url)


def test_fetcher_serves_our_static_files_and_data_urls():
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch(f"{BASE_URL}static/css/report.css")
    assert b"DejaVu Sans" in css.read() and css.content_type == "text/css"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.fixture
def no_network(monkeypatch):
    """Fails the test on any attempt to open a network connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the report's fetcher is asked for, and whether it served it."""
    calls = []
    fetch = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        try:
            response = fetch(self, url, headers)
        except FetchRefused:
            calls.append((url, "refused"))
            raise
        calls.append((url, "served"))
        return response

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    return calls


HOSTILE = (
    "Read ![x](https://evil.example/x.png) first.\n\n"
    '<img src="http://evil.example/y.png"> <script>alert(1)</script> '
    "[a link](javascript:alert(1)) and [another](https://evil.example/page)."
)


@pytest.mark.django_db
def test_hostile_recommendation_renders_and_fetches_nothing(no_network, fetched):
    Recommendation.objects.update(text_en=HOSTILE)
    Guide.objects.update(title_en='<img src="http://evil.example/guide.png">')
    assessment = make_assessment(name='<img src="http://evil.example/z.png">')
    answer_worksheet(assessment, "readiness", None)
    data = report_data(assessment=assessment)
    html = render_report_html(data=data, for_pdf=True)
    assert "evil.example/x.png" not in html and "<script" not in html
    assert "&lt;img src=&quot;http://evil.example/guide.png&quot;&gt;" in html
    assert "<img" not in html.replace("&lt;img", "")
    pdf = render_report_pdf(data=data)
    assert PdfReader(io.BytesIO(pdf)).pages
    assert fetched == [(f"{BASE_URL}static/css/report.css", "served")]
    assert no_network == []


def test_a_remote_image_reaching_the_fetcher_is_refused(no_network, fetched):
    page = '<html lang="en"><title>t</title><img src="http://evil.example/y.png" alt="y">'
    pdf = weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    assert pdf.write_pdf()
    assert fetched == [("http://evil.example/y.png", "refused")]
    assert no_network == []


# An empty assessment, A4 and the screen version -------------------------------------------------


@pytest.mark.django_db
def test_report_without_answers_says_what_is_missing():
    data = report_data(assessment=make_assessment(name="Just started"))
    assert json.loads(json.dumps(data)) == data
    assert any("No question of the readiness worksheet" in text for text in data["missing"])
    assert any("No vendor has been added" in text for text in data["missing"])
    assert data["answered"] is False
    assert data["must_do"]["items"] == [] and not any(p["actions"] for p in data["phases"])
    pdf = render_report_pdf(data=data, paper="a4")
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    text = " ".join(pdf_text(pdf))
    assert "What this report cannot say yet" in text and "No vendor has been added yet." in text
    assert "No question is answered yet, so there are no findings." in text
    assert "nothing has to be done before launch" not in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_screen_html_links_our_css_and_has_no_inline_style(full):
    html = render_report_html(data=full["en"]["data"])
    assert '<html lang="en">' in html
    assert 'href="/static/css/report.css"' in html
    assert not re.search(r"<style|\sstyle=", html)
    assert 'class="score-grid"' in html and html.count("<caption") >= 5
    assert 'role="img"' not in html  # one grid of scores, no charts beside near-copies of it
    headings = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert headings[0] == 1 and max(headings) == 3
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))


def test_page_css_takes_its_words_from_the_data_and_escapes_them():
    data = {
        "footer": {"left": 'A "b" \\ }', "pages": "Página %(page)s de %(pages)s"},
        "header": "Org } · x",
    }
    css = page_css(data=data, paper="a4")
    assert "size: A4" in css
    assert '@top-left { content: "Org \\7d  \\b7  x" !important }' in css
    assert '"Página " counter(page) " de " counter(pages)' in css
    assert '"A \\22 b\\22  \\5c  \\7d "' in css  # quotes, backslash and brace escaped
    assert weasyprint.CSS(string=css, url_fetcher=StaticOnlyFetcher())
    with pytest.raises(ValueError):
        render_report_pdf(data=data, paper="legal")
