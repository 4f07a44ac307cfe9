"""The assessment list runs a fixed number of queries whatever the number of assessments, and
reads the answers (for progress) of the assessments on the page shown only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.answering.lifecycle import vendor_add
from assessments.answering.views import PER_PAGE
from assessments.models import Assessment, Question
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent("query counts of the assessment list")

# The session and the person, the membership, the count, the page of assessments, their
# vendors, the questions, the page's answers, and the session's save.
LIST_QUERIES = 9


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


def statements(queries) -> list[str]:
    """The statements a page ran, without the savepoints the test's own transaction adds."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def list_page(client, query="") -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        reply = client.get(f"/en/assessments/{query}")
    assert reply.status_code == 200
    return statements(queries), reply.content.decode()


def ids_read_from(sql_list: list[str], table: str) -> set[int]:
    """The assessment ids in the IN (...) of the one statement reading `table`."""
    (sql,) = [sql for sql in sql_list if f'FROM "{table}"' in sql]
    (ids,) = re.findall(r'"assessment_id" IN \(([0-9, ]+)\)', sql)
    return {int(pk) for pk in ids.split(",")}


@pytest.mark.django_db
def test_assessment_list_queries_do_not_grow_with_assessments(director):
    client = client_for(director.user)
    fill(director.organisation, range(10), director.user)
    few, html = list_page(client)
    assert html.count("Assessment 9<") == 1
    assert "2 of " in html  # one shared answer and one vendor answer counted
    assert 'aria-label="Pages of the assessment list"' not in html  # one page: no page links

    fill(director.organisation, range(10, 2 * PER_PAGE + 10), director.user)  # three pages
    pages = {query: list_page(client, query) for query in ("", "?page=2", "?page=3", "?page=x")}
    print("queries per assessment list:", len(few), {q: len(s) for q, (s, _) in pages.items()})
    assert len(few) == LIST_QUERIES, few
    for query, (sql_list, _html) in pages.items():
        assert len(sql_list) == LIST_QUERIES, (query, sql_list)
    assert "Assessment 59<" in pages[""][1] and "Assessment 34<" in pages["?page=2"][1]
    assert "Page 3 of 3" in pages["?page=3"][1] and "Assessment 0<" in pages["?page=3"][1]


@pytest.mark.django_db
def test_the_list_reads_answers_and_vendors_of_the_page_shown_only(director):
    fill(director.organisation, range(PER_PAGE + 5), director.user)
    newest = list(
        Assessment.objects.filter(organisation=director.organisation)
        .order_by("-updated_at", "-pk")
        .values_list("pk", flat=True)
    )
    client = client_for(director.user)
    for query, shown in (("", newest[:PER_PAGE]), ("?page=2", newest[PER_PAGE:])):
        sql_list, _html = list_page(client, query)
        assert ids_read_from(sql_list, "assessments_answer") == set(shown)
        assert ids_read_from(sql_list, "assessments_vendorevaluation") == set(shown)


@pytest.mark.django_db
def test_overall_progress_agrees_with_each_worksheets_progress(director):
    """The list's totals (computed once per channel combination) equal the detail page's sums."""
    from assessments.answering.progress import overall_progress, worksheet_progress
    from assessments.models import Worksheet

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
