"""A coalition invites a program, the program's director joins and consents, the coalition sees
it counted: in Spanish, by keyboard; axe-core finds nothing on these pages in either language."""

from accounts.models import Organisation, OrganisationKind, Role
from coalitions.models import CoalitionMembership
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_membership


def press(page, selector, key="Enter"):
    page.locator(selector).focus()
    page.keyboard.press(key)


def sign_out(page):
    page.context.clear_cookies()


def test_a_coalition_invites_and_a_program_consents_in_spanish(page, shipped_content):
    coalition = Organisation.objects.create(
        name="Coalición Estatal", kind=OrganisationKind.COALITION
    )
    coalition_director = make_membership(organisation=coalition, role=Role.DIRECTOR)
    program_director = make_membership(role=Role.DIRECTOR)

    sign_in(page, coalition_director.user.email, PASSWORD, lang="es")
    page.goto("/es/coalition/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page)
    page.locator("#id_email").focus()
    page.keyboard.type(program_director.user.email)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "la invitación espera ahora" in page.content()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, program_director.user.email, PASSWORD, lang="es")
    page.goto("/es/organisation/coalitions/")
    assert_accessible(page)
    membership = CoalitionMembership.objects.get()
    with page.expect_navigation():
        press(page, f"form[action$='/{membership.pk}/accept/'] button")
    assert "Se unió a Coalición Estatal" in page.content()
    press(page, f"#id_c{membership.pk}-share_1", " ")  # figures, without the name
    with page.expect_navigation():
        press(page, f"form[action$='/{membership.pk}/consent/'] button")
    membership.refresh_from_db()
    assert membership.share_scores and not membership.share_name
    assert_accessible(page)
    page.goto("/en/organisation/coalitions/")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, coalition_director.user.email, PASSWORD, lang="es")
    page.goto("/es/coalition/")
    assert "1 programa miembro comparte sus cifras" in page.content()
    assert program_director.organisation.name in page.content()  # listed as a member
    assert "comparte sus cifras sin su nombre" in page.content()
    page.goto("/en/coalition/")
    assert "1 member program shares its figures with you." in page.content()
    assert_accessible(page)
