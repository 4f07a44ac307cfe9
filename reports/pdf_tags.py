"""Two fixes to WeasyPrint's PDF/UA tagging, applied by patching WeasyPrint once, at import.

Written for and verified against WeasyPrint 70.0 only (`VERIFIED_WEASYPRINT_VERSION`). It
replaces two private functions, so on any other version `install()` patches nothing and logs a
warning (WeasyPrint's own tagging is used, faults and all), and the test suite fails
(tests/reports/test_pdf_tags.py) until the patch is checked again and the version updated here.

1. Running headers and footers. WeasyPrint draws the text of @page margin boxes as tagged
   marked content (`/Span <</MCID n>> BDC`), maps those MCIDs in the ParentTree to structure
   elements that hang nowhere in the tree, and so leaves them neither real content nor
   artifacts. Here each margin box is drawn as one `/Artifact <</Type /Pagination ...>> BDC`
   section (Subtype /Header for @top-*, /Footer for @bottom-*) with no MCID inside, and gets no
   structure elements and no ParentTree entries.
2. Table header scope. Each /TH structure element gets /Scope in its /A dictionary: /Row for
   `scope="row"` or `"rowgroup"`, /Column otherwise, including a th with no scope. That is the
   rule WeasyPrint itself uses when it lists the /Headers of data cells (except that it takes
   "rowgroup" for a column header), so /Scope and /Headers agree. The report's templates give
   every th an explicit scope of "col" or "row".

Not fixed: a table (or any element) split over pages becomes one structure element per page,
because WeasyPrint builds the tree page by page (`weasyprint.pdf.tags.add_tags`), see
https://github.com/Kozea/WeasyPrint/issues/2903.

Use: `tagged_pdf(html, stylesheets=[...])` instead of `html.write_pdf(...)`. The patch is global:
once this module is imported, every tagged render in the process (PDF/UA or PDF/A-a) behaves
the same way, and untagged renders are untouched. It is installed once, under a lock, before any
render can use it, and keeps no state between renders; the only state during a render lives on
that render's own page stream, so renders in parallel threads do not interfere.
"""

import logging
import threading

import pydyf
import weasyprint
import weasyprint.draw
import weasyprint.pdf.tags
from weasyprint.formatting_structure.boxes import MarginBox

VERIFIED_WEASYPRINT_VERSION = "70.0"
PDF_VARIANT = "pdf/ua-1"
_SUBTYPES = {"@top": "/Header", "@bottom": "/Footer"}
_ROW_SCOPES = {"row", "rowgroup"}

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_originals = {}  # name -> WeasyPrint's own function, filled by install()


def installed() -> bool:
    """Whether WeasyPrint is patched (False on a version this module was not verified with)."""
    return bool(_originals)


def install() -> None:
    """Patch WeasyPrint's tagging once; calling it again does nothing."""
    with _lock:
        if _originals:
            return
        if weasyprint.__version__ != VERIFIED_WEASYPRINT_VERSION:
            logger.warning(
                "WeasyPrint %s is not %s: PDF tagging left unpatched",
                weasyprint.__version__,
                VERIFIED_WEASYPRINT_VERSION,
            )
            return
        _originals["draw"] = weasyprint.draw.draw_stacking_context
        _originals["tree"] = weasyprint.pdf.tags._build_box_tree
        # Both are looked up as module globals at every call, recursive calls included.
        weasyprint.draw.draw_stacking_context = _draw_stacking_context
        weasyprint.pdf.tags._build_box_tree = _build_box_tree


def tagged_pdf(
    html: weasyprint.HTML, *, pdf_variant: str = PDF_VARIANT, **write_pdf_kwargs
) -> bytes:
    """The document as a tagged PDF (PDF/UA-1 unless told otherwise), with both fixes applied."""
    return html.write_pdf(pdf_variant=pdf_variant, **write_pdf_kwargs)


def _draw_stacking_context(stream, stacking_context):
    """Draw a margin box as one pagination artifact, with tagging off inside it."""
    box = stacking_context.box
    if stream._tags is None or not isinstance(box, MarginBox):
        return _originals["draw"](stream, stacking_context)
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    if subtype := _SUBTYPES.get(box.at_keyword.split("-")[0]):
        properties["Subtype"] = subtype
    # With no tags dict, WeasyPrint's Stream.marked and .artifact emit nothing and record no
    # MCID, in this stream and in any stream cloned from it (opacity groups, patterns).
    tags, stream._tags = stream._tags, None
    stream.begin_marked_content("Artifact", properties)
    try:
        return _originals["draw"](stream, stacking_context)
    finally:
        stream.end_marked_content()
        stream._tags = tags


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    """WeasyPrint's structure elements for box, minus margin boxes, with /Scope on /TH."""
    if isinstance(box, MarginBox):
        return  # drawn as an artifact: nothing was marked, so nothing to map
    for element in _originals["tree"](box, parent, pdf, page_number, nums, annotations, tags):
        if element["S"] == "/TH" and box.element_tag == "th":
            scope = (box.element.get("scope") or "").strip().lower()
            element["A"]["Scope"] = "/Row" if scope in _ROW_SCOPES else "/Column"
        yield element


install()
