"""Exports (answers CSV, whole assessment as JSON) and importing an export as a new draft."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.answering.lifecycle import vendor_add
from assessments.exchange.exports import ROUND_TRIP_MAY_DIFFER, assessment_json
from assessments.exchange.imports import ImportRefused, assessment_import, imported_name
from assessments.models import ActionItem, Answer, Assessment, Question, VendorEvaluation
from assessments.plan.actions import action_add, action_plan_refresh, action_set_status
from tests.factories import client_for, make_assessment, make_organisation

pytestmark = pytest.mark.database_dependent(
    "JSON import is all or nothing (one transaction) and meets every constraint"
)

EMPTY = (0, AnswerValue().fingerprint())


def answer(assessment, key, vendor=None, **value):
    question = Question.objects.get(key=key)
    value["selected"] = tuple(value.get("selected", ()))
    item = AnswerInput(question, AnswerValue(**value), EMPTY)
    answers_save(assessment=assessment, vendor=vendor, inputs=[item], by=None)


def choice_keys(key) -> list[str]:
    return list(Question.objects.get(key=key).choices.values_list("key", flat=True))


def make_filled(organisation, language="en") -> Assessment:
    """An assessment with vendors, choices, numbers, text, notes and an action plan."""
    assessment = make_assessment(organisation=organisation, report_language=language, name="Ours")
    acme = vendor_add(assessment=assessment, name="Acme Chat")
    nandu = vendor_add(assessment=assessment, name="Ñandú Video")
    answer(assessment, "purpose-goals-written", selected=["yes"], note="=SUM(A1) our note")
    answer(assessment, "purpose-what-it-adds", selected=choice_keys("purpose-what-it-adds")[:2])
    answer(assessment, "staffing-hours-per-week", number=Decimal("12.5"), note="Más horas")
    answer(assessment, "reassess-lead-role", text="Program director")
    answer(assessment, "vendor-product", vendor=acme, text="-Acme Pro")
    answer(assessment, "vendor-startup-cost", vendor=acme, number=Decimal("1500"))
    answer(assessment, "vendor-multi-staff", vendor=nandu, selected=["no"], note="Sólo una")
    # As a re-assessment leaves an answer brought over from the earlier one, not yet checked.
    Answer.objects.filter(assessment=assessment, question__key="reassess-lead-role").update(
        carried_over=True
    )
    action_plan_refresh(assessment=assessment)
    mine = action_add(
        assessment=assessment,
        description="Write a policy",
        owner="Director",
        due_on=date(2027, 3, 31),
    )
    action_set_status(item=mine, status="in_progress")
    return assessment


def counts() -> list[int]:
    return [m.objects.count() for m in (Assessment, VendorEvaluation, Answer, ActionItem)]


def comparable(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ROUND_TRIP_MAY_DIFFER}


def csv_rows(client, assessment, lang):
    url = reverse("assessments:answers_csv", args=[assessment.pk])
    response = client.get(url, {"lang": lang})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# CSV ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_has_a_row_per_question_and_vendor_matching_the_answers(director, staff):
    assessment = make_filled(director.organisation)
    rows = csv_rows(client_for(staff.user), assessment, "en")
    by_key = {(row[2], row[5]): row for row in rows[1:]}
    goals = Question.objects.get(key="purpose-goals-written")
    row = by_key["purpose-goals-written", ""]
    assert row[3] == goals.text_en and row[4] == goals.text_es
    assert row[6] == goals.choices.get(key="yes").label_en and row[7] == "yes"
    assert row[10] == "'=SUM(A1) our note"  # formula neutralised
    assert row[11] == timezone.localdate().isoformat()
    assert by_key["staffing-hours-per-week", ""][8] == "12.50"
    assert by_key["vendor-product", "Acme Chat"][9] == "'-Acme Pro"
    assert by_key["vendor-startup-cost", "Acme Chat"][8] == "1500.00"
    assert by_key["vendor-multi-staff", "Ñandú Video"][7] == "no"
    assert ("vendor-multi-staff", "Acme Chat") in by_key  # unanswered rows are listed too
    answered = [row for row in rows[1:] if row[7] or row[8] or row[9] or row[10]]
    assert len(answered) == Answer.objects.filter(assessment=assessment).count()


@pytest.mark.django_db
def test_csv_in_spanish_labels_the_choices_in_spanish(director):
    assessment = make_filled(director.organisation)
    rows = csv_rows(client_for(director.user), assessment, "es")
    row = next(row for row in rows if row[2] == "purpose-goals-written")
    goals = Question.objects.get(key="purpose-goals-written")
    assert row[6] == goals.choices.get(key="yes").label_es
    assert row[3] == goals.text_en and row[4] == goals.text_es


# JSON round trip ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("same_organisation", [True, False])
def test_export_import_export_gives_the_same_json(director, language, same_organisation):
    original = make_filled(director.organisation, language)
    first = assessment_json(assessment=original)
    target = director.organisation if same_organisation else make_organisation()
    copy = assessment_import(organisation=target, data=json.loads(json.dumps(first)), by=None)
    second = assessment_json(assessment=copy)
    assert comparable(second) == comparable(first)
    assert second["name"] == imported_name("Ours") and second["status"] == "draft"
    assert first["vendors"] == ["Acme Chat", "Ñandú Video"] and len(first["actions"]) > 1
    assert {"12.50", "1500.00"} <= {a["number"] for a in first["answers"]}
    assert "@" not in json.dumps(first)  # no e-mails of people
    flagged = [a["question"] for a in first["answers"] if a["carried_over"]]
    assert flagged == ["reassess-lead-role"]
    assert list(copy.answers.filter(carried_over=True).values_list("question__key", flat=True)) == [
        "reassess-lead-role"
    ]


@pytest.mark.django_db
def test_directors_download_json_and_import_it_through_the_pages(director, other_director):
    original = make_filled(director.organisation, "es")
    url = reverse("assessments:export_json", args=[original.pk])
    response = client_for(director.user).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    exported = response.content
    upload = SimpleUploadedFile("a.json", exported, content_type="application/json")
    client = client_for(other_director.user)
    response = client.post(reverse("assessments:import"), {"file": upload})
    copy = Assessment.objects.get(organisation=other_director.organisation)
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/")
    assert comparable(assessment_json(assessment=copy)) == comparable(json.loads(exported))


# Refused imports ---------------------------------------------------------------------------------


def _edit(change):
    def build(valid: dict) -> bytes:
        change(valid)
        return json.dumps(valid).encode()

    return build


def _answer(**fields):
    base = {"worksheet": "readiness", "question": "purpose-goals-written", "vendor": None}
    return {**base, "selected": [], "number": None, "text": "", "note": "", **fields}


BAD = {
    "malformed": (lambda v: b'{"format": ', "This is not valid JSON (line 1"),
    "oversized": (lambda v: b" " * (2 * 1024 * 1024 + 1), "This file is larger than 2 MB."),
    "wrong format": (_edit(lambda v: v.update(format="x")), "This is not an assessment exported"),
    "wrong version": (_edit(lambda v: v.update(version=2)), "version “2” of the format"),
    "unknown question": (
        _edit(lambda v: v["answers"].append(_answer(question="no-such-question"))),
        "question “no-such-question” is not in the current worksheets",
    ),
    "unknown choice": (
        _edit(lambda v: v["answers"].__setitem__(0, _answer(selected=["perhaps"]))),
        "“perhaps” is not an answer choice of question “purpose-goals-written”",
    ),
    "wrong type of channels": (
        _edit(lambda v: v.update(channels="text")),
        "“channels” is missing or has the wrong type",
    ),
    "number not text": (
        _edit(lambda v: v["answers"].append(_answer(question="staffing-hours-per-week", number=3))),
        "“number” must be text such as “12.50”",
    ),
    "control characters": (
        _edit(lambda v: v["answers"].__setitem__(0, _answer(note="bell \x07"))),
        "“note” contains invisible control characters",
    ),
    "missing vendor": (
        _edit(
            lambda v: v["answers"].append(
                _answer(worksheet="vendor", question="vendor-transfer", vendor="Ghost")
            )
        ),
        "vendor “Ghost” is not in the file",
    ),
    "duplicate answer": (
        _edit(lambda v: v["answers"].append(v["answers"][0])),
        "is answered more than once",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_import_is_refused_naming_the_problem_and_creates_nothing(director, case):
    valid = assessment_json(assessment=make_filled(director.organisation))
    build, expected = BAD[case]
    before = counts()
    upload = SimpleUploadedFile("a.json", build(valid), content_type="application/json")
    response = client_for(director.user).post(reverse("assessments:import"), {"file": upload})
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert 'class="error-summary' in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_pasted_text_is_imported_and_every_problem_is_listed(director):
    valid = assessment_json(assessment=make_filled(director.organisation))
    valid["answers"] += [_answer(question="nope-1"), _answer(question="nope-2")]
    before = counts()
    response = client_for(director.user).post(
        reverse("assessments:import"), {"text": json.dumps(valid)}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "“nope-1”" in html and "“nope-2”" in html
    assert counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["version", "answer"])
def test_an_integer_longer_than_python_reads_is_a_clear_error(director, where):
    """Python refuses to turn more than 4,300 digits into an int: a 500 before."""
    valid = json.dumps(assessment_json(assessment=make_filled(director.organisation)))
    huge = "9" * 5000
    if where == "version":
        text = valid.replace('"version": 1', f'"version": {huge}', 1)
    else:
        text = valid.replace('"answers": [', f'"answers": [{huge}, ', 1)
    assert huge in text
    before = counts()
    response = client_for(director.user).post(reverse("assessments:import"), {"text": text})
    assert response.status_code == 400
    assert "This file holds a number with more than 100 digits." in response.content.decode()
    assert counts() == before


@pytest.mark.django_db
def test_import_refuses_a_question_revision_newer_than_the_content(director):
    valid = assessment_json(assessment=make_filled(director.organisation))
    valid["answers"][0]["question_revision"] = 999
    with pytest.raises(ImportRefused) as refused:
        assessment_import(organisation=director.organisation, data=valid, by=None)
    assert "question_revision" in refused.value.messages[0]


# Permissions -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_download_the_csv_but_cannot_export_json_or_import(staff, director):
    assessment = make_filled(director.organisation)
    client = client_for(staff.user)
    assert client.get(reverse("assessments:answers_csv", args=[assessment.pk])).status_code == 200
    assert client.get(reverse("assessments:export_json", args=[assessment.pk])).status_code == 403
    assert client.get(reverse("assessments:import")).status_code == 403
    data = json.dumps(assessment_json(assessment=assessment))
    before = counts()
    assert client.post(reverse("assessments:import"), {"text": data}).status_code == 403
    assert counts() == before
    assert (
        reverse("assessments:import")
        not in client.get(reverse("assessments:list")).content.decode()
    )


@pytest.mark.django_db
def test_directors_see_the_import_link_and_page(director):
    client = client_for(director.user)
    assert reverse("assessments:import") in client.get(reverse("assessments:list")).content.decode()
    assert client.get(reverse("assessments:import")).status_code == 200


@pytest.mark.django_db
def test_another_organisations_assessment_cannot_be_exported(director, other_director):
    theirs = make_filled(other_director.organisation)
    client = client_for(director.user)
    for name in ("answers_csv", "export_json"):
        assert client.get(reverse(f"assessments:{name}", args=[theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_reassess_by_is_exported_and_carried_over_must_be_true_or_false(director):
    assessment = make_filled(director.organisation)
    Assessment.objects.filter(pk=assessment.pk).update(reassess_by=date(2027, 6, 30))
    assessment.refresh_from_db()
    data = assessment_json(assessment=assessment)
    assert data["reassess_by"] == "2027-06-30"
    older = {k: v for k, v in data.items() if k != "reassess_by"}  # files made before it existed
    for item in older["answers"]:
        del item["carried_over"]
    copy = assessment_import(organisation=director.organisation, data=older, by=None)
    assert copy.reassess_by is None and not copy.answers.filter(carried_over=True).exists()
    data["answers"][0]["carried_over"] = "yes"
    with pytest.raises(ImportRefused) as refused:
        assessment_import(organisation=director.organisation, data=data, by=None)
    assert refused.value.messages == ["Answer 1: “carried_over” is missing or has the wrong type."]


@pytest.mark.django_db
def test_the_example_in_the_format_documentation_imports(director):
    from django.conf import settings

    text = (settings.BASE_DIR / "docs" / "assessment-format.md").read_text()
    example = json.loads(text.split("```json", 1)[1].split("```", 1)[0])
    copy = assessment_import(organisation=director.organisation, data=example, by=None)
    assert copy.answers.count() == len(example["answers"]) == 3
    assert list(copy.answers.filter(carried_over=True).values_list("question__key", flat=True)) == [
        "staffing-hours-per-week"
    ]
