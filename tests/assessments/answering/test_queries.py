"""A section page runs a fixed number of queries whatever the number of questions and answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save, base_token
from assessments.answering.content import current_content_version
from assessments.models import Answer, Question, Section
from tests.assessments.helpers import purpose_autosave, section_url
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent("query counts, and queries written for speed")


def answer_everything(assessment, section, by):
    inputs = []
    for question in Question.objects.filter(section=section).prefetch_related("choices"):
        choices = [c.key for c in question.choices.all()]
        value = (
            AnswerValue(selected=(choices[0],))
            if choices
            else AnswerValue(text="x")
            if "text" in question.kind
            else AnswerValue(number=1)
        )
        inputs.append(
            AnswerInput(
                question, AnswerValue(value.selected, value.number, value.text, "note"), (0, "")
            )
        )
    answers_save(assessment=assessment, vendor=None, inputs=inputs, by=by)


def statements(queries) -> list[str]:
    """What a request ran, without the savepoints that exist only because the test itself runs
    in a transaction."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(statements(queries))


@pytest.mark.django_db
def test_section_page_queries_do_not_grow_with_questions_or_answers(director, staff):
    assessment = make_assessment(organisation=director.organisation)
    sections = sorted(
        Section.objects.filter(worksheet__key="readiness"), key=lambda s: s.questions.count()
    )
    small, large = sections[0], sections[-1]
    assert large.questions.count() >= 2 * small.questions.count()
    client = client_for(director.user)
    client.get(section_url(assessment, "readiness", large.key))  # the worksheet read and kept
    empty_small = count_queries(client, section_url(assessment, "readiness", small.key))
    empty_large = count_queries(client, section_url(assessment, "readiness", large.key))
    answer_everything(assessment, large, staff.user)
    answer_everything(assessment, small, director.user)
    full_small = count_queries(client, section_url(assessment, "readiness", small.key))
    full_large = count_queries(client, section_url(assessment, "readiness", large.key))
    assert empty_small == empty_large == full_small == full_large
    print("queries per section page:", full_large)
    # It ran 14 (16 with the session's savepoints), then 10: the worksheet, its questions twice
    # (once for the sections that apply, again for progress), the answers twice, the content
    # version on its own. Now the worksheet's sections, questions and choices are kept in
    # memory per content version (worksheet_cache), and it runs: the session, the person, the
    # membership, the assessment, the content version (cheaper on its own than as two
    # subqueries of the assessment's), the guides the section's questions link to, the
    # worksheet's answers, and the session's save.
    assert full_large == 8, full_large


@pytest.mark.django_db
def test_autosave_of_one_answer_loads_only_what_that_answer_needs(director):
    """It loaded the whole section, its choices and every answer (19 queries), then 12 without
    them, then 9, then 7; now 6: the session, the person, the assessment with the newest content
    version (the same query requires the person's membership in the organization the session
    remembers), the assessment's lock (the same statement records the change), the write (only
    if the answer is still at the version the person saw, so it needs no locked read), and the
    session's save. The question and its choices are kept in memory per content version
    (worksheet_cache). A first answer reads under lock whether one exists, then inserts: 7."""
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    client.get(section_url(assessment, "readiness", "purpose"))  # session and cache warmed up
    url = f"/en/assessments/{assessment.pk}/autosave/"
    counts, base = [], base_token(None)
    for value in ("yes", "no", "unsure"):
        data = {**purpose_autosave(value), "b-purpose-goals-written": base}
        with CaptureQueriesContext(connection) as queries:
            reply = client.post(url, data)
        assert reply.json()["status"] == "saved"
        counts.append(len(statements(queries)))
        base = reply.json()["base"]
    print("queries per autosave (first answer, changes):", counts)
    assert counts == [7, 6, 6], counts
    stored = Answer.objects.get(assessment=assessment, question__key="purpose-goals-written")
    assert (stored.selected, stored.version) == (["unsure"], 3)
    assert reply.json()["base"] == base_token(stored)


@pytest.mark.django_db
def test_autosave_of_an_answer_already_stored_writes_nothing(director):
    """The lock that records the change is undone when nothing changed: "Last change" stays."""
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    data = purpose_autosave()
    first = client.post(f"/en/assessments/{assessment.pk}/autosave/", data).json()
    assert first["status"] == "saved"
    assessment.refresh_from_db()
    changed_at = assessment.updated_at
    again = client.post(
        f"/en/assessments/{assessment.pk}/autosave/",
        {**data, "b-purpose-goals-written": first["base"]},
    ).json()
    assert again["status"] == "saved" and again["base"] == first["base"]
    assessment.refresh_from_db()
    assert assessment.updated_at == changed_at


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    [
        "purpose-goals-written",  # yes / no / not sure
        "audience-intended",  # several choices
        "staffing-hours-per-week",  # a number
        "purpose-what-it-adds",  # long text
        "reassess-lead-role",  # short text
    ],
)
@pytest.mark.parametrize("posted", [False, True])
def test_section_inputs_are_written_as_djangos_templates_write_them(key, posted, monkeypatch):
    """The section form writes its inputs without a template per input (forms.DIRECT); what it
    writes must stay what Django's widget templates write, byte for byte: values, ids, checked,
    aria-describedby and aria-invalid after an error, escaping."""
    from assessments.answering import forms
    from assessments.models import Question

    question = Question.objects.prefetch_related("choices").get(key=key)
    choices = [c.key for c in question.choices.all()]
    hostile = "a <b> & \"c\" 'd'"
    data = {
        "content_version": "1",
        f"q-{key}": ([choices[0], "not-a-choice"] if question.kind == "multiple" else "nope")
        if choices
        else ("12.5" if question.kind == "number" else hostile),
        f"n-{key}": hostile,
        f"b-{key}": "1:0123456789abcdef",
    }
    stored = AnswerValue(selected=tuple(choices[-1:]), number=None, text=hostile, note=hostile)

    def render_all() -> list[str]:
        version = current_content_version()
        form = forms.SectionForm(
            data if posted else None, questions=[question], answers={}, content_version=version
        )
        if not posted:
            form.initial.update(
                {f"q-{key}": forms.initial_value(question, stored), f"n-{key}": stored.note}
            )
        form.is_valid()
        bound = [form[name] for name in form.fields]
        written = [str(field) for field in bound]
        for option in form[f"q-{key}"] if question.has_choices else []:
            written += [str(option.tag()), str(option.tag(wrap_label=True)), str(option)]
        return written

    written = []
    counted = {
        name: lambda widget, write=write, name=name: written.append(name) or write(widget)
        for name, write in forms.DIRECT.items()
    }
    monkeypatch.setattr(forms, "DIRECT", counted)
    direct = render_all()
    assert written  # the direct writing was used
    monkeypatch.setattr(forms, "DIRECT", {})
    assert direct == render_all()
