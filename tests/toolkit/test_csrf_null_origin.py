"""Our own pages sent without a Referer post with `Origin: null`: accepted only when the browser
says the request comes from our origin, and never without the CSRF token."""

import re

import pytest
from django.test import Client

from tests.assessments.vendor_link.helpers import asked

pytestmark = pytest.mark.django_db


def _posting(director, *, origin, site, with_token=True):
    _assessment, _vendor, path = asked(director)
    browser = Client(enforce_csrf_checks=True)
    overview = browser.get(path)["Location"]
    page = browser.get(overview + "submit/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    data = {"csrfmiddlewaretoken": token.group(1)} if with_token else {}
    headers = {"HTTP_ORIGIN": origin}
    if site:
        headers["HTTP_SEC_FETCH_SITE"] = site
    return browser.post(overview + "submit/", data, **headers)


def test_a_null_origin_from_our_own_page_with_its_token_is_accepted(director):
    assert _posting(director, origin="null", site="same-origin").status_code == 302


@pytest.mark.parametrize("site", ["cross-site", "same-site", "none", None])
def test_a_null_origin_from_anywhere_else_is_refused(director, site):
    assert _posting(director, origin="null", site=site).status_code == 403


def test_the_token_is_still_required(director):
    assert (
        _posting(director, origin="null", site="same-origin", with_token=False).status_code == 403
    )


def test_another_origin_is_refused_whatever_it_claims(director):
    response = _posting(director, origin="https://evil.example", site="same-origin")
    assert response.status_code == 403
