"""The quick check in Spanish, by keyboard: fewer than 15 questions, the provisional verdict, the
one-page PDF (one page, Lang es, tagged), then the full assessment with the answers in place;
axe-core finds nothing on these pages."""

import io

from pypdf import PdfReader

from accounts.models import Role
from assessments.models import Answer, Assessment, AssessmentKind
from assessments.scoring.quick import quick_questions
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_membership


def press(page, selector, key="Enter"):
    page.locator(selector).focus()
    page.keyboard.press(key)


def _best_index(question) -> int:
    choices = list(question.choices.all())
    usable = [c for c in choices if not c.blocks and c.key not in ("unsure", "not-applicable")]
    best = max(usable, key=lambda c: sum(c.weights.values()))
    return choices.index(best)


def test_quick_check_in_spanish_by_keyboard(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto("/es/")
    press(page, "a[href$='/assessments/quick/new/']")
    page.wait_for_url("**/es/assessments/quick/new/")
    assert_accessible(page)
    press(page, "#id_channels_1", " ")  # web chat
    with page.expect_navigation():
        press(page, "main form button[type=submit]")
    quick = Assessment.objects.get(kind=AssessmentKind.QUICK)
    assert page.url.endswith(f"/es/assessments/{quick.pk}/quick/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page)

    asked = page.locator("fieldset.question")
    assert 0 < asked.count() <= 15
    keys = [asked.nth(i).get_attribute("data-question") for i in range(asked.count())]
    by_key = {q.key: q for q in quick_questions()}
    for key in keys:
        question = by_key[key]
        if key == "platform-survivor-download":
            choice = [c.key for c in question.choices.all()].index("yes")  # an app: blocks chat
        else:
            choice = _best_index(question)
        press(page, f"#id_q-{key}_{choice}", " ")
    with page.expect_navigation():
        press(page, "button[name=continue]")
    assert page.url.endswith(f"/es/assessments/{quick.pk}/quick/plan/")
    text = page.content()
    assert "provisional" in text and "Todavía no empiece en este canal" in text
    assert "Listo" not in text and "1-800-799-7233" in text
    assert_accessible(page)

    pdf = page.request.get(f"/es/assessments/{quick.pk}/quick/plan.pdf?paper=a4")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.body()))
    root = reader.trailer["/Root"]
    assert len(reader.pages) == 1 and root["/Lang"] == "es" and "/StructTreeRoot" in root
    assert "Todavía no empiece" in reader.pages[0].extract_text()

    with page.expect_navigation():
        press(page, "form[action$='/quick/continue/'] button")
    full = Assessment.objects.get(grown_from=quick)
    assert page.url.endswith(f"/es/assessments/{full.pk}/")
    assert_accessible(page)
    copied = dict(Answer.objects.filter(assessment=full).values_list("question__key", "selected"))
    assert set(copied) == set(keys) and copied["platform-survivor-download"] == ["yes"]
    page.goto(f"/es/assessments/{full.pk}/platform/survivor-access/")
    assert page.locator("#id_q-platform-survivor-download_0").is_checked()
    page.goto("/es/assessments/")
    assert "Revisión rápida, provisional" in page.content()
    assert_accessible(page)
