"""Playwright driving Debian's Chromium, with axe-core, against pytest-django's live server.

Every page fixture records every request the page makes; a test fails if any goes to an
origin other than the live server (or data:/blob: URLs).
"""

import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    origin = urlsplit(live_server.url)
    foreign = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"data", "blob", "about"}:
            return
        if (parts.scheme, parts.hostname, parts.port) != (
            origin.scheme,
            origin.hostname,
            origin.port,
        ):
            foreign.append(request.url)

    page.on("request", record)
    page.on("pageerror", lambda error: foreign.append(f"page error: {error}"))
    yield page
    context.close()
    assert foreign == [], f"requests that left our origin (or page errors): {foreign}"


def assert_accessible(page):
    """Zero axe-core violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def sign_in(page, email, password, lang="en"):
    page.goto(f"/{lang}/sign-in/")
    page.get_by_label("E-mail address" if lang == "en" else "Correo electrónico").fill(email)
    page.get_by_label("Password" if lang == "en" else "Contraseña").fill(password)
    page.get_by_role("button", name="Sign in" if lang == "en" else "Iniciar sesión").last.click()
    page.wait_for_load_state()
