"""Re-assessing and comparing in Spanish, by keyboard, with no accessibility violations."""

from accounts.models import Role
from assessments.answering.lifecycle import vendor_add
from assessments.models import Assessment
from reports.signoff import assessment_finalise
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_results import answer
from tests.factories import PASSWORD, make_assessment, make_membership


def test_reassess_and_compare_in_spanish(page, shipped_content):
    director = make_membership(role=Role.DIRECTOR)
    earlier = make_assessment(
        organisation=director.organisation, channels=["text", "chat"], report_language="es"
    )
    answer(earlier, **{"reassess-date": "no", "devices-personal-use": "yes"})
    answer(
        earlier,
        vendor=vendor_add(assessment=earlier, name="Proveedor A"),
        **{"vendor-shares-data": "yes"},
    )
    assessment_finalise(assessment=earlier, by=director.user)
    sign_in(page, director.user.email, PASSWORD, lang="es")
    page.goto(f"/es/assessments/{earlier.pk}/")
    button = page.locator("form[action$='/reassess/'] button")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/es/assessments/{earlier.pk + 1}/")
    new = Assessment.objects.get(started_from=earlier)
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#needs-a-look-heading").is_visible()
    assert_accessible(page)
    page.goto(f"/es/assessments/{new.pk}/compare/")
    assert page.locator("table caption").count() == 2  # text and chat
    assert page.locator("#id_with").input_value() == str(earlier.pk)
    assert_accessible(page)
    page.locator("#id_with").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/compare/?with={earlier.pk}")
    assert page.locator("table caption").count() == 2
    for path in (f"assessments/{new.pk}/report/", "assessments/", f"assessments/{earlier.pk}/"):
        page.goto(f"/es/{path}")
        assert page.locator("html").get_attribute("lang") == "es"
        assert_accessible(page)
    assert page.locator("#comparison-heading").count() == 0

    # Each carried-over answer says so on its page; saving the page as it is confirms it.
    page.goto(f"/es/assessments/{new.pk}/finalize/")
    assert page.locator("#needs-a-look-heading").is_visible()
    assert_accessible(page)
    page.goto(f"/es/assessments/{new.pk}/readiness/reassessment/")
    notice = page.get_by_text("Esta respuesta se trajo de la evaluación anterior")
    assert notice.count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Guardar", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert notice.count() == 0
    assert not new.answers.get(question__key="reassess-date").carried_over
