import pytest
from django.test import Client

PAGES = ["/en/", "/es/", "/en/sign-in/", "/es/sign-up/", "/en/password/reset/", "/en/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(path):
    response = Client().get(path, secure=True)
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "http" not in csp  # no other origin is ever allowed
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy


@pytest.mark.django_db
def test_session_cookie_is_secure_and_http_only(director):
    from tests.factories import PASSWORD

    client = Client()
    client.post("/en/sign-in/", {"username": director.user.email, "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


def test_sessions_expire_after_idle_time(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 3600


@pytest.mark.django_db
def test_oversized_body_is_a_translated_400_and_changes_nothing(settings, director):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    from tests.factories import client_for

    client = client_for(director.user)
    response = client.post(
        "/es/organisation/members/",
        {"email": "a@example.org", "role": "staff", "padding": "x" * 5000},
    )
    assert response.status_code == 400
    assert "No pudimos entender" in response.content.decode()
    assert director.organisation.invitations.count() == 0


@pytest.mark.django_db
def test_no_page_references_another_origin():
    for path in PAGES:
        html = Client().get(path).content.decode()
        for marker in ('src="http', 'href="http', "//cdn", "googleapis", "fonts."):
            assert marker not in html, (path, marker)


@pytest.mark.django_db
def test_nothing_a_signed_in_person_sees_or_downloads_is_cached(director):
    """Pages with a program's data and every download: no-store and private; a shared computer's
    cache or a proxy never keeps them. Public pages for visitors stay cacheable."""
    from reports.signoff import assessment_finalise
    from tests.factories import client_for, make_assessment

    assessment = make_assessment(organisation=director.organisation, channels=["text"])
    assessment_finalise(assessment=assessment, by=director.user)
    client = client_for(director.user)
    pdf = f"/en/assessments/{assessment.pk}/report.pdf"
    client.post(pdf, {"paper": "letter"})  # rendered at once by the tests' task backend
    paths = [
        "/en/assessments/",
        f"/en/assessments/{assessment.pk}/",
        f"/en/assessments/{assessment.pk}/results/",
        f"/en/assessments/{assessment.pk}/report/",
        pdf + "?download=1",
        f"/en/assessments/{assessment.pk}/actions.csv",
        f"/en/assessments/{assessment.pk}/answers.csv",
        f"/en/assessments/{assessment.pk}/export.json",
        "/en/organisation/data/download/",
        "/en/platforms/",  # public, but signed in: kept out of caches too
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, path
    visitor = Client().get("/en/platforms/")
    assert "no-store" not in visitor.get("Cache-Control", "")
