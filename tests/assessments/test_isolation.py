"""People outside an organisation see nothing of its assessments: 404 on every URL that takes an id."""

import pytest
from django.urls import reverse

from assessments.answering.lifecycle import vendor_add
from assessments.models import Answer, Assessment, VendorEvaluation, VendorRequest
from assessments.plan.actions import action_add
from tests.assessments.helpers import questions_of, section_post
from tests.conftest import url_names_with_ids
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "organization scoping lives in queries: proven on each engine"
)

REQUESTS = {
    "assessments:detail": ("get", lambda a, v: [a.pk], {}),
    "assessments:vendor_add": ("post", lambda a, v: [a.pk], {"name": "Injected vendor"}),
    "assessments:autosave": (
        "post",
        lambda a, v: [a.pk],
        {
            "worksheet": "readiness",
            "section": "purpose",
            "question": "purpose-goals-written",
            "q-purpose-goals-written": "yes",
        },
    ),
    "assessments:section": ("get", lambda a, v: [a.pk, "readiness", "purpose"], {}),
    "assessments:vendor_section": (
        "get",
        lambda a, v: [a.pk, v.pk, "vendor", "product-features"],
        {},
    ),
    "assessments:results": ("get", lambda a, v: [a.pk], {}),
    "assessments:platform_matches": ("get", lambda a, v: [a.pk], {}),
    "assessments:vendor_comparison": ("get", lambda a, v: [a.pk], {}),
    "assessments:actions": ("get", lambda a, v: [a.pk], {}),
    "assessments:actions_csv": ("get", lambda a, v: [a.pk], {}),
    "assessments:action_add": ("post", lambda a, v: [a.pk], {"new-description": "Injected"}),
    "assessments:action_refresh": ("post", lambda a, v: [a.pk], {}),
    "assessments:action_update": (
        "post",
        lambda a, v: [a.pk, action_add(assessment=a, description="Their action").pk],
        {"form": "done"},
    ),
    "assessments:action_move": (
        "post",
        lambda a, v: [a.pk, action_add(assessment=a, description="Their action").pk],
        {"direction": "up"},
    ),
    "reports:finalise": ("post", lambda a, v: [a.pk], {"confirm": "on"}),
    "reports:report": ("get", lambda a, v: [a.pk], {}),
    "reports:report_pdf": ("post", lambda a, v: [a.pk], {"paper": "letter"}),
    "assessments:reassess": ("post", lambda a, v: [a.pk], {}),
    "assessments:compare": ("get", lambda a, v: [a.pk], {}),
    "assessments:answers_csv": ("get", lambda a, v: [a.pk], {"lang": "es"}),
    "assessments:export_json": ("get", lambda a, v: [a.pk], {}),
    "assessments:delete": ("post", lambda a, v: [a.pk], {}),
    "assessments:vendor_ask": (
        "post",
        lambda a, v: [a.pk, v.pk],
        {"email": "sales@vendor.example", "language": "en", "days": 14},
    ),
    "assessments:vendor_review": ("get", lambda a, v: [a.pk, v.pk], {}),
    "assessments:quick": (
        "post",
        lambda a, v: [_their_quick(a).pk],
        {"q-devices-personal-use": "no"},
    ),
    "assessments:quick_plan": ("get", lambda a, v: [_their_quick(a).pk], {}),
    "assessments:quick_grow": ("post", lambda a, v: [_their_quick(a).pk], {}),
    "reports:quick_plan_pdf": ("get", lambda a, v: [_their_quick(a).pk], {"paper": "a4"}),
    "assessments:vendor_withdraw": ("post", lambda a, v: [a.pk, _their_link(v).pk], {}),
}


def _their_quick(assessment):
    """A quick check of the same (other) organization, with one answer when the content is there
    (tests/toolkit/test_partial_content.py walks these pages without it)."""
    from assessments.models import Question
    from tests.assessments.helpers import answer

    quick = make_assessment(organisation=assessment.organisation, kind="quick", name="Their quick")
    if Question.objects.filter(key="devices-personal-use").exists():
        answer(quick, None, devices_personal_use="yes")
    return quick


def _their_link(vendor):
    from assessments.vendor_link.links import vendor_request_send

    return vendor_request_send(
        vendor=vendor,
        email="sales@vendor.example",
        language="en",
        message="",
        days=14,
        by=None,
        link_url=lambda token, language: f"/{language}/vendor/open/{token}/",
    )


# The vendor's own pages are reached through a link, not an organization: their isolation is
# tested in tests/assessments/vendor_link/test_link_isolation.py.
VENDOR_PAGES = "assessments:vendor_link_"


def test_every_assessments_url_with_an_id_is_covered_here():
    names = url_names_with_ids()
    assert {
        n
        for n in names
        if n.startswith(("assessments:", "reports:")) and not n.startswith(VENDOR_PAGES)
    } == set(REQUESTS)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(REQUESTS))
def test_another_organisations_assessment_is_404(url_name, director, other_director):
    theirs = make_assessment(organisation=other_director.organisation)
    vendor = vendor_add(assessment=theirs, name="Their vendor")
    method, args, data = REQUESTS[url_name]
    response = getattr(client_for(director.user), method)(
        reverse(url_name, args=args(theirs, vendor)), data
    )
    assert response.status_code == 404
    assert not Answer.objects.exclude(assessment__name="Their quick").exists()
    assert not Assessment.objects.filter(grown_from__isnull=False).exists()
    assert not VendorRequest.objects.exclude(vendor=vendor).exists()
    assert list(VendorEvaluation.objects.values_list("name", flat=True)) == ["Their vendor"]


@pytest.mark.django_db
def test_section_post_to_another_organisations_assessment_is_404(director, other_director):
    theirs = make_assessment(organisation=other_director.organisation)
    data = section_post(
        theirs, questions_of("readiness", "purpose"), {"q-purpose-goals-written": "yes"}
    )
    url = reverse("assessments:section", args=[theirs.pk, "readiness", "purpose"])
    assert client_for(director.user).post(url, data).status_code == 404
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_a_vendor_of_another_assessment_is_404(director):
    mine = make_assessment(organisation=director.organisation)
    other_of_mine = make_assessment(organisation=director.organisation)
    vendor = vendor_add(assessment=other_of_mine, name="Elsewhere")
    url = reverse(
        "assessments:vendor_section", args=[mine.pk, vendor.pk, "vendor", "product-features"]
    )
    assert client_for(director.user).get(url).status_code == 404


@pytest.mark.django_db
def test_lists_show_only_the_current_organisations_assessments(director, other_director):
    make_assessment(organisation=director.organisation, name="Ours")
    make_assessment(organisation=other_director.organisation, name="Theirs")
    html = client_for(director.user).get("/en/assessments/").content.decode()
    assert "Ours" in html and "Theirs" not in html


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(director):
    assessment = make_assessment(organisation=director.organisation)
    from django.test import Client

    response = Client().get(reverse("assessments:detail", args=[assessment.pk]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
