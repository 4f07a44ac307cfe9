"""A link that no longer takes answers says which state it is in and refuses every write."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assessments.models import VendorAnswer, VendorRequest
from reports.signoff import assessment_finalise
from tests.assessments.vendor_link.helpers import ask_vendor, asked, section_form, vendor_browser
from tests.factories import client_for

pytestmark = pytest.mark.database_dependent(
    "a write checks the link's state in the same statement that records it"
)


def _expire(link, director):
    VendorRequest.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )


def _withdraw(link, director):
    client_for(director.user).post(
        f"/en/assessments/{link.vendor.assessment_id}/vendor-links/{link.pk}/withdraw/"
    )


def _replace(link, director):
    ask_vendor(director, link.vendor)


def _submit(link, director):
    Client().post(f"/en/vendor/{link.pk}/submit/")  # a browser without the link: refused
    from assessments.vendor_link.statements import vendor_answers_submit

    vendor_answers_submit(link=link)


def _finalise(link, director):
    assessment_finalise(assessment=link.vendor.assessment, by=director.user)


STATES = {
    "expired": (_expire, "deadline to answer has passed", "deadline to answer was"),
    "withdrawn": (_withdraw, "withdrew this request", "withdrew this request"),
    "replaced": (_replace, "sent a newer link", "sent a newer link"),
    "closed": (_finalise, "finished its assessment", "finished its assessment"),
    "submitted": (_submit, "already submitted", None),
}


@pytest.mark.django_db
@pytest.mark.parametrize("state", sorted(STATES))
def test_each_dead_state_refuses_writing_with_its_own_message(director, state):
    _assessment, _vendor, path = asked(director)
    browser, _overview = vendor_browser(path)
    link = VendorRequest.objects.get()
    url = f"/en/vendor/{link.pk}/vendor/encryption/"
    data = section_form(browser, url)
    make_dead, write_message, page_message = STATES[state]
    make_dead(link, director)
    link.refresh_from_db()

    typed = {**data, "q-vendor-encryption": "program-keys", "n-vendor-encryption": "Typed note 42"}
    refused = browser.post(url, typed)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert write_message in html and "Typed note 42" in html  # what was typed stays
    saved = browser.post(
        f"/en/vendor/{link.pk}/autosave/",
        {
            "content_version": data["content_version"],
            "worksheet": "vendor",
            "section": "encryption",
            "question": "vendor-encryption",
            "q-vendor-encryption": "program-keys",
            "b-vendor-encryption": data["b-vendor-encryption"],
        },
    )
    assert saved.status_code == 409 and write_message in saved.json()["errors"][0]
    assert browser.post(f"/en/vendor/{link.pk}/submit/").status_code == 302
    assert not VendorAnswer.objects.exists()
    opened = Client().get(path)
    if page_message is None:  # submitted: the link shows what was handed in
        assert opened.status_code == 302 and opened["Location"].endswith("/done/")
    else:
        assert opened.status_code == 410 and page_message in opened.content.decode()
        assert director.organisation.name in opened.content.decode()


@pytest.mark.django_db
def test_an_unknown_or_mangled_token_is_a_plain_404(director):
    _assessment, _vendor, path = asked(director)
    token = path.rstrip("/").rsplit("/", 1)[1]
    for bad in [token[:-1], token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 500, "%00"]:
        response = Client().get(f"/en/vendor/open/{bad}/")
        assert response.status_code == 404
        assert "not valid" in response.content.decode()


@pytest.mark.django_db
def test_requests_are_limited_per_link(director, settings):
    settings.TOOLKIT_VENDOR_LINK_PER_HOUR = 5
    _assessment, _vendor, path = asked(director)
    browser, overview = vendor_browser(path)
    statuses = [browser.get(overview).status_code for _ in range(6)]
    assert statuses[:4] == [200] * 4 and statuses[-1] == 429
    busy = browser.get(overview)
    assert "too many requests" in busy.content.decode().lower()
    assert busy["Cache-Control"] == "no-store"
