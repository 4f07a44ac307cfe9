"""Markdown written in the admin, turned into HTML that is safe to show to the public."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

# An allow-list: anything not named here (script, style, img, iframe, svg, form, on* handlers,
# style attributes, classes, ids) is removed. There is no <img> at all: we keep no image store
# of our own, and a remote image would leak every reader's address to another site.
ALLOWED_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "ul",
    "ol",
    "li",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Links go to http(s)/mailto or stay on this site ("/en/guides/..." or "#part"); nothing else.

    nh3 already drops unknown schemes; this also drops protocol-relative links ("//elsewhere")
    and anything a browser could still read as a scheme once it removes tabs and newlines.
    """
    if (tag, name) != ("a", "href"):
        return value
    squeezed = "".join(value.split()).lower()
    if squeezed.startswith(("http://", "https://", "mailto:", "#")):
        return value
    if squeezed.startswith("/") and not squeezed.startswith("//") and ":" not in squeezed:
        return value
    return None


_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_keep_attribute,
)


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML and keep only the allow-listed tags, attributes and link schemes."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return mark_safe(_cleaner.clean(html))
