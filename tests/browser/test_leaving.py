"""The browser's "Leave site?" dialog: never on the page's own Save, still when leaving with an unsaved answer."""

from accounts.models import Role
from assessments.models import Answer
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_assessment, make_membership


def open_section(page):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation)
    sign_in(page, director.user.email, PASSWORD)
    page.goto(f"/en/assessments/{assessment.pk}/readiness/purpose/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    return assessment, dialogs


def hold_autosaves(page) -> list:
    """Keep every autosave request in flight (never answered): the routes held so far."""
    held = []
    page.route("**/autosave/", lambda route: held.append(route))
    return held


def test_save_and_continue_during_an_autosave_never_asks_to_leave(page, shipped_content):
    assessment, dialogs = open_section(page)
    held = hold_autosaves(page)
    page.locator("[data-question='purpose-goals-written'] input[value='yes']").check()
    page.wait_for_function(
        "() => document.querySelector('form.worksheet-form').dataset.autosavePending !== '0'"
    )
    assert held, "the autosave should be in flight"
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/readiness/audience/")
    assert dialogs == []
    assert Answer.objects.get(question__key="purpose-goals-written").selected == ["yes"]


def test_leaving_by_a_link_with_an_unsaved_answer_still_asks(page, shipped_content):
    assessment, dialogs = open_section(page)
    page.route("**/autosave/", lambda route: route.abort())  # the answer cannot be saved
    page.locator("[data-question='purpose-goals-written'] input[value='no']").check()
    page.wait_for_function(
        "() => document.querySelector('form.worksheet-form').dataset.autosavePending !== '0'"
    )
    page.get_by_role("link", name=assessment.name).first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/readiness/purpose/")  # dismissing the dialog kept the person here
