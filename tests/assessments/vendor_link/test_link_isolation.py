"""A vendor's link opens its own worksheet and nothing else: not other vendors, assessments,
organizations, results or exports, and no answer, note or person of the program."""

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import VendorAnswer, VendorRequest
from tests.assessments.helpers import answer
from tests.assessments.vendor_link.helpers import (
    ask_vendor,
    asked,
    make_vendor,
    section_form,
    vendor_browser,
)
from tests.conftest import url_names_with_ids
from tests.factories import make_assessment

pytestmark = pytest.mark.database_dependent(
    "which request a browser may open is a query per request: proven on each engine"
)

SECTION = ["vendor", "encryption"]
PAGES = {
    "assessments:vendor_link_overview": ("get", [], {}),
    "assessments:vendor_link_section": ("post", SECTION, {"q-vendor-encryption": "program-keys"}),
    "assessments:vendor_link_autosave": (
        "post",
        [],
        {
            "worksheet": "vendor",
            "section": "encryption",
            "question": "vendor-encryption",
            "q-vendor-encryption": "program-keys",
            "b-vendor-encryption": "0:" + "0" * 16,
        },
    ),
    "assessments:vendor_link_submit": ("post", [], {}),
    "assessments:vendor_link_done": ("get", [], {}),
}


def test_every_vendor_page_is_covered_here():
    names = {n for n in url_names_with_ids() if n.startswith("assessments:vendor_link_")}
    assert names == set(PAGES)


@pytest.fixture
def world(director, other_director):
    """Our vendor's browser, another vendor's link in the same assessment, and a link of
    another organization's assessment."""
    assessment, vendor, path = asked(director)
    browser, _overview = vendor_browser(path)
    ours = VendorRequest.objects.get(vendor=vendor)
    sibling = make_vendor(assessment, "Other Vendor Inc")
    ask_vendor(director, sibling)
    theirs_assessment = make_assessment(organisation=other_director.organisation)
    theirs_vendor = make_vendor(theirs_assessment, "Their Vendor")
    ask_vendor(other_director, theirs_vendor)
    others = list(VendorRequest.objects.exclude(pk=ours.pk))
    return browser, ours, others, assessment


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_browser_holding_one_link_reaches_no_other_request(world, name):
    browser, _ours, others, _assessment = world
    method, extra, data = PAGES[name]
    for other in others:
        response = getattr(browser, method)(reverse(name, args=[other.pk, *extra]), data)
        assert response.status_code == 404, (name, response.status_code)
        again = getattr(Client(), method)(reverse(name, args=[other.pk, *extra]), data)
        assert again.status_code == 404
    assert not VendorAnswer.objects.exists()
    assert set(VendorRequest.objects.values_list("status", flat=True)) == {"open"}


@pytest.mark.django_db
def test_the_link_opens_only_the_vendor_worksheet(world):
    browser, ours, _others, _assessment = world
    for worksheet, section in [("readiness", "purpose"), ("platform", "channels"), ("vendor", "x")]:
        url = f"/en/vendor/{ours.pk}/{worksheet}/{section}/"
        assert browser.get(url).status_code == 404


@pytest.mark.django_db
def test_the_program_s_pages_stay_closed_to_the_vendor(world):
    browser, ours, _others, assessment = world
    vendor = ours.vendor
    for url in [
        f"/en/assessments/{assessment.pk}/",
        f"/en/assessments/{assessment.pk}/results/",
        f"/en/assessments/{assessment.pk}/export.json",
        f"/en/assessments/{assessment.pk}/answers.csv",
        f"/en/assessments/{assessment.pk}/vendors/compare/",
        f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/vendor/encryption/",
        f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/review/",
        f"/en/assessments/{assessment.pk}/report/",
    ]:
        response = browser.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"], url


@pytest.mark.django_db
def test_the_vendor_sees_no_answer_note_vendor_or_person_of_the_program(world, director):
    browser, ours, _others, assessment = world
    answer(assessment, director.user, purpose_goals_written="yes")
    assessment.answers.update(note="PROGRAM-SECRET-NOTE")
    answer(assessment, director.user, vendor=ours.vendor, vendor_encryption="vendor-keys")
    pages = [f"/en/vendor/{ours.pk}/", f"/en/vendor/{ours.pk}/submit/"]
    pages += [
        f"/en/vendor/{ours.pk}/vendor/{s}/" for s in ("product-features", "encryption", "cost")
    ]
    for url in pages:
        html = browser.get(url).content.decode()
        assert director.organisation.name in html
        for secret in (
            "PROGRAM-SECRET-NOTE",
            "Other Vendor Inc",
            "Their Vendor",
            director.user.email,
            assessment.name,
            'value="vendor-keys" checked',
        ):
            assert secret not in html, (url, secret)
    # The program's own answer to that question is not the vendor's starting point.
    form = section_form(browser, f"/en/vendor/{ours.pk}/vendor/encryption/")
    assert form["b-vendor-encryption"].startswith("0:")
