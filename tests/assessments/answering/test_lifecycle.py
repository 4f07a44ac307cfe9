"""Finalised means read-only where writes happen, not only in the views."""

import pytest

from assessments.answering.answers import AnswerInput, AnswerValue, AssessmentLocked, answers_save
from assessments.answering.lifecycle import vendor_add
from assessments.models import Answer, AssessmentStatus, Question, VendorEvaluation
from reports.signoff import assessment_finalise
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "starting, finalizing and locking an assessment are transactions"
)


@pytest.fixture
def assessment(director):
    return make_assessment(organisation=director.organisation)


def an_input(key="purpose-goals-written", value="yes"):
    return AnswerInput(Question.objects.get(key=key), AnswerValue(selected=(value,)), (0, ""))


@pytest.mark.django_db
def test_finalising_records_who_and_when_and_happens_once(assessment, director, staff):
    finalised = assessment_finalise(assessment=assessment, by=director.user)
    assert finalised.status == AssessmentStatus.FINALISED
    assert finalised.finalised_by == director.user and finalised.finalised_at is not None
    with pytest.raises(AssessmentLocked):
        assessment_finalise(assessment=assessment, by=staff.user)
    finalised.refresh_from_db()
    assert finalised.finalised_by == director.user


@pytest.mark.django_db
def test_a_save_prepared_before_finalising_is_refused_whole(assessment, director):
    stale_copy = type(assessment).objects.get(pk=assessment.pk)  # loaded while still a draft
    assessment_finalise(assessment=assessment, by=director.user)
    with pytest.raises(AssessmentLocked):
        answers_save(assessment=stale_copy, vendor=None, inputs=[an_input()], by=director.user)
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_no_vendor_is_added_after_finalising(assessment, director):
    stale_copy = type(assessment).objects.get(pk=assessment.pk)
    assessment_finalise(assessment=assessment, by=director.user)
    with pytest.raises(AssessmentLocked):
        vendor_add(assessment=stale_copy, name="Late vendor")
    assert not VendorEvaluation.objects.exists()


@pytest.mark.django_db
def test_pages_refuse_changes_to_a_finalised_assessment_and_keep_the_input(assessment, director):
    assessment_finalise(assessment=assessment, by=director.user)
    client = client_for(director.user)
    response = client.post(f"/en/assessments/{assessment.pk}/vendors/", {"name": "Late vendor"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "finalized and can no longer be changed" in page and 'value="Late vendor"' in page
    reply = client.post(
        f"/en/assessments/{assessment.pk}/autosave/",
        {
            "worksheet": "readiness",
            "section": "purpose",
            "question": "purpose-goals-written",
            "q-purpose-goals-written": "yes",
            "b-purpose-goals-written": "0:" + "0" * 16,
            "content_version": 1,
        },
    )
    assert reply.status_code == 400 and reply.json()["status"] == "invalid"
    assert not VendorEvaluation.objects.exists() and not Answer.objects.exists()
