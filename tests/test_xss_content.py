"""Admin-edited content full of XSS payloads renders inert on every page that shows it, and the
PDF report made from it fetches nothing but our own stylesheet."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from assessments.models import Choice, Question, Recommendation
from platforms.models import Guide, Platform, PlatformFact
from reports.data import report_data
from reports.pdf import (
    BASE_URL,
    STYLESHEET,
    StaticOnlyFetcher,
    render_report_html,
    static_prefix,
)
from reports.pdf import render_report_pdf as pdf_of
from tests.assessments.helpers import questions_of, section_post
from tests.factories import client_for, make_assessment

PAYLOADS = [
    "<script>alert('x1')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>/*</script><script>alert('x3')//*/</script>",
    "<scr<script>ipt>alert('x4')</scr</script>ipt>",
    "<img src=x onerror=alert('x5')>",
    '"><img src=x onerror=alert(6)>',
    "'><svg onload=alert(7)>",
    "<svg><script>alert(8)</script></svg>",
    "<svg/onload=alert(9)>",
    "<svg><animate onbegin=alert(10) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(11)"><text x=20 y=20>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(12)>",
    '<math href="javascript:alert(13)">x</math>',
    "<body onload=alert(14)>",
    '<iframe src="javascript:alert(15)"></iframe>',
    '<iframe srcdoc="<script>alert(16)</script>"></iframe>',
    '<object data="javascript:alert(17)"></object>',
    '<embed src="javascript:alert(18)">',
    '<a href="javascript:alert(19)">click</a>',
    '<a href="JaVaScRiPt:alert(20)">click</a>',
    '<a href="jav&#x09;ascript:alert(21)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(22)">x</a>',
    '<a href="java\nscript:alert(23)">x</a>',
    '<a href=" javascript:alert(24)">x</a>',
    "[click](javascript:alert(25))",
    "[click](JAVASCRIPT:alert(26))",
    "[click](javascript&#58;alert(27))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgyOCk8L3NjcmlwdD4=)",
    "[click](vbscript:msgbox(29))",
    "![img](javascript:alert(30))",
    "![img](https://tracker.example/pixel.png)",
    '<a href="//evil.example/32">x</a>',
    '<div style="background:url(javascript:alert(33))">x</div>',
    '<div style="width: expression(alert(34))">x</div>',
    "<style>@import 'https://evil.example/35.css';</style>",
    "<style>body{background:url(https://evil.example/36.png)}</style>",
    "<link rel=stylesheet href=https://evil.example/37.css>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(38)">',
    '<base href="https://evil.example/39/">',
    '<form action="javascript:alert(40)"><button>x</button></form>',
    "<input onfocus=alert(41) autofocus>",
    "<details open ontoggle=alert(42)>",
    "<video><source onerror=alert(43)></video>",
    "<audio src=x onerror=alert(44)>",
    "<marquee onstart=alert(45)>x</marquee>",
    '<img src="x" onerror="&#97;lert(46)">',
    "<img src=x:alert(47) onerror=eval(src)>",
    "%3Cscript%3Ealert(48)%3C/script%3E",
    "&lt;script&gt;alert(49)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(50)\\u003c/script\\u003e",
    "<img src=x onerror=alert(51)",
    "<script>alert(52)",
    "<<script>script>alert(53)<</script>/script>",
    "<!--<script>alert(54)</script>-->",
    "<![CDATA[<script>alert(55)</script>]]>",
    '<p title="</p><script>alert(56)</script>">x</p>',
    '<a href="https://ok.example/" onclick="alert(57)">ok</a>',
    '<td background="javascript:alert(58)">',
    '<table background="javascript:alert(59)"><tr><td>x</td></tr></table>',
    "`<script>alert(60)</script>`",
    '<noscript><p title="</noscript><img src=x onerror=alert(61)>">',
    "<template><script>alert(62)</script></template>",
    "<isindex type=image src=1 onerror=alert(63)>",
    "<x onmouseover=alert(64)>hover</x>",
]
# Tags a payload must never add, attributes it must never add, URL schemes never allowed.
DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "base", "meta", "link", "style", "img", "svg",
    "math", "form", "input", "button", "video", "audio", "source", "details", "marquee",
    "template", "noscript", "frame", "frameset", "applet", "isindex", "animate", "x", "body",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "xlink:href"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Counter()

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.found[("tag", tag, tuple(sorted(a for a, _ in attrs)))] += 1
        for name, value in attrs:
            squeezed = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.found[("handler", tag, name)] += 1
            if name in URL_ATTRIBUTES and squeezed.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.found[("url", tag, name, squeezed)] += 1
            if name == "style" and ("expression(" in squeezed or "url(" in squeezed):
                self.found[("style", tag, squeezed)] += 1


def dangers(html: str) -> Counter:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def assert_inert(before: str, after: str, where: str) -> None:
    """The payload page adds no script, handler, dangerous tag or script URL to the benign one."""
    added = dangers(after) - dangers(before)
    assert not added, (where, added)
    assert "alert(" not in "".join(
        line for line in after.splitlines() if "<script" in line.lower()
    ), where


def _payload(index: int) -> str:
    return PAYLOADS[index % len(PAYLOADS)]


ALL = "\n\n".join(PAYLOADS)


def _write_content(benign: bool) -> None:
    """Every admin-edited content field, with payloads (or with plain text, for the baseline)."""
    for n, guide in enumerate(Guide.objects.order_by("pk")):
        guide.title_en = f"Guide {n}" if benign else _payload(n)[:200]
        guide.summary_en = "Summary." if benign else _payload(n + 1)[:600]
        guide.body_en = "Body." if benign else ALL
        guide.save()
    for n, question in enumerate(Question.objects.order_by("pk")):
        question.text_en = f"Question {n}?" if benign else _payload(n) + " " + _payload(n + 7)
        question.help_en = "Help." if benign else ALL
        question.save(update_fields=["text_en", "help_en"])
    for n, choice in enumerate(Choice.objects.order_by("pk")):
        choice.label_en = f"Choice {n}" if benign else _payload(n)[:300]
        choice.save(update_fields=["label_en"])
    for n, recommendation in enumerate(Recommendation.objects.order_by("pk")):
        recommendation.title_en = f"Do {n}" if benign else _payload(n)[:200]
        recommendation.text_en = "Text." if benign else ALL
        recommendation.save(update_fields=["title_en", "text_en"])
    for n, platform in enumerate(Platform.objects.order_by("pk")):
        platform.description_en = "A platform." if benign else _payload(n)[:1000]
        platform.save(update_fields=["description_en"])
    for n, fact in enumerate(PlatformFact.objects.order_by("pk")):
        fact.note_en = "A note." if benign else _payload(n)[:1000]
        fact.save(update_fields=["note_en"])


def test_every_payload_is_short_enough_for_any_field_and_there_are_enough():
    assert len(PAYLOADS) >= 50
    assert all(len(p) <= 200 for p in PAYLOADS)


@pytest.mark.django_db
def test_admin_content_full_of_payloads_renders_inert(director, monkeypatch):
    assert Guide.objects.published().exists() and Platform.objects.exists()
    assert Recommendation.objects.exists() and PlatformFact.objects.exists()
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    questions = questions_of("readiness", "purpose")
    values = {f"q-{q.key}": _low_answer(q) for q in questions}
    response = client.post(
        f"/en/assessments/{assessment.pk}/readiness/purpose/",
        section_post(assessment, questions, {k: v for k, v in values.items() if v}),
    )
    assert response.status_code == 302
    guide = Guide.objects.published().order_by("pk").first()
    platform = Platform.objects.order_by("pk").first()
    pages = {
        "guide": f"/en/guides/{guide.slug}/",
        "guides": "/en/guides/",
        "section": f"/en/assessments/{assessment.pk}/readiness/purpose/",
        "results": f"/en/assessments/{assessment.pk}/results/",
        "chart": "/en/platforms/",
        "platform": f"/en/platforms/{platform.slug}/",
        "report": f"/en/assessments/{assessment.pk}/report/",
    }

    def render_all():
        rendered = {}
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            rendered[name] = response.content.decode()
        data = report_data(assessment=assessment)
        rendered["report-pdf-html"] = render_report_html(data=data, for_pdf=True)
        return rendered, data

    _write_content(benign=True)
    before, _ = render_all()
    _write_content(benign=False)
    after, data = render_all()
    for name in after:
        assert_inert(before[name], after[name], name)
    # The payloads did reach the pages (escaped or sanitized), so the checks above mean something.
    assert "&lt;script&gt;alert(&#x27;x1&#x27;)" in after["guide"] + after["section"]
    assert any(group["text"] for group in data["before_launch"] + data["other_advice"])

    fetched = []
    original = StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording)
    assert pdf_of(data=data).startswith(b"%PDF")
    assert set(fetched) == {BASE_URL + static_prefix().lstrip("/") + STYLESHEET}, fetched


def _low_answer(question) -> str:
    """An answer that gives a low score (so findings and their recommendations show)."""
    keys = [c.key for c in question.choices.all()]
    for key in ("no", "1", "unsure"):
        if key in keys:
            return key
    return ""
