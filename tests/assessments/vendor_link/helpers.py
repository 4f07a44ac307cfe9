"""Asking a vendor and answering as the vendor, the way the pages do."""

import re

from django.core import mail
from django.test import Client

from assessments.models import VendorEvaluation
from tests.assessments.helpers import form_state
from tests.factories import client_for, make_assessment

LINK = re.compile(r"https?://[^/\s]+(/(en|es)/vendor/open/[A-Za-z0-9_-]+/)")


def make_vendor(assessment, name="Acme Chat") -> VendorEvaluation:
    return VendorEvaluation.objects.create(assessment=assessment, name=name)


def ask_vendor(member, vendor, *, email="sales@vendor.example", language="en", days=14, **extra):
    """Ask through the page; returns (response, the link's path read from the e-mail or None)."""
    sent_before = len(mail.outbox)
    response = client_for(member.user).post(
        f"/en/assessments/{vendor.assessment_id}/vendors/{vendor.pk}/ask/",
        {"email": email, "language": language, "days": days, "message": "", **extra},
    )
    if len(mail.outbox) == sent_before:
        return response, None
    return response, LINK.search(mail.outbox[-1].body).group(1)


def asked(director, *, language="en", name="Acme Chat"):
    """An assessment of the director's organization, a vendor of it, and the vendor's link."""
    assessment = make_assessment(organisation=director.organisation, by=director.user)
    vendor = make_vendor(assessment, name)
    _response, path = ask_vendor(director, vendor, language=language)
    return assessment, vendor, path


def vendor_browser(path) -> tuple[Client, str]:
    """A browser with no account that opened the link; returns it and the overview's address."""
    browser = Client()
    response = browser.get(path)
    assert response.status_code == 302, response.status_code
    return browser, response["Location"]


def section_form(browser, url) -> dict:
    return form_state(browser.get(url).content.decode())
