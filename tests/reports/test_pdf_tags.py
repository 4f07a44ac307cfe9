"""reports.pdf_tags: running headers and footers are artifacts, table headers carry /Scope.

One small document (a running header, a page-number footer and a table over four A6 pages) is
rendered once as PDF/UA-1 through `tagged_pdf` and read back with pypdf. No database is used.
"""

import io
from xml.etree import ElementTree

import pytest
import weasyprint
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from reports.pdf_tags import VERIFIED_WEASYPRINT_VERSION, installed, tagged_pdf

HEADER = "Running header"
PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"
RDF_DESCRIPTION = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"
ROWS = 45
DOCUMENT = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tagging test</title>
<style>
  @page {{ size: A6; margin: 18mm 10mm;
    @top-left {{ content: "{HEADER}" }}
    @bottom-right {{ content: "Page " counter(page) }} }}
  th, td {{ border: 1px solid #999 }}
</style></head>
<body>
<h1>Answers</h1>
<table>
  <thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr></thead>
  <tbody>
    {"".join(f'<tr><th scope="row">Question {i}</th><td>Answer {i}</td></tr>' for i in range(ROWS))}
    <tr><th>Total</th><td>{ROWS} answers</td></tr>
  </tbody>
</table>
</body></html>"""


@pytest.fixture(scope="module")
def reader():
    return PdfReader(io.BytesIO(tagged_pdf(weasyprint.HTML(string=DOCUMENT))))


def page_index(reader):
    """Page object number -> page index."""
    return {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}


def marked_text(page):
    """(text, marked-content sections open around it) for each piece of text the page shows."""
    sections, shown = [], []

    def operator(op, args, cm, tm):
        if op in (b"BMC", b"BDC"):
            sections.append((args[0], args[1] if op == b"BDC" else None))
        elif op == b"EMC":
            sections.pop()

    def text(text, cm, tm, font, size):
        if text.strip():
            shown.append((text.strip(), tuple(sections)))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return shown


def mcid(properties):
    """The MCID of a marked-content property list, or None."""
    return properties.get("/MCID") if isinstance(properties, DictionaryObject) else None


def struct_elements(reader):
    """Object number -> StructElem, for every element reachable from the StructTreeRoot."""
    found = {}

    def walk(kids):
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            if isinstance(kid, IndirectObject) and kid.idnum not in found:
                element = kid.get_object()
                if element.get("/Type", "/StructElem") == "/StructElem" and "/S" in element:
                    found[kid.idnum] = element
                    walk(element.get("/K", []))

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def own_mcids(element, pages):
    """(page index, MCID) of the marked content that is directly element's."""
    page = pages.get(element.raw_get("/Pg").idnum) if "/Pg" in element else None
    kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
    for kid in kids:
        if isinstance(kid, int):
            yield page, kid
        elif isinstance(kid, DictionaryObject) and kid.get("/Type") == "/MCR":
            yield pages[kid.raw_get("/Pg").idnum], kid["/MCID"]


def test_the_patch_is_installed_for_the_weasyprint_it_was_verified_with():
    """A new WeasyPrint fails here first: check the patch against it, then update the version."""
    assert weasyprint.__version__ == VERIFIED_WEASYPRINT_VERSION
    assert installed()


def test_document_still_declares_pdf_ua_and_has_a_structure_tree(reader):
    root = reader.trailer["/Root"]
    xmp = ElementTree.fromstring(root["/Metadata"].get_object().get_data())
    # pdfuaid:part="1", written as an attribute (WeasyPrint 70) or as an element
    parts = [d.get(PDFUA_PART) for d in xmp.iter(RDF_DESCRIPTION)]
    assert "1" in parts + [part.text for part in xmp.iter(PDFUA_PART)]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    kinds = {element["/S"] for element in struct_elements(reader).values()}
    assert {"/Document", "/H1", "/Table", "/TH", "/TD"} <= kinds


def test_running_header_and_footer_are_pagination_artifacts_on_every_page(reader):
    """Margin-box text sits in one /Artifact /Pagination section and nothing else; all other
    text is tagged content with an MCID."""
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages, start=1):
        shown = marked_text(page)
        margins = {text: sections for text, sections in shown if text in (HEADER, f"Page {number}")}
        assert set(margins) == {HEADER, f"Page {number}"}, shown
        for text, sections in margins.items():
            assert [tag for tag, _ in sections] == ["/Artifact"], (number, text, sections)
            properties = sections[0][1]
            assert properties["/Type"] == "/Pagination"
            assert properties["/Subtype"] == ("/Header" if text == HEADER else "/Footer")
        body = [sections for text, sections in shown if text not in margins]
        assert body and all(mcid(sections[-1][1]) is not None for sections in body)


def test_all_marked_content_is_in_the_structure_tree_and_none_is_inside_an_artifact(reader):
    """Each page's MCIDs run 0..n-1, the ParentTree maps each one to a structure element that is
    reachable from the StructTreeRoot and holds that MCID, and no MCID sits inside an artifact."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    parent_tree = root["/ParentTree"].get_object()
    assert "/Kids" not in parent_tree  # WeasyPrint writes one flat /Nums array
    nums = parent_tree["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    elements, pages = struct_elements(reader), page_index(reader)
    for index, page in enumerate(reader.pages):
        marked, open_sections = [], []
        for args, op in ContentStream(page.get_contents(), reader).operations:
            if op in (b"BMC", b"BDC"):
                number = mcid(args[1]) if op == b"BDC" else None
                assert number is None or "/Artifact" not in open_sections, (index, number)
                open_sections.append(args[0])
                if number is not None:
                    marked.append(number)
            elif op == b"EMC":
                open_sections.pop()
        assert marked == list(range(len(marked))), index
        page_parents = parents[page["/StructParents"]]
        assert len(page_parents) == len(marked), index
        for number, reference in zip(marked, page_parents, strict=True):
            assert reference.idnum in elements, (index, number)  # reachable from the root
            assert (index, number) in set(own_mcids(elements[reference.idnum], pages))


def test_table_header_cells_have_the_scope_the_html_gives(reader):
    """Every /TH, found by its text, has /A << /O /Table /Scope ... >> as its HTML th says."""
    pages = page_index(reader)
    texts = {}
    for index, page in enumerate(reader.pages):
        for text, sections in marked_text(page):
            if sections and mcid(sections[-1][1]) is not None:
                texts[index, mcid(sections[-1][1])] = text
    elements = struct_elements(reader)

    def text_of(element):
        parts = [texts[key] for key in own_mcids(element, pages)]
        for kid in element["/K"] if isinstance(element["/K"], list) else []:
            if isinstance(kid, IndirectObject) and kid.idnum in elements:
                parts.append(text_of(elements[kid.idnum]))
        return " ".join(parts)

    scopes = {}
    for element in elements.values():
        if element["/S"] == "/TH":
            assert element["/A"]["/O"] == "/Table"
            scopes.setdefault(text_of(element), set()).add(element["/A"].get("/Scope"))
    assert scopes.pop("Question") == scopes.pop("Answer") == {"/Column"}  # repeated on each page
    # A th without scope is a column header: the rule WeasyPrint's own /Headers follow.
    assert scopes.pop("Total") == {"/Column"}
    assert scopes == {f"Question {i}": {"/Row"} for i in range(ROWS)}


def test_untagged_pdf_is_left_alone():
    """The patch is global, so a render without tags must not gain any marked content."""
    page = PdfReader(io.BytesIO(weasyprint.HTML(string=DOCUMENT).write_pdf())).pages[0]
    operators = {op for _, op in ContentStream(page.get_contents(), page.pdf).operations}
    assert b"BT" in operators and not operators & {b"BMC", b"BDC", b"EMC"}


def test_known_weasyprint_limitation_a_table_over_pages_is_one_table_per_page(reader):
    """Documents WeasyPrint 70 as it is, not what we want: it builds the structure tree page by
    page (weasyprint.pdf.tags.add_tags), so a table over four pages is four sibling /Table
    elements under /Document, each with the repeated header row as its own /THead.
    https://github.com/Kozea/WeasyPrint/issues/2903 -- if this fails after an upgrade, the
    limitation may be gone: check, then update this test and ARCHITECTURE.md."""
    pages = page_index(reader)
    document = reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0].get_object()
    tables = [kid.get_object() for kid in document["/K"]]
    tables = [element for element in tables if element["/S"] == "/Table"]
    assert len(tables) == len(pages) >= 3
    assert [pages[table.raw_get("/Pg").idnum] for table in tables] == list(range(len(pages)))
    for table in tables:
        assert [kid.get_object()["/S"] for kid in table["/K"]] == ["/THead", "/TBody"]
