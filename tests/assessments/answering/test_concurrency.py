"""Several people on one assessment: no silent last-write-wins."""

import pytest
from django.db.models import QuerySet

from assessments.models import Answer
from tests.assessments.helpers import form_state, section_url
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent("conflicting writes and failures mid-save")


@pytest.fixture
def assessment(director):
    return make_assessment(organisation=director.organisation)


@pytest.fixture
def two_people(director, staff, assessment):
    """Both open the same section page before either saves."""
    url = section_url(assessment, "readiness", "purpose")
    first, second = client_for(director.user), client_for(staff.user)
    return (
        url,
        (first, form_state(first.get(url).content.decode())),
        (second, form_state(second.get(url).content.decode())),
    )


@pytest.mark.django_db
def test_different_questions_never_overwrite_each_other(two_people, assessment):
    url, (first, first_form), (second, second_form) = two_people
    assert first.post(url, {**first_form, "q-purpose-goals-written": "yes"}).status_code == 302
    assert second.post(url, {**second_form, "q-purpose-community-support": "5"}).status_code == 302
    answers = dict(Answer.objects.values_list("question__key", "selected"))
    assert answers == {"purpose-goals-written": ["yes"], "purpose-community-support": ["5"]}


@pytest.mark.django_db
def test_same_question_the_later_save_is_told_and_chooses(two_people, director, staff):
    url, (first, first_form), (second, second_form) = two_people
    first.post(
        url,
        {
            **first_form,
            "q-purpose-goals-written": "yes",
            "n-purpose-goals-written": "Board approved",
        },
    )
    response = second.post(
        url, {**second_form, "q-purpose-goals-written": "no", "q-purpose-community-support": "2"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this answer while you were working." in html
    assert director.user.email in html and "Board approved" in html  # sees the other answer
    answers = dict(Answer.objects.values_list("question__key", "selected"))
    assert answers["purpose-goals-written"] == ["yes"]  # not overwritten
    assert answers["purpose-community-support"] == ["2"]  # the rest was saved
    # Choosing to keep theirs: reload shows the stored answer.
    assert "Board approved" in second.get(url).content.decode()
    # Choosing to keep mine: save again from the form as re-rendered.
    again = form_state(html)
    response = second.post(
        url, {**again, "q-purpose-goals-written": "no", "q-purpose-community-support": "2"}
    )
    assert response.status_code == 302
    answer = Answer.objects.get(question__key="purpose-goals-written")
    assert answer.selected == ["no"] and answer.updated_by == staff.user and answer.version == 2


@pytest.mark.django_db
def test_same_answer_from_both_is_not_a_conflict(two_people):
    url, (first, first_form), (second, second_form) = two_people
    first.post(url, {**first_form, "q-purpose-goals-written": "yes"})
    assert second.post(url, {**second_form, "q-purpose-goals-written": "yes"}).status_code == 302
    assert Answer.objects.get().version == 1


@pytest.mark.django_db
def test_a_person_who_did_not_touch_a_question_does_not_undo_anothers_answer(two_people):
    url, (first, first_form), (second, second_form) = two_people
    first.post(url, {**first_form, "q-purpose-goals-written": "yes"})
    # The second person's form still holds the old, empty answer for that question.
    assert (
        second.post(
            url, {**second_form, "n-purpose-community-support": "Partners ready"}
        ).status_code
        == 302
    )
    assert Answer.objects.get(question__key="purpose-goals-written").selected == ["yes"]


def test_a_failure_mid_save_leaves_the_stored_answers_as_they_were(
    shipped_content, director, monkeypatch
):
    assessment = make_assessment(organisation=director.organisation)
    url = section_url(assessment, "readiness", "purpose")
    client = client_for(director.user)
    client.post(
        url, {**form_state(client.get(url).content.decode()), "q-purpose-goals-written": "yes"}
    )
    state = form_state(client.get(url).content.decode())
    original_update = QuerySet.update
    writes = []

    def counted_update(self, **kwargs):
        if self.model is Answer:
            writes.append("changed answer")
        return original_update(self, **kwargs)

    def failing_save(self, *args, **kwargs):
        writes.append("new answer")
        raise RuntimeError("disk full")

    # "Goals written" changes from the version on the page (one UPDATE); then the first answer
    # to "community support" (an INSERT) fails.
    monkeypatch.setattr(QuerySet, "update", counted_update)

    monkeypatch.setattr(Answer, "save", failing_save)
    client.raise_request_exception = False
    response = client.post(
        url, {**state, "q-purpose-goals-written": "no", "q-purpose-community-support": "3"}
    )
    assert response.status_code == 500
    assert writes == ["changed answer", "new answer"]
    assert dict(Answer.objects.values_list("question__key", "selected")) == {
        "purpose-goals-written": ["yes"]
    }
