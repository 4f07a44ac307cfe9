import re

from accounts.models import Role
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import PASSWORD, make_membership

PUBLIC_PAGES = [
    "/en/",
    "/es/",
    "/en/sign-in/",
    "/es/sign-in/",
    "/en/sign-up/",
    "/es/sign-up/",
    "/en/password/reset/",
    "/es/password/reset/",
    "/en/no-such-page/",
    "/es/no-such-page/",
]


def test_public_pages_have_no_accessibility_violations(page):
    for path in PUBLIC_PAGES:
        page.goto(path)
        assert_accessible(page)


def test_sign_in_switch_language_and_manage_members(page):
    director = make_membership(role=Role.DIRECTOR)
    make_membership(organisation=director.organisation, role=Role.STAFF)
    sign_in(page, director.user.email, PASSWORD)
    assert_accessible(page)
    page.get_by_role("link", name="Members").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Members of")
    assert_accessible(page)
    page.get_by_role("button", name="Español").click()
    page.wait_for_url(re.compile(r"/es/organisation/members/$"))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Miembros de")
    assert_accessible(page)
    page.goto("/")
    assert page.url.endswith("/es/")  # the choice sticks
    page.get_by_role("link", name="Cambiar la contraseña").click()
    assert_accessible(page)
    page.get_by_role("button", name="Cerrar sesión").click()
    assert_accessible(page)


def test_failed_sign_in_shows_an_accessible_error_summary(page):
    director = make_membership(role=Role.DIRECTOR)
    sign_in(page, director.user.email, "wrong password", lang="es")
    summary = page.get_by_role("alert")
    assert "Hay un problema" in summary.inner_text()
    assert page.get_by_label("Correo electrónico").input_value() == director.user.email
    assert_accessible(page)


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/es/")
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.textContent.trim()")
        == "Saltar al contenido principal"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_only_sign_in(page):
    director = make_membership(role=Role.DIRECTOR)
    page.goto("/en/sign-in/")
    # The e-mail field takes focus on arrival (the browser applies autofocus just after the
    # page loads, so wait for it); the rest is typing, Tab and Enter.
    page.wait_for_function("document.activeElement && document.activeElement.name === 'username'")
    page.keyboard.type(director.user.email)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/$"))
    assert director.organisation.name in page.content()


def test_on_a_phone_the_menu_folds_and_opens_by_keyboard_without_javascript(
    browser, live_server, transactional_db
):
    """On a 375-pixel screen the eight links took about 245 pixels of every page."""
    director = make_membership(role=Role.DIRECTOR)
    for javascript in (False, True):  # axe itself needs JavaScript: checked in the second pass
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": 375, "height": 740},
            java_script_enabled=javascript,
        )
        page = context.new_page()
        sign_in(page, director.user.email, PASSWORD, lang="es")
        header = page.locator("header").bounding_box()
        assert header["height"] < 110, header
        members = page.get_by_role("link", name="Miembros")
        assert not members.is_visible()
        assert page.get_by_role("button", name="English").is_visible()  # the language: one tap
        if javascript:
            assert_accessible(page)
        page.locator("summary.site-menu-toggle").focus()
        page.keyboard.press("Enter")
        assert members.is_visible()
        if javascript:
            assert_accessible(page)
        page.keyboard.press("Tab")  # the menu's links come next in the focus order
        assert page.evaluate("document.activeElement.textContent.trim()") == "Inicio"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # and it closes again
        assert not members.is_visible()
        context.close()


def test_on_a_wide_screen_the_links_show_without_a_menu_button(page):
    director = make_membership(role=Role.DIRECTOR)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, director.user.email, PASSWORD)
    assert page.get_by_role("link", name="Members").is_visible()
    assert not page.locator("summary.site-menu-toggle").is_visible()
