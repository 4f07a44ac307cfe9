import re

import pytest
from django.utils.safestring import SafeString

from platforms.markup import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "![pixel](https://evil.example/x.png)",
    '<img src="https://evil.example/track.gif">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript&#58;alert(1)">click</a>',
    '<a href="java&#9;script:alert(1)">click</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">click</a>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(https://evil.example/x)">styled</p>',
    '<div onclick="alert(1)" onmouseover="alert(2)">hover</div>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example/"><input name="password"></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<a href="//evil.example/">protocol-relative</a>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<script>alert(1)</script>-->",
]

FORBIDDEN = re.compile(
    r"<script|<img|<svg|<iframe|<object|<embed|<style|<form|<input|<math|<base|"
    r"<meta|<link|\son\w+=|javascript:|vbscript:|data:|style=|evil\.example",
    re.IGNORECASE,
)


def test_there_are_plenty_of_payloads():
    assert len(XSS_PAYLOADS) >= 15


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_is_neutralised(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    assert isinstance(html, SafeString)
    assert not FORBIDDEN.search(html), html
    assert "Before" in html and "After" in html


def test_ordinary_markdown_survives():
    html = render_markdown(
        "## Heading\n\nSome *emphasis*, **strong** and `code`.\n\n- one\n- two\n\n"
        "1. first\n2. second\n\n> quoted\n\n[The Hotline](https://www.thehotline.org/) and "
        "[write](mailto:help@example.org) "
        "and [a guide](/en/guides/breach-response/)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    for expected in [
        "<h2>Heading</h2>",
        "<em>emphasis</em>",
        "<strong>strong</strong>",
        "<code>code</code>",
        "<li>one</li>",
        "<ol>",
        "<blockquote>",
        "<table>",
        "<td>1</td>",
        '<a href="https://www.thehotline.org/" rel="noopener noreferrer">The Hotline</a>',
        '<a href="mailto:help@example.org" rel="noopener noreferrer">write</a>',
        '<a href="/en/guides/breach-response/" rel="noopener noreferrer">a guide</a>',
    ]:
        assert expected in html


def test_text_that_looks_like_html_is_shown_not_run():
    html = render_markdown("Use `<script>` tags? Never. 5 < 6 & 7 > 3.")
    assert "<code>&lt;script&gt;</code>" in html
    assert "5 &lt; 6 &amp; 7 &gt; 3" in html


def test_empty_body():
    assert render_markdown("") == ""
