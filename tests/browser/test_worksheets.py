"""A whole worksheet filled with the keyboard only, in Spanish, with autosave and a reload midway."""

import re

import pytest

from accounts.models import Role
from assessments.models import Answer, Question
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_assessment, make_membership

ACTIVE = "document.activeElement"


def tab_to(page, name, limit=300):
    """Press Tab until the focused element is the named field (or button text)."""
    for _ in range(limit):
        current = page.evaluate(f"[{ACTIVE}.name || '', ({ACTIVE}.textContent || '').trim()]")
        if name in current:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"never reached {name!r} with Tab")


def answer_question_by_keyboard(page, fieldset) -> tuple[str, object]:
    """Answer one question with the keyboard; returns (key, what should be stored)."""
    key = fieldset.get_attribute("data-question")
    radios = fieldset.locator("input[type=radio]")
    boxes = fieldset.locator("input[type=checkbox]")
    tab_to(page, f"q-{key}")
    if radios.count():
        page.keyboard.press("Space")  # first option
        page.keyboard.press("ArrowDown")  # the next one: arrows move and select
        return key, [radios.nth(1).get_attribute("value")]
    if boxes.count():
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        return key, [boxes.nth(0).get_attribute("value"), boxes.nth(1).get_attribute("value")]
    if fieldset.locator("input[type=number]").count():
        page.keyboard.type("12")
        return key, "12"
    page.keyboard.type("Plan del programa, sin datos de sobrevivientes")
    return key, "Plan del programa, sin datos de sobrevivientes"


def wait_until_saved(page):
    """Until nothing waits to be saved and every question that was saved says so itself (the
    page-wide status only repeats the latest question's message)."""
    page.wait_for_function(
        "() => document.querySelector('form.worksheet-form').dataset.autosavePending === '0'"
        " && document.getElementById('autosave-status').textContent.startsWith('Guardado a las')"
        " && [...document.querySelectorAll('[data-status-for]')].every("
        "    el => !el.textContent.trim() || el.textContent.startsWith('Guardado a las'))",
        timeout=60_000,
    )


def stored(key):
    answer = Answer.objects.get(question__key=key)
    return answer.selected or (
        format(answer.number.normalize(), "f") if answer.number is not None else answer.text
    )


def test_fill_the_platform_worksheet_with_the_keyboard_in_spanish(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(
        organisation=director.organisation, channels=["text", "chat", "video"]
    )
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto(f"/es/assessments/{assessment.pk}/")
    assert_accessible(page)
    platform_title = (
        Question.objects.filter(section__worksheet__key="platform")
        .first()
        .section.worksheet.title_es
    )
    tab_to(page, f"Trabajar en «{platform_title}»")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expected = {}
    sections_seen = 0
    while True:
        sections_seen += 1
        assert page.locator("html").get_attribute("lang") == "es"
        assert re.search(r"Sección \d+ de \d+", page.content())
        assert_accessible(page)
        for fieldset in page.locator("fieldset.question").all():
            key, value = answer_question_by_keyboard(page, fieldset)
            expected[key] = value
        page.keyboard.press("Tab")  # leave the last field so its change event fires
        wait_until_saved(page)
        if sections_seen == 2:
            # Reload midway: every acknowledged answer is still there.
            page.reload()
            for key, value in expected.items():
                if key in page.content():
                    _assert_shown(page, key, value)
        button = (
            "Guardar y continuar"
            if page.get_by_role("button", name="Guardar y continuar").count()
            else "Guardar y terminar esta hoja de trabajo"
        )
        tab_to(page, button)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        if button != "Guardar y continuar":
            break
    assert page.url.endswith(f"/es/assessments/{assessment.pk}/")
    assert_accessible(page)
    assert sections_seen == 4
    for key, value in expected.items():
        assert stored(key) == value, key
    assert Question.objects.filter(section__worksheet__key="platform").count() == len(expected)


def _assert_shown(page, key, value):
    fieldset = page.locator(f'fieldset[data-question="{key}"]')
    if isinstance(value, list):
        checked = fieldset.locator("input:checked")
        assert sorted(checked.evaluate_all("els => els.map(e => e.value)")) == sorted(value), key
    else:
        assert fieldset.locator(f'[name="q-{key}"]').input_value() == value, key


def test_sections_work_without_javascript(browser, live_server, shipped_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation)
    sign_in(page, director.user.email, PASSWORD)
    page.goto(f"/en/assessments/{assessment.pk}/readiness/purpose/")
    page.get_by_label("No", exact=True).first.check()
    page.get_by_role("button", name="Save", exact=True).click()
    assert "Saved at" in page.content()
    assert Answer.objects.get().selected == ["no"]
    context.close()


def test_autosave_says_when_it_could_not_save_and_retries_when_back_online(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation)
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto(f"/es/assessments/{assessment.pk}/readiness/purpose/")
    page.context.set_offline(True)
    page.locator('input[name="q-purpose-goals-written"][value="yes"]').check()
    status = page.get_by_role("status").filter(has_text="No se guardó")
    status.wait_for()
    assert not Answer.objects.exists()
    page.context.set_offline(False)
    wait_until_saved(page)
    assert Answer.objects.get().selected == ["yes"]
    page.reload()
    assert page.locator('input[name="q-purpose-goals-written"][value="yes"]').is_checked()


def test_autosave_of_number_scale_and_text_questions(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation)
    sign_in(page, director.user.email, PASSWORD)
    page.goto(f"/en/assessments/{assessment.pk}/readiness/purpose/")
    page.locator('input[name="q-purpose-community-support"][value="4"]').check()
    wait_until_saved_en(page)
    page.goto(f"/en/assessments/{assessment.pk}/readiness/staffing/")
    page.locator('[name="q-staffing-hours-per-week"]').fill("40")
    page.locator('[name="q-staffing-hours-per-week"]').press("Tab")
    wait_until_saved_en(page)
    page.goto(f"/en/assessments/{assessment.pk}/readiness/reassessment/")
    page.locator('[name="q-reassess-lead-role"]').fill("Program director")
    wait_until_saved_en(page)  # typing alone saves after a pause
    assert stored("purpose-community-support") == ["4"]
    assert stored("staffing-hours-per-week") == "40"
    assert stored("reassess-lead-role") == "Program director"
    assert_accessible(page)


def wait_until_saved_en(page):
    page.wait_for_function(
        "() => document.querySelector('form.worksheet-form').dataset.autosavePending === '0'"
        " && document.getElementById('autosave-status').textContent.startsWith('Saved at')",
        timeout=60_000,
    )


def test_conflict_page_is_accessible_and_keeps_my_answer(page, shipped_content):
    from assessments.answering.answers import AnswerInput, AnswerValue, answers_save

    # The page as it works without the autosave script (axe itself needs JavaScript to run).
    page.route("**/autosave.js", lambda route: route.abort())
    director = make_membership(role=Role.DIRECTOR)
    colleague = make_membership(organisation=director.organisation, role=Role.STAFF)
    assessment = make_assessment(organisation=director.organisation)
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto(f"/es/assessments/{assessment.pk}/readiness/purpose/")
    question = Question.objects.get(key="purpose-goals-written")
    answers_save(
        assessment=assessment,
        vendor=None,
        by=colleague.user,
        inputs=[
            AnswerInput(question, AnswerValue(selected=("yes",)), (0, AnswerValue().fingerprint()))
        ],
    )
    page.locator('input[name="q-purpose-goals-written"][value="no"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar", exact=True).click()
    assert "Otra persona cambió esta respuesta" in page.content()
    assert colleague.user.email in page.content()
    assert page.locator('input[name="q-purpose-goals-written"][value="no"]').is_checked()
    assert_accessible(page)
    assert Answer.objects.get().selected == ["yes"]


@pytest.mark.database_dependent("two autosaves from one page write at the same moment")
def test_answers_autosaved_at_the_same_moment_are_all_saved(page, shipped_content):
    """Every question of a page changed at once: as many autosaves in flight together."""
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation)
    sign_in(page, director.user.email, PASSWORD)
    replies = []
    page.on("response", lambda response: replies.append(response.status))
    page.goto(f"/en/assessments/{assessment.pk}/readiness/staffing/")
    changed = page.evaluate(
        """() => {
          const radios = [...document.querySelectorAll('fieldset.question')]
            .map(fieldset => fieldset.querySelector('input[type=radio]')).filter(Boolean);
          radios.forEach(radio => { radio.checked = true; });
          radios.forEach(radio => radio.dispatchEvent(new Event('change', {bubbles: true})));
          return radios.length;
        }"""
    )
    assert changed >= 3
    page.wait_for_function(
        "() => document.querySelector('form.worksheet-form').dataset.autosavePending === '0'",
        timeout=60_000,
    )
    assert Answer.objects.filter(assessment=assessment).count() == changed
    assert all(status < 500 for status in replies), replies
