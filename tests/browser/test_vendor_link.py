"""A director asks a vendor in Spanish; the vendor answers through its private link with no
account, leaves, comes back and submits; the program accepts some answers and keeps others; the
results and the finalized report say which answers came from the vendor. Keyboard only, and
axe-core finds nothing on any of these pages."""

import re

from django.core import mail

from accounts.models import Role
from assessments.answering.lifecycle import vendor_add
from assessments.models import Answer, VendorRequest
from reports.signoff import assessment_finalise
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_results import answer
from tests.factories import PASSWORD, make_assessment, make_membership

LINK = re.compile(r"https?://[^/\s]+(/es/vendor/open/[A-Za-z0-9_-]+/)")


def press(page, selector, key="Enter"):
    page.locator(selector).focus()
    page.keyboard.press(key)


def type_into(page, selector, text):
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_a_vendor_answers_in_spanish_and_the_program_reviews(
    page, browser, live_server, shipped_content
):
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(
        organisation=director.organisation, channels=["text", "chat"], report_language="es"
    )
    vendor = vendor_add(assessment=assessment, name="Proveedor Uno")
    answer(assessment, vendor=vendor, **{"vendor-can-read-content": "yes"})
    sign_in(page, director.user.email, PASSWORD, lang="es")

    # The director asks the vendor, in Spanish.
    page.goto(f"/es/assessments/{assessment.pk}/")
    assert_accessible(page)
    press(page, f"a[href$='/vendors/{vendor.pk}/ask/']")
    page.wait_for_url("**/ask/")
    assert_accessible(page)
    type_into(page, "#id_email", "ventas@proveedor.example")
    page.locator("#id_language").select_option("es")
    with page.expect_navigation():
        press(page, "main form button[type=submit]")
    assert "ventas@proveedor.example" in page.content()
    assert_accessible(page)
    path = LINK.search(mail.outbox[-1].body).group(1)

    # The vendor opens the link: no account, the Spanish worksheet.
    vendor_side = browser.new_context(base_url=live_server.url, locale="es-US")
    them = vendor_side.new_page()
    them.goto(path)
    assert "/vendor/open/" not in them.url
    assert them.locator("html").get_attribute("lang") == "es"
    assert director.organisation.name in them.content()
    assert_accessible(them)
    link_pk = VendorRequest.objects.get().pk
    them.goto(f"/es/vendor/{link_pk}/vendor/encryption/")
    assert_accessible(them)
    press(them, "#id_q-vendor-encryption_0", " ")  # the program holds the keys
    press(them, "#id_q-vendor-can-read-content_1", " ")  # no
    with them.expect_navigation():
        press(them, "button[name=save]")
    assert "Guardado" in them.content()
    vendor_side.close()  # leaves

    # Comes back later through the same link, in a new browser, and submits.
    vendor_side = browser.new_context(base_url=live_server.url, locale="es-US")
    them = vendor_side.new_page()
    them.goto(path)
    them.goto(f"/es/vendor/{link_pk}/vendor/encryption/")
    assert them.locator("#id_q-vendor-encryption_0").is_checked()
    them.goto(f"/es/vendor/{link_pk}/submit/")
    assert_accessible(them)
    with them.expect_navigation():
        press(them, "main form button[type=submit]")
    assert them.url.endswith("/done/")
    assert "Sus respuestas se entregaron" in them.content()
    assert_accessible(them)
    vendor_side.close()

    # The program accepts one answer and keeps its own for the other, with a note.
    page.goto(f"/es/assessments/{assessment.pk}/vendors/{vendor.pk}/review/")
    assert "El proveedor respondió" in page.content()
    assert_accessible(page)
    press(page, "#id_r-vendor-encryption_0", " ")
    press(page, "#id_r-vendor-can-read-content_1", " ")
    type_into(page, "#id_rn-vendor-can-read-content", "El contrato permite que soporte lea chats.")
    with page.expect_navigation():
        press(page, "main form button[type=submit]")
    assert_accessible(page)
    accepted = Answer.objects.get(vendor=vendor, question__key="vendor-encryption")
    kept = Answer.objects.get(vendor=vendor, question__key="vendor-can-read-content")
    assert accepted.from_vendor and accepted.selected == ["program-keys"]
    assert not kept.from_vendor and kept.selected == ["yes"]

    page.goto(f"/es/assessments/{assessment.pk}/results/")
    assert "respuesta la dio el propio proveedor" in page.content()
    assert_accessible(page)
    assessment_finalise(assessment=assessment, by=director.user)
    page.goto(f"/es/assessments/{assessment.pk}/report/")
    assert "Respondido por el proveedor el" in page.content()
    assert_accessible(page)


def test_the_vendor_s_pages_in_english_and_a_closed_link(
    page, browser, live_server, shipped_content
):
    """The same pages in English, the language switch from the vendor's page, and the page a
    withdrawn link shows: axe finds nothing on any of them."""
    director = make_membership(role=Role.DIRECTOR)
    assessment = make_assessment(organisation=director.organisation, channels=["video"])
    vendor = vendor_add(assessment=assessment, name="Vendor Two")
    sign_in(page, director.user.email, PASSWORD)
    page.goto(f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/ask/")
    page.locator("#id_email").fill("sales@two.example")
    with page.expect_navigation():
        press(page, "main form button[type=submit]")
    path = re.search(r"https?://[^/\s]+(/en/vendor/open/[A-Za-z0-9_-]+/)", mail.outbox[-1].body)
    link_pk = VendorRequest.objects.get().pk

    vendor_side = browser.new_context(base_url=live_server.url, locale="en-US")
    them = vendor_side.new_page()
    them.goto(path.group(1))
    assert "Questions from" in them.content()
    assert_accessible(them)
    for url in (f"/en/vendor/{link_pk}/vendor/survivor-side/", f"/en/vendor/{link_pk}/submit/"):
        them.goto(url)
        assert_accessible(them)
    # The vendor switches to Spanish from its own page (a POST from a page without a Referer).
    with them.expect_navigation():
        press(them, "form.language-switcher button[value=es]")
    assert them.url.endswith(f"/es/vendor/{link_pk}/submit/")
    assert "Revisar y entregar sus respuestas" in them.content()

    page.goto(f"/en/assessments/{assessment.pk}/")
    with page.expect_navigation():
        press(page, f"form[action$='/vendor-links/{link_pk}/withdraw/'] button")
    them.goto(f"/en/vendor/{link_pk}/")
    assert "withdrew this request" in them.content()
    assert_accessible(them)
    them.goto(path.group(1).replace("/en/", "/es/"))
    assert "retiró esta solicitud" in them.content()
    assert_accessible(them)
    vendor_side.close()
