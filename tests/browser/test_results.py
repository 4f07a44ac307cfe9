"""The results pages read in Spanish with the keyboard alone, with no accessibility violations."""

from accounts.models import Role
from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.answering.lifecycle import vendor_add
from assessments.models import Question
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_worksheets import tab_to
from tests.factories import PASSWORD, make_assessment, make_membership


def answer(assessment, vendor=None, **selected):
    inputs = [
        AnswerInput(Question.objects.get(key=key), AnswerValue(selected=(value,)), (0, ""))
        for key, value in selected.items()
    ]
    answers_save(assessment=assessment, vendor=vendor, inputs=inputs, by=None)


def test_results_by_keyboard_in_spanish(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation, channels=["text", "chat"])
    answer(assessment, **{"devices-personal-use": "yes", "policy-emergencies": "yes"})
    vendor = vendor_add(assessment=assessment, name="Proveedor A")
    answer(assessment, vendor=vendor, **{"vendor-shares-data": "yes"})
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto(f"/es/assessments/{assessment.pk}/results/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Resultados")
    assert page.locator("table.score-grid caption").count() >= 1
    assert_accessible(page)
    # A blocking answer is explained and its "change" link is reached and followed by keyboard.
    tab_to(page, "Cambiar esta respuesta")
    page.keyboard.press("Enter")
    page.wait_for_url("**/assessments/**#question-*")
    assert_accessible(page)
    for path in (
        "methodology/",
        f"assessments/{assessment.pk}/actions/",
        f"assessments/{assessment.pk}/platforms/",
        f"assessments/{assessment.pk}/vendors/compare/",
    ):
        page.goto(f"/es/{path}")
        assert page.locator("html").get_attribute("lang") == "es"
        assert_accessible(page)
