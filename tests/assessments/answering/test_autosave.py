"""The autosave endpoint behind the JavaScript enhancement."""

import pytest

from assessments.answering.content import current_content_version
from assessments.models import Answer
from tests.assessments.helpers import base_for
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent("autosave's conditional writes and its query count")


@pytest.fixture
def assessment(director):
    return make_assessment(organisation=director.organisation)


def autosave(client, assessment, question, value=None, note="", base=None, lang="en", **extra):
    data = {
        "worksheet": "readiness",
        "section": "purpose",
        "question": question,
        "content_version": current_content_version().number,
        f"b-{question}": base if base is not None else base_for(assessment, question),
        f"n-{question}": note,
        **extra,
    }
    if value is not None:
        data[f"q-{question}"] = value
    return client.post(f"/{lang}/assessments/{assessment.pk}/autosave/", data)


@pytest.mark.django_db
def test_autosave_saves_one_answer_and_returns_the_new_base(director, assessment):
    response = autosave(
        client_for(director.user), assessment, "purpose-goals-written", "yes", lang="es"
    )
    reply = response.json()
    assert response.status_code == 200 and reply["status"] == "saved"
    assert reply["message"].startswith("Guardado a las")
    answer = Answer.objects.get()
    assert answer.selected == ["yes"] and reply["base"] == base_for(
        assessment, "purpose-goals-written"
    )


@pytest.mark.django_db
def test_autosave_multiple_choice_and_clearing(director, assessment):
    client = client_for(director.user)
    autosave(client, assessment, "purpose-what-it-adds", ["deaf", "youth"])
    assert Answer.objects.get().selected == ["deaf", "youth"]
    autosave(client, assessment, "purpose-what-it-adds", None)
    answer = Answer.objects.get()
    assert answer.selected == [] and not answer.is_answered and answer.version == 2


@pytest.mark.django_db
def test_autosave_warns_about_personal_information(director, assessment):
    reply = autosave(
        client_for(director.user),
        assessment,
        "purpose-goals-written",
        "yes",
        note="Survivor at jane.doe@example.org",
    ).json()
    assert reply["status"] == "saved" and "e-mail address" in reply["warnings"][0]


@pytest.mark.django_db
def test_autosave_conflict_then_keep_mine(director, staff, assessment):
    stale = base_for(assessment, "purpose-goals-written")
    autosave(client_for(director.user), assessment, "purpose-goals-written", "yes")
    reply = autosave(
        client_for(staff.user), assessment, "purpose-goals-written", "no", base=stale
    ).json()
    assert reply["status"] == "conflict"
    assert Answer.objects.get().selected == ["yes"]
    reply = autosave(
        client_for(staff.user), assessment, "purpose-goals-written", "no", base=reply["base"]
    ).json()
    assert reply["status"] == "saved" and Answer.objects.get().selected == ["no"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra, question",
    [
        ({}, "vendor-can-read-content"),  # question of another worksheet
        ({}, "no-such-question"),
        ({"section": "audience"}, "purpose-goals-written"),
    ],
)
def test_autosave_refuses_questions_outside_the_section(director, assessment, extra, question):
    response = autosave(client_for(director.user), assessment, question, "yes", **extra)
    assert response.status_code == 400 and response.json()["status"] == "invalid"
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_autosave_refuses_invalid_values_with_translated_messages(director, assessment):
    response = autosave(
        client_for(director.user), assessment, "purpose-goals-written", "maybe", lang="es"
    )
    assert response.status_code == 400
    assert "Elija una de las respuestas" in response.json()["errors"][0]
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_autosave_is_post_only_and_needs_membership(director, other_director, assessment):
    assert (
        client_for(director.user).get(f"/en/assessments/{assessment.pk}/autosave/").status_code
        == 405
    )
    response = autosave(client_for(other_director.user), assessment, "purpose-goals-written", "yes")
    assert response.status_code == 404 and not Answer.objects.exists()


@pytest.mark.django_db
def test_autosave_follows_the_organisation_worked_in_now(director, other_director, assessment):
    """Autosave checks the membership in the query that reads the assessment, for the
    organization the session remembers; the usual lookup decides whenever that finds nothing."""
    from accounts.current import SESSION_KEY
    from tests.factories import make_membership

    person = make_membership(organisation=director.organisation).user
    client = client_for(person)
    assert client.get("/en/assessments/").status_code == 200
    assert client.session[SESSION_KEY] == director.organisation.pk  # their only one, remembered
    assert autosave(client, assessment, "purpose-goals-written", "yes").json()["status"] == "saved"

    theirs = make_assessment(organisation=other_director.organisation)
    make_membership(organisation=other_director.organisation, user=person)
    response = autosave(client, theirs, "purpose-goals-written", "yes")  # not the one worked in
    assert response.status_code == 404

    # They leave the organization the session remembers and keep exactly one: that one now.
    person.memberships.get(organisation=director.organisation).delete()
    response = autosave(client, assessment, "purpose-goals-written", "no")
    assert response.status_code == 404
    assert Answer.objects.get(assessment=assessment).selected == ["yes"]
    assert autosave(client, theirs, "purpose-goals-written", "no").json()["status"] == "saved"
    assert Answer.objects.get(assessment=theirs).selected == ["no"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "worksheet, section, question, value, field, expected",
    [
        ("readiness", "purpose", "purpose-community-support", "4", "selected", ["4"]),
        ("readiness", "audience", "audience-connectivity", "poor", "selected", ["poor"]),
        ("readiness", "staffing", "staffing-hours-per-week", "37.5", "number", "37.50"),
        (
            "readiness",
            "reassessment",
            "reassess-lead-role",
            "Program director",
            "text",
            "Program director",
        ),
        (
            "platform",
            "control-contracts",
            "platform-other-needs",
            "Works on old phones",
            "text",
            "Works on old phones",
        ),
    ],
)
def test_autosave_every_kind(
    director, assessment, worksheet, section, question, value, field, expected
):
    reply = autosave(
        client_for(director.user), assessment, question, value, worksheet=worksheet, section=section
    ).json()
    assert reply["status"] == "saved"
    stored = getattr(Answer.objects.get(question__key=question), field)
    assert (str(stored) if field == "number" else stored) == expected
