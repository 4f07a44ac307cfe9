"""What the vendor submitted stays on record: in the results, the JSON export, a re-assessment
and the finalized report's vendor section."""

import pytest

from assessments.answering.reassessment import assessment_reassess
from assessments.exchange.exports import assessment_json
from assessments.models import Answer, VendorAnswer, VendorRequest, VendorReview
from reports.signoff import assessment_finalise
from tests.assessments.helpers import base_for
from tests.assessments.vendor_link.helpers import asked, section_form, vendor_browser
from tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(director):
    """The vendor answered two questions; the program accepted one and kept its own for the other."""
    assessment, vendor, path = asked(director)
    browser, _overview = vendor_browser(path)
    link = VendorRequest.objects.get()
    url = f"/en/vendor/{link.pk}/vendor/survivor-side/"
    values = {"q-vendor-survivor-account": "yes", "q-vendor-survivor-download": "no"}
    browser.post(url, {**section_form(browser, url), **values, "n-vendor-survivor-download": "Web"})
    browser.post(f"/en/vendor/{link.pk}/submit/")
    client_for(director.user).post(
        f"/en/assessments/{assessment.pk}/vendors/{vendor.pk}/review/",
        {
            "r-vendor-survivor-account": "accept",
            "rb-vendor-survivor-account": base_for(assessment, "vendor-survivor-account", vendor),
            "r-vendor-survivor-download": "keep",
            "rn-vendor-survivor-download": "We tested it: the app is required.",
            "rb-vendor-survivor-download": base_for(assessment, "vendor-survivor-download", vendor),
        },
    )
    return assessment, vendor


def test_results_mark_the_vendor_s_answer(director, reviewed):
    assessment, vendor = reviewed
    html = client_for(director.user).get(f"/en/assessments/{assessment.pk}/results/")
    text = html.content.decode()
    # Survivors must create an account: a blocking answer, given by the vendor itself.
    assert "1 answer was given by the vendor itself" in text
    assert "Given by the vendor" in text


def test_the_export_carries_the_statement_without_the_contact(reviewed):
    assessment, _vendor = reviewed
    document = assessment_json(assessment=assessment)
    (statement,) = document["vendor_statements"]
    assert statement["vendor"] == "Acme Chat" and statement["submitted_at"]
    by_key = {a["question"]: a for a in statement["answers"]}
    assert by_key["vendor-survivor-account"]["review"] == "accepted"
    assert by_key["vendor-survivor-download"]["review_note"].startswith("We tested it")
    assert by_key["vendor-survivor-download"]["note"] == "Web"
    assert "sales@vendor.example" not in str(document)
    exported = {a["question"]: a for a in document["answers"]}
    assert exported["vendor-survivor-account"]["from_vendor"] is True


def test_a_reassessment_keeps_the_statement_and_whose_answer_it_was(director, reviewed):
    assessment, _vendor = reviewed
    assessment_finalise(assessment=assessment, by=director.user)
    new = assessment_reassess(assessment=assessment, by=director.user)
    copied = VendorRequest.objects.get(vendor__assessment=new)
    assert copied.status == "submitted" and copied.submitted_at
    reviews = dict(
        VendorAnswer.objects.filter(request=copied).values_list("question__key", "review")
    )
    assert reviews["vendor-survivor-account"] == VendorReview.ACCEPTED
    answer = Answer.objects.get(assessment=new, question__key="vendor-survivor-account")
    assert answer.from_vendor and answer.carried_over
    original = VendorRequest.objects.get(vendor__assessment=assessment)
    assert copied.token_hash != original.token_hash


def test_the_finalized_report_says_when_the_vendor_answered(director, reviewed):
    assessment, _vendor = reviewed
    assessment_finalise(assessment=assessment, by=director.user)
    html = client_for(director.user).get(f"/en/assessments/{assessment.pk}/report/")
    assert "Answered by the vendor on" in html.content.decode()
    assert "1 answer accepted" in html.content.decode()


def test_deleting_the_assessment_leaves_no_vendor_name_in_the_change_history(director, reviewed):
    from django.contrib.admin.models import LogEntry

    from assessments.exchange.deletion import assessment_delete

    assessment, _vendor = reviewed
    assert LogEntry.objects.filter(object_repr__contains="Acme Chat").exists()
    assessment_delete(assessment=assessment, by=director.user)
    assert not LogEntry.objects.filter(object_repr__contains="Acme Chat").exists()
    assert not VendorRequest.objects.exists() and not VendorAnswer.objects.exists()
