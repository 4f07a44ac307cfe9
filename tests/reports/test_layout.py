"""How the report falls on paper, read from WeasyPrint's own layout of the real document.

A five-vendor, three-channel assessment in Spanish (the longest text) on A4, with appendices:
no heading or caption is left alone at the foot of a page, a table continued on a new page
repeats its header row, small tables and the score grid stay on one page, and the table of
contents gives the page each part really starts on.
"""

import pytest
import weasyprint
from django.db import transaction
from django.test import override_settings

from reports.pdf import BASE_URL, StaticOnlyFetcher, page_css, render_report_html
from tests.reports.test_board_report import CASES, build

pytestmark = pytest.mark.django_db

HEADINGS = {"h1", "h2", "h3", "caption"}


@pytest.fixture(scope="module")
def document(django_db_setup, django_db_blocker):
    channels, vendors, _most = CASES["five"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(TOOLKIT_SITE_URL="https://toolkit.example.org/"):
            data = build("es", channels, vendors, finalize=True)
        transaction.set_rollback(True)
    fetcher = StaticOnlyFetcher()
    html = render_report_html(data=data, for_pdf=True, appendices=True)
    rendered = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=page_css(data=data, paper="a4"), url_fetcher=fetcher)]
    )
    return {"data": data, "html": html, "pages": rendered.pages}


def lines(box, ancestors=()):
    """Each line of text on a page (margin boxes left out), with the elements it sits in."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    element = getattr(box, "element_tag", None)
    chain = (*ancestors, element) if element and not box.is_for_root_element else ancestors
    if isinstance(box, boxes.LineBox):
        yield box, chain
        return
    for child in getattr(box, "children", ()):
        yield from lines(child, chain)


def text_of(line) -> str:
    return "".join(
        getattr(box, "text", "") for box in line.descendants() if hasattr(box, "text")
    ).strip()


def test_no_heading_or_caption_ends_a_page(document):
    for number, page in enumerate(document["pages"][:-1], start=1):
        found = [(line, chain) for line, chain in lines(page._page_box) if text_of(line)]
        last, chain = found[-1]
        assert not HEADINGS & set(chain), f"page {number} ends on {chain[-1]}: {text_of(last)}"


def tables(page):
    """The table boxes on a page (not their wrappers, which hold the caption)."""
    from weasyprint.formatting_structure import boxes

    return [box for box in page._page_box.descendants() if isinstance(box, boxes.TableBox)]


def test_a_table_continued_on_a_new_page_repeats_its_header_row(document):
    seen, continued = set(), 0
    for page in document["pages"]:
        for table in tables(page):
            if table.element.find("thead") is None:
                continue
            assert any(group.element_tag == "thead" for group in table.children), (
                "a page of a table without its header row"
            )
            continued += table.element in seen
            seen.add(table.element)
    assert continued >= 1, "some tables of this report run over more than one page"


def test_the_score_grid_stays_on_one_page(document):
    pages = {
        number
        for number, page in enumerate(document["pages"], start=1)
        for table in tables(page)
        if table.element.find("caption") is not None
        and table.element.find("caption").get("id") == "report-grid-caption"
    }
    assert len(pages) == 1


def test_the_contents_give_the_page_each_part_starts_on(document):
    starts = {}
    for number, page in enumerate(document["pages"], start=1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and element.tag == "h2" and element.get("id"):
                starts.setdefault(element.get("id"), number)
    contents = document["pages"][1]._page_box
    entries = {}
    for line, chain in lines(contents):
        text = text_of(line)
        if "li" in chain and text.rstrip(". 0123456789") and text[-1].isdigit():
            entries[text.rstrip("0123456789").rstrip(". ")] = int(text.split()[-1])
    assert len(entries) >= 10
    heading_text = {
        element.get("id"): "".join(element.itertext()).strip()
        for page in document["pages"]
        for box in page._page_box.descendants()
        for element in [getattr(box, "element", None)]
        if element is not None and element.tag == "h2" and element.get("id")
    }
    checked = 0
    for key, number in starts.items():
        if heading_text[key] in entries:
            assert entries[heading_text[key]] == number, heading_text[key]
            checked += 1
    assert checked == len(entries), "every entry of the contents names a part of the report"


def test_guides_are_named_by_their_full_address_and_nothing_points_to_the_site(document):
    html = document["html"]
    assert "https://toolkit.example.org/es/guides/" in html
    assert "/results/" not in html and "página de resultados" not in html
