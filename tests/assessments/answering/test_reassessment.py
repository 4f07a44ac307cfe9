"""Re-assessing a finalized assessment, and comparing two assessments of one program."""

from datetime import date, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save, base_token
from assessments.answering.content import current_content_version
from assessments.answering.lifecycle import vendor_add
from assessments.answering.reassessment import (
    assessment_compare,
    assessment_reassess,
    default_reassess_by,
    needs_a_look,
    reassess_status,
)
from assessments.models import ActionStatus, Answer, Assessment, AssessmentStatus, Question
from assessments.plan.actions import action_add, action_set_status
from reports.signoff import assessment_finalise
from tests.assessments.helpers import form_state, section_url
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent("copies an assessment's rows in one transaction")


def base(assessment, key, vendor=None):
    stored = Answer.objects.filter(assessment=assessment, vendor=vendor, question__key=key).first()
    version, _, fingerprint = base_token(stored).partition(":")
    return int(version), fingerprint


def answer(assessment, vendor=None, notes=None, **selected):
    inputs = [
        AnswerInput(
            Question.objects.get(key=key),
            AnswerValue(selected=(value,), note=(notes or {}).get(key, "")),
            base(assessment, key, vendor),
        )
        for key, value in selected.items()
    ]
    answers_save(assessment=assessment, vendor=vendor, inputs=inputs, by=None)


@pytest.fixture
def finalised(director):
    assessment = make_assessment(
        organisation=director.organisation, channels=["text", "chat"], report_language="es"
    )
    answer(
        assessment,
        notes={"reassess-date": "Ask the board"},
        **{"reassess-date": "no", "reassess-feedback": "yes"},
    )
    vendor = vendor_add(assessment=assessment, name="Vendor A")
    answer(assessment, vendor=vendor, **{"vendor-shares-data": "yes"})
    action_add(assessment=assessment, description="Write a policy", owner="Director")
    done = action_add(assessment=assessment, description="Already done")
    action_set_status(item=done, status=ActionStatus.DONE)
    return assessment_finalise(assessment=assessment, by=director.user)


def reassess_url(assessment):
    return f"/en/assessments/{assessment.pk}/reassess/"


@pytest.mark.django_db
def test_reassessing_carries_answers_notes_vendors_and_open_actions(director, finalised):
    Question.objects.filter(key="reassess-feedback").update(revision=F("revision") + 1)
    response = client_for(director.user).post(reassess_url(finalised))
    new = Assessment.objects.get(started_from=finalised)
    assert response.status_code == 302 and response["Location"].endswith(f"/{new.pk}/")
    assert new.status == AssessmentStatus.DRAFT and new.channels == ["text", "chat"]
    assert new.report_language == "es"
    answers = Answer.objects.filter(assessment=new)
    assert answers.count() == 3 and all(a.carried_over for a in answers)
    assert answers.get(question__key="reassess-date").note == "Ask the board"
    assert answers.get(vendor__name="Vendor A").selected == ["yes"]
    assert list(new.actions.values_list("description", "owner")) == [("Write a policy", "Director")]
    assert needs_a_look(new)["carried"] == 3 and needs_a_look(new)["review"] == 1
    section = client_for(director.user).get(f"/en/assessments/{new.pk}/readiness/reassessment/")
    assert "This question was reworded" in section.content.decode()
    detail = client_for(director.user).get(f"/en/assessments/{new.pk}/").content.decode()
    assert "What needs a look" in detail and "3 answers were carried over" in detail


@pytest.mark.django_db
def test_saving_a_carried_over_answer_clears_its_flag(director, finalised):
    new = assessment_reassess(assessment=finalised, by=director.user)
    stored = Answer.objects.get(assessment=new, question__key="reassess-date")
    answer(new, **{"reassess-date": "yes"})
    stored.refresh_from_db()
    assert not stored.carried_over and needs_a_look(new)["carried"] == 2


@pytest.mark.django_db
def test_compare_hand_built_pair(director):
    # Only the two scored re-assessment questions of the program's worksheets (readiness and
    # platform, scored together) apply to text messaging.
    Question.objects.filter(section__worksheet__per_vendor=False).exclude(
        key__in=["reassess-date", "reassess-feedback"]
    ).update(applies_text=False)
    earlier = make_assessment(organisation=director.organisation, channels=["text"])
    answer(earlier, **{"reassess-date": "no", "reassess-feedback": "yes"})
    later = make_assessment(organisation=director.organisation, channels=["text"])
    answer(later, **{"reassess-date": "yes", "reassess-feedback": "no"})
    comparison = assessment_compare(earlier=earlier, later=later)
    (text,) = comparison.channels
    rows = {row.dimension: row for row in text.dimensions}
    # Capacity: 2 of 4 points both times (the date earns 2, feedback 2); safety: 0 of 1, then 1.
    assert (rows["Program capacity"].before, rows["Program capacity"].after) == (50, 50)
    assert rows["Program capacity"].change == 0
    assert (rows["Personal safety"].before, rows["Personal safety"].after) == (0, 100)
    assert rows["Personal safety"].change == 100
    assert rows["Personal safety"].band_before == "Not yet ready"
    assert rows["Privacy"].before is None and rows["Privacy"].band_after == "Not scored"
    date_q = Question.objects.get(key="reassess-date").text
    feedback_q = Question.objects.get(key="reassess-feedback").text
    assert [f.question for f in comparison.resolved] == [date_q]
    assert [f.question for f in comparison.new] == [feedback_q]
    changed = {(c.question, c.before, c.after) for c in comparison.changed_answers}
    assert changed == {(date_q, "No", "Yes"), (feedback_q, "Yes", "No")}


@pytest.mark.django_db
def test_due_and_overdue(director):
    assessment = make_assessment(organisation=director.organisation)
    assessment_finalise(assessment=assessment, by=None, reassess_by=date(2027, 3, 1))
    assert reassess_status(assessment, date(2027, 1, 1)) is None
    assert reassess_status(assessment, date(2027, 2, 15)) == "due"
    assert reassess_status(assessment, date(2027, 3, 1)) == "due"
    assert reassess_status(assessment, date(2027, 3, 2)) == "overdue"
    assessment.reassess_by = date.today() - timedelta(days=1)
    assessment.save()
    html = client_for(director.user).get("/en/assessments/").content.decode()
    assert "Re-assess by" in html and "Overdue" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "chosen, months",
    [("within-3-months", 3), ("within-6-months", 6), ("within-12-months", 12), ("unsure", 12)],
)
def test_the_reassess_by_date_starts_from_the_readiness_answer(director, chosen, months):
    assessment = make_assessment(organisation=director.organisation)
    answer(assessment, **{"reassess-when": chosen})
    assessment_finalise(assessment=assessment, by=None)
    assert assessment.reassess_by == default_reassess_by(
        timezone.localdate(assessment.finalised_at), months
    )
    start = timezone.localdate(assessment.finalised_at)
    elapsed = (assessment.reassess_by.year - start.year) * 12 + assessment.reassess_by.month
    assert elapsed - start.month == months


@pytest.mark.django_db
def test_the_finalize_page_suggests_the_date_from_the_answer(director):
    assessment = make_assessment(organisation=director.organisation)
    answer(assessment, **{"reassess-when": "within-6-months"})
    page = client_for(director.user).get(f"/en/assessments/{assessment.pk}/finalize/")
    suggested = default_reassess_by(timezone.localdate(), 6)
    assert f'value="{suggested.isoformat()}"' in page.content.decode()


@pytest.mark.parametrize(
    "finalised_on, months, expected",
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # no 30 February: the month's last day
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year's last day of February
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 12, 1), 6, date(2027, 6, 1)),
    ],
)
def test_months_are_added_to_the_calendar(finalised_on, months, expected):
    assert default_reassess_by(finalised_on, months) == expected


@pytest.mark.django_db
def test_finalising_sets_a_reassess_date(director):
    default = make_assessment(organisation=director.organisation)
    assessment_finalise(assessment=default, by=None)
    finalised_on = timezone.localdate(default.finalised_at)  # the day where the program is
    assert (default.reassess_by - finalised_on).days in (365, 366)
    chosen = make_assessment(organisation=director.organisation)
    url = f"/en/assessments/{chosen.pk}/finalize/"
    assert "Re-assess by" in client_for(director.user).get(url).content.decode()
    client_for(director.user).post(url, {"confirm": "on", "reassess_by": "2027-06-30"})
    chosen.refresh_from_db()
    assert chosen.reassess_by == date(2027, 6, 30)


@pytest.mark.django_db
def test_staff_cannot_reassess_and_drafts_cannot_be_reassessed(director, staff, finalised):
    assert client_for(staff.user).post(reassess_url(finalised)).status_code == 403
    draft = make_assessment(organisation=director.organisation)
    response = client_for(director.user).post(reassess_url(draft))
    assert response.status_code == 302 and response["Location"].endswith(f"/{draft.pk}/")
    assert not Assessment.objects.filter(started_from__isnull=False).exists()


@pytest.mark.django_db
def test_another_organisation_gets_404(finalised, other_director, staff):
    assert client_for(other_director.user).post(reassess_url(finalised)).status_code == 404
    theirs = make_assessment(organisation=other_director.organisation)
    mine = f"/en/assessments/{finalised.pk}/compare/"
    assert client_for(staff.user).get(f"{mine}?with={theirs.pk}").status_code == 404
    assert client_for(staff.user).get(f"{mine}?with=nonsense").status_code == 404
    assert not Assessment.objects.filter(started_from__isnull=False).exists()


@pytest.mark.django_db
def test_compare_page_and_report_of_a_reassessment(director, staff, finalised):
    new = assessment_reassess(assessment=finalised, by=director.user)
    answer(new, **{"reassess-date": "yes"})
    client = client_for(staff.user)
    page = client.get(f"/en/assessments/{new.pk}/compare/").content.decode()
    assert "<caption" in page and "Findings resolved" in page and "Answers changed" in page
    chosen = client.get(f"/en/assessments/{finalised.pk}/compare/?with={new.pk}").content.decode()
    assert "Before: No. Now: Yes." in chosen
    report = client.get(f"/en/assessments/{new.pk}/report/").content.decode()
    assert 'id="comparison-heading"' in report
    first = client.get(f"/en/assessments/{finalised.pk}/report/").content.decode()
    assert "comparison-heading" not in first
    assessment_finalise(assessment=new, by=None)
    assert new.snapshot.data["comparison"]["resolved"]


@pytest.mark.django_db
def test_saving_a_section_as_it_is_confirms_carried_over_and_reworded_answers(director, finalised):
    """ "Check it and save it": saving the page with the answer left as it was clears the flag
    (it could only be cleared by changing the answer before); other answers stay untouched."""
    Question.objects.filter(key="reassess-feedback").update(revision=F("revision") + 1)
    new = assessment_reassess(assessment=finalised, by=director.user)
    client = client_for(director.user)
    url = section_url(new, "readiness", "reassessment")
    page = client.get(url).content.decode()
    assert page.count("carried over from the earlier assessment. Check") == 1  # reassess-date
    assert "This question was reworded after it was answered" in page  # reassess-feedback
    before = {a.question.key: a for a in Answer.objects.filter(assessment=new, vendor=None)}
    assert needs_a_look(new)["carried"] == 3 and needs_a_look(new)["review"] == 1
    finalise_page = client.get(f"/en/assessments/{new.pk}/finalize/").content.decode()
    assert "What needs a look" in finalise_page and "3 answers were carried over" in finalise_page

    data = form_state(page)
    data.update({"q-reassess-date": "no", "n-reassess-date": "Ask the board"})
    data["q-reassess-feedback"] = "yes"
    assert client.post(url, data).status_code == 302

    after = {a.question.key: a for a in Answer.objects.filter(assessment=new, vendor=None)}
    for key in ("reassess-date", "reassess-feedback"):
        assert AnswerValue.of(after[key]) == AnswerValue.of(before[key])  # the same answer...
        assert after[key].version == before[key].version + 1  # ...confirmed, by this person
        assert not after[key].carried_over and after[key].updated_by == director.user
    assert (
        after["reassess-feedback"].question_revision == after["reassess-feedback"].question.revision
    )
    look = needs_a_look(new)
    assert (look["carried"], look["review"]) == (1, 0)
    assert Answer.objects.get(assessment=new, vendor__isnull=False).carried_over  # another page
    page = client.get(url).content.decode()
    assert "carried over from the earlier assessment. Check" not in page
    assert "This question was reworded" not in page
    finalise_page = client.get(f"/en/assessments/{new.pk}/finalize/").content.decode()
    assert "1 answer was carried over" in finalise_page  # the vendor's, on its own page

    # Saved again as it is, nothing is written: the confirmation is not repeated.
    again = client.post(
        url, {**form_state(page), **{k: v for k, v in data.items() if k[:2] in ("q-", "n-")}}
    )
    assert again.status_code == 302
    assert {
        a.question.key: a.version for a in Answer.objects.filter(assessment=new, vendor=None)
    } == {key: answer.version for key, answer in after.items()}


@pytest.mark.django_db
def test_autosaving_a_carried_over_answer_as_it_is_confirms_it(director, finalised):
    new = assessment_reassess(assessment=finalised, by=director.user)
    stored = Answer.objects.get(assessment=new, question__key="reassess-date")
    reply = (
        client_for(director.user)
        .post(
            f"/en/assessments/{new.pk}/autosave/",
            {
                "content_version": current_content_version().number,
                "worksheet": "readiness",
                "section": "reassessment",
                "question": "reassess-date",
                "q-reassess-date": "no",
                "n-reassess-date": "Ask the board",
                "b-reassess-date": base_token(stored),
            },
        )
        .json()
    )
    confirmed = Answer.objects.get(pk=stored.pk)
    assert reply["status"] == "saved" and reply["base"] == base_token(confirmed)
    assert not confirmed.carried_over and confirmed.version == stored.version + 1
    assert confirmed.selected == ["no"] and confirmed.note == "Ask the board"
