import re

import pytest

from platforms.content import load_content
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, make_admin


def tab_to(page, selector: str, limit: int = 250):
    """Press Tab (keyboard only) until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_chart_platform_comparison_and_guides_have_no_accessibility_violations(page, lang):
    load_content()
    for path in [
        "platforms/",
        "platforms/?channel=sms&must=no_account&must=nonsense",
        "platforms/jitsi-meet/",
        "platforms/cyph/",
        "platforms/compare/?p=jitsi-meet&p=resourceconnect&p=doxy-me",
        "platforms/compare/?p=cyph",
        "guides/",
        "guides/best-practice-principles/",
        "guides/national-hotlines/",
        "guides/no-such-guide/",
    ]:
        page.goto(f"/{lang}/{path}")
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page)


def test_chart_filters_and_comparison_with_the_keyboard_only(page):
    load_content()
    page.goto("/en/platforms/")
    tab_to(page, "#channel-sms")
    page.keyboard.press("Space")
    tab_to(page, "#must-no_account")
    page.keyboard.press("Space")
    tab_to(page, ".chart-filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"channel=sms&must=no_account"))
    assert page.get_by_text("Showing 1 of 5 platforms.").is_visible()
    assert page.get_by_role("row").filter(has_text="ResourceConnect").count() == 1

    page.goto("/es/platforms/")
    tab_to(page, "#compare-jitsi-meet")
    page.keyboard.press("Space")
    tab_to(page, "#compare-doxy-me")
    page.keyboard.press("Space")
    tab_to(page, ".chart-compare button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/es/platforms/compare/\?p="))
    assert page.get_by_role("heading", level=1).inner_text() == "Comparar plataformas"
    headers = page.locator("table.compare-table thead th[scope=col] a").all_inner_texts()
    assert headers == ["Doxy.me", "Jitsi Meet"]
    assert_accessible(page)


def test_chart_reads_at_320_pixels_without_sideways_scrolling_of_the_page(page):
    load_content()
    page.set_viewport_size({"width": 320, "height": 800})
    for path in [
        "/en/platforms/",
        "/es/platforms/jitsi-meet/",
        "/en/platforms/compare/?p=jitsi-meet&p=cyph",
        "/es/guides/breach-response/",
    ]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


def test_admin_edits_a_guide_in_tabs_and_previews_it(page):
    load_content()
    admin = make_admin()
    page.goto("/en/admin/login/")
    page.fill("#id_username", admin.email)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/admin/$"))
    page.get_by_role("link", name=re.compile("Translation status")).click()
    assert page.get_by_text(re.compile(r"100% of \d+ translated texts are current")).is_visible()
    page.goto("/en/admin/platforms/guide/?q=web-chat")
    page.get_by_role("link", name="Web chat with survivors").click()
    # modeltranslation's tabs work (jQuery UI served from our origin): Spanish is one click away.
    page.locator(".ui-tabs-nav").first.wait_for()
    body_es = page.locator("#id_body_es")
    assert not body_es.is_visible()
    page.locator(".ui-tabs-nav a", has_text="ES").last.click()
    assert body_es.is_visible()
    body_es.fill(body_es.input_value() + "\n\nUna frase nueva.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Preview in Spanish").click()
    assert page.url.endswith("/es/guides/web-chat/preview/")
    assert page.get_by_text("Una frase nueva.").is_visible()
    assert_accessible(page)
