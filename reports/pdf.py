"""The readiness report rendered from its stored data: HTML for the screen, tagged PDF for print.

WeasyPrint fetches nothing from the network: `StaticOnlyFetcher` serves `data:` URLs and our own
static files, and refuses everything else (WeasyPrint logs the refusal and leaves the resource
out), so a hostile link or remote image in admin-written Markdown can never make a request.
"""

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from .data import REPORT_VERSION
from .pdf_tags import tagged_pdf
from .sections import report_display_data

# A reserved name (RFC 6761) that never resolves: relative URLs in the report join onto it, and
# the fetcher maps its /static/ paths onto our static files. Nothing is ever requested from it.
BASE_URL = "https://report.invalid/"
STYLESHEET = "css/report.css"
PAPER_SIZES = {"letter": "letter", "a4": "A4"}
PDF_VARIANT = "pdf/ua-1"
RENDERS_VERSIONS = {1, REPORT_VERSION}  # stored reports of every version listed here still render
_PAGE_FIELDS = re.compile(r"(%\(page\)s|%\(pages\)s)")


class FetchRefused(URLFetchingError):
    """A resource the report may not load: anything but data: URLs and our static files."""


def static_prefix() -> str:
    """The path our static files are served under, "/static/" by default."""
    path = urlsplit(settings.STATIC_URL).path
    return "/" + path.strip("/") + "/"


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URLs and our own static files; refuses http, https, file and the rest."""

    def __init__(self, **options):
        # Only data: ever reaches urllib's handlers; the static files are read here, from disk.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, **options)

    def fetch(self, url, headers=None):
        """The resource at url, or FetchRefused (WeasyPrint logs it and leaves it out)."""
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        path = self.static_path(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    @staticmethod
    def static_path(url: str) -> Path:
        """The file behind a static URL of the report (raises FetchRefused for any other URL)."""
        parts = urlsplit(url)
        prefix = static_prefix()
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(prefix):
            raise FetchRefused(f"not one of our static files: {url[:200]}")
        relative = unquote(parts.path[len(prefix) :])
        pieces = relative.replace("\\", "/").split("/")
        if not relative or "\x00" in relative or any(p in ("", ".", "..") for p in pieces):
            raise FetchRefused(f"not a plain static path: {url[:200]}")
        found = finders.find(relative)
        if not found:
            raise FetchRefused(f"no such static file: {url[:200]}")
        return Path(found)


def render_report_html(*, data: dict, for_pdf: bool = False, appendices: bool = True) -> str:
    """The report as one HTML document in its own language (the screen version links our CSS);
    without its appendices, it is the board report alone."""
    if data.get("version") not in RENDERS_VERSIONS:
        raise ValueError(f"cannot render report data of version {data.get('version')!r}")
    with translation.override(data["language"]):
        return render_to_string(
            "reports/document.html",
            {
                "data": report_display_data(data),
                "for_pdf": for_pdf,
                "appendices": appendices,
                "pdf_stylesheet": BASE_URL + static_prefix().lstrip("/") + STYLESHEET,
            },
        )


def css_string(text: str) -> str:
    """Text as a quoted CSS string: anything but letters, digits and spaces hex-escaped."""
    return (
        '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'
    )


def page_css(*, data: dict, paper: str) -> str:
    """The page size and both footers, with the words taken from the report's own data."""
    pages = []
    for part in _PAGE_FIELDS.split(data["footer"]["pages"]):
        if part == "%(page)s":
            pages.append("counter(page)")
        elif part == "%(pages)s":
            pages.append("counter(pages)")
        elif part:
            pages.append(css_string(part))
    # A user stylesheet: !important lets it win over report.css, the author's defaults.
    header = (
        f" @top-left {{ content: {css_string(data['header'])} !important }}"
        if data.get("header")
        else ""
    )
    return (
        f"@page {{ size: {PAPER_SIZES[paper]} !important;{header}"
        f" @bottom-left {{ content: {css_string(data['footer']['left'])} !important }}"
        f" @bottom-right {{ content: {' '.join(pages)} !important }} }}"
    )


def render_report_pdf(*, data: dict, paper: str = "letter", appendices: bool = True) -> bytes:
    """The report as a tagged PDF (PDF/UA-1) on letter or A4 paper, fetching nothing remote:
    running headers and footers as artifacts, header cells with their scope (pdf_tags.py)."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"unknown paper size {paper!r}")
    fetcher = StaticOnlyFetcher()
    html = weasyprint.HTML(
        string=render_report_html(data=data, for_pdf=True, appendices=appendices),
        base_url=BASE_URL,
        url_fetcher=fetcher,
    )
    extra = weasyprint.CSS(string=page_css(data=data, paper=paper), url_fetcher=fetcher)
    return tagged_pdf(html, stylesheets=[extra], pdf_variant=PDF_VARIANT)
