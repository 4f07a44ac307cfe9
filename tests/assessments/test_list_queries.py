"""The assessment list runs a fixed number of queries whatever the number of assessments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.answers import AnswerInput, AnswerValue, answers_save
from assessments.lifecycle import vendor_add
from assessments.models import Question
from tests.factories import client_for, make_assessment


def fill(organisation, numbers, by) -> None:
    """One assessment per number, each with a vendor, one shared answer and one vendor answer."""
    shared = Question.objects.filter(section__worksheet__key="readiness", choices__isnull=False)
    shared = shared.prefetch_related("choices").first()
    per_vendor = Question.objects.filter(section__worksheet__key="vendor", choices__isnull=False)
    per_vendor = per_vendor.prefetch_related("choices").first()
    for number in numbers:
        assessment = make_assessment(organisation=organisation, name=f"Assessment {number}")
        vendor = vendor_add(assessment=assessment, name=f"Vendor {number}")
        for question, on in ((shared, None), (per_vendor, vendor)):
            value = AnswerValue(selected=(question.choices.all()[0].key,))
            answers_save(
                assessment=assessment,
                vendor=on,
                inputs=[AnswerInput(question, value, (0, ""))],
                by=by,
            )


def count_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        reply = client.get("/en/assessments/")
    assert reply.status_code == 200
    return len(queries), reply.content.decode()


@pytest.mark.django_db
def test_assessment_list_queries_do_not_grow_with_assessments(director):
    client = client_for(director.user)
    fill(director.organisation, range(3), director.user)
    few, html = count_queries(client)
    assert html.count("Assessment 2") == 1
    assert "2 of " in html  # one shared answer and one vendor answer counted
    fill(director.organisation, range(3, 30), director.user)
    many, html = count_queries(client)
    assert html.count("Assessment 29") == 1
    print("queries per assessment list:", few, many)
    assert few == many, (few, many)


@pytest.mark.django_db
def test_overall_progress_agrees_with_each_worksheets_progress(director):
    """The list's totals (computed once per channel combination) equal the detail page's sums."""
    from assessments.models import Worksheet
    from assessments.progress import overall_progress, worksheet_progress

    text_only = make_assessment(organisation=director.organisation, channels=["text"])
    everything = make_assessment(organisation=director.organisation)
    vendor = vendor_add(assessment=everything, name="Vendor")
    for assessment, key, who in (
        (text_only, "purpose-goals-written", None),
        (everything, "vendor-encryption", vendor),
    ):
        question = Question.objects.prefetch_related("choices").get(key=key)
        value = AnswerValue(selected=(question.choices.all()[0].key,))
        answers_save(
            assessment=assessment,
            vendor=who,
            inputs=[AnswerInput(question, value, (0, ""))],
            by=None,
        )
    assessments = list(
        type(everything)
        .objects.filter(pk__in=[text_only.pk, everything.pk])
        .prefetch_related("vendors")
    )
    totals = overall_progress(assessments)
    worksheets = list(Worksheet.objects.all())
    for assessment in assessments:
        parts = worksheet_progress(assessment, worksheets, list(assessment.vendors.all())).values()
        assert totals[assessment.pk] == sum(parts, type(totals[assessment.pk])(0, 0))
    assert totals[text_only.pk].answered == 1 and totals[everything.pk].answered == 1
    assert totals[text_only.pk].total < totals[everything.pk].total
