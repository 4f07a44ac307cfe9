"""Sign-off: directors finalize, the report freezes, its PDF is rendered off the request and kept."""

import json
import re

import pytest
from django.core.files.storage import default_storage

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
from assessments.models import (
    AssessmentStatus,
    Question,
    Recommendation,
)
from reports.models import ReportFile, ReportSnapshot, ReportStatus
from reports.signoff import assessment_finalise
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "sign-off locks the assessment and stores its snapshot as JSON"
)


@pytest.fixture
def assessment(director):
    assessment = make_assessment(organisation=director.organisation, channels=["text"])
    inputs = [
        AnswerInput(
            Question.objects.get(key="devices-personal-use"), AnswerValue(("yes",)), (0, "")
        ),
        AnswerInput(Question.objects.get(key="policy-emergencies"), AnswerValue(("yes",)), (0, "")),
    ]
    answers_save(assessment=assessment, vendor=None, inputs=inputs, by=director.user)
    return assessment


def finalize(client, assessment, **extra):
    return client.post(f"/en/assessments/{assessment.pk}/finalize/", {"confirm": "on", **extra})


@pytest.mark.django_db
def test_a_director_finalizes_after_confirming(director, assessment):
    client = client_for(director.user)
    page = client.get(f"/en/assessments/{assessment.pk}/finalize/")
    assert page.status_code == 200 and "Finalize this assessment" in page.content.decode()
    refused = client.post(f"/en/assessments/{assessment.pk}/finalize/", {})
    assert refused.status_code == 400 and "Tick this box" in refused.content.decode()
    response = finalize(client, assessment)
    assert response.status_code == 302 and response["Location"].endswith("/report/")
    assessment.refresh_from_db()
    assert (
        assessment.status == AssessmentStatus.FINALISED and assessment.finalised_by == director.user
    )
    snapshot = ReportSnapshot.objects.get(assessment=assessment)
    assert json.loads(json.dumps(snapshot.data)) == snapshot.data


@pytest.mark.django_db
def test_the_directors_summary_goes_on_page_one(director, assessment):
    client = client_for(director.user)
    summary = "We start with text on weekday evenings.\nTwo advocates are trained."
    finalize(client, assessment, summary=summary)
    assert ReportSnapshot.objects.get(assessment=assessment).data["director_summary"] == summary
    page = client.get(f"/en/assessments/{assessment.pk}/report/").content.decode()
    assert "The director&#x27;s summary" in page or "The director's summary" in page
    assert "We start with text on weekday evenings.<br>Two advocates are trained." in page


@pytest.mark.django_db
def test_a_summary_that_looks_personal_is_shown_back_once_with_a_warning(director, assessment):
    """Like the notes: a nudge, not a filter. The text comes back as typed with a warning; sent
    again unchanged, it is kept (the program's own hotline number is legitimate)."""
    client = client_for(director.user)
    summary = "Call Maria at 555-123-4567 about the launch."
    warned = finalize(client, assessment, summary=summary, include_names="on")
    page = warned.content.decode()
    assert warned.status_code == 400 and "This looks like it contains a phone number." in page
    assert summary in page and 'id="id_include_names" checked' in page  # the rest kept too
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    seal = re.search(r'name="summary_checked" value="([0-9a-f]+)"', page).group(1)
    changed = finalize(client, assessment, summary=summary + " Soon.", summary_checked=seal)
    assert changed.status_code == 400  # new text, new look
    kept = finalize(client, assessment, summary=summary, summary_checked=seal)
    assert kept.status_code == 302
    assert ReportSnapshot.objects.get(assessment=assessment).data["director_summary"] == summary


@pytest.mark.django_db
def test_sign_off_makes_the_plan_when_nobody_opened_it(director, assessment):
    """The report needs a plan: finalizing one that was never generated makes it from the
    findings, so the report never says the plan has no actions yet."""
    assert not assessment.actions.exists()
    finalize(client_for(director.user), assessment)
    keys = set(assessment.actions.values_list("question_key", flat=True))
    assert "devices-personal-use" in keys and "policy-emergencies" not in keys
    report = client_for(director.user).get(f"/en/assessments/{assessment.pk}/report/")
    assert "The action plan has no actions yet" not in report.content.decode()


@pytest.mark.django_db
def test_sign_off_keeps_a_plan_someone_made(director, assessment):
    from assessments.plan.actions import action_add

    action_add(assessment=assessment, description="Our own first step")
    assessment_finalise(assessment=assessment, by=director.user)
    assert list(assessment.actions.values_list("description", flat=True)) == ["Our own first step"]


@pytest.mark.django_db
def test_staff_cannot_finalize_or_get_the_pdf_but_read_the_report(staff, assessment):
    client = client_for(staff.user)
    refused = finalize(client, assessment)
    assert refused.status_code == 403 and "Only directors" in refused.content.decode()
    assert client.get(f"/es/assessments/{assessment.pk}/finalize/").status_code == 403
    assert client.get(f"/en/assessments/{assessment.pk}/report/").status_code == 200
    assessment_finalise(assessment=assessment, by=None)
    assert client.get(f"/en/assessments/{assessment.pk}/report.pdf").status_code == 403
    assert client.post(f"/en/assessments/{assessment.pk}/report.pdf").status_code == 403
    assert not ReportFile.objects.exists()


@pytest.mark.django_db
def test_names_stay_out_unless_the_director_asks(director, assessment):
    finalize(client_for(director.user), assessment)
    assert director.user.email not in json.dumps(ReportSnapshot.objects.get().data)
    other = make_assessment(organisation=director.organisation)
    finalize(client_for(director.user), other, include_names="on")
    assert director.user.email in json.dumps(ReportSnapshot.objects.get(assessment=other).data)


@pytest.mark.django_db
def test_the_finalized_report_does_not_change_when_content_is_edited(
    director, assessment, django_capture_on_commit_callbacks
):
    client = client_for(director.user)
    finalize(client, assessment)
    before = client.get(f"/en/assessments/{assessment.pk}/report/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/assessments/{assessment.pk}/report.pdf", {"paper": "letter"})
    report = ReportFile.objects.get()
    assert report.status == ReportStatus.READY
    first = b"".join(
        client.get(f"/en/assessments/{assessment.pk}/report.pdf?download=1").streaming_content
    )
    assert first.startswith(b"%PDF")
    question = Question.objects.get(key="devices-personal-use")
    question.text_en = "An edited question"
    question.save()
    Recommendation.objects.update(title_en="An edited recommendation")
    after = client.get(f"/en/assessments/{assessment.pk}/report/").content.decode()
    assert "An edited" not in after
    assert _main(after) == _main(before)
    second = b"".join(
        client.get(f"/en/assessments/{assessment.pk}/report.pdf?download=1").streaming_content
    )
    assert second == first  # the stored file, byte for byte
    assert ReportFile.objects.count() == 1


def _main(page: str) -> str:
    return page[page.index('<div class="report"') :]


@pytest.mark.django_db
def test_a_failed_render_keeps_nothing_and_can_be_retried(
    director, assessment, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import pdf

    client = client_for(director.user)
    finalize(client, assessment)
    monkeypatch.setattr(pdf, "render_report_pdf", lambda **kwargs: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/assessments/{assessment.pk}/report.pdf", {"paper": "a4"})
    report = ReportFile.objects.get()
    assert report.status == ReportStatus.FAILED and not report.file
    assert _stored_files("reports") == []
    page = client.get(f"/es/assessments/{assessment.pk}/report.pdf?paper=a4").content.decode()
    assert "No se pudo preparar el informe" in page
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FINALISED  # untouched
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/assessments/{assessment.pk}/report.pdf", {"paper": "a4"})
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.file
    assert _stored_files("reports") == [report.file.name]  # the failed try left nothing behind
    status = client.get(
        f"/en/assessments/{assessment.pk}/report.pdf?paper=a4", HTTP_ACCEPT="application/json"
    )
    assert status.json() == {"status": "ready"}


def _stored_files(folder: str) -> list[str]:
    """Every file under `folder` in default_storage, its sub-folders (one per assessment) too."""
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    return [f"{folder}/{name}" for name in files] + [
        name for sub in folders for name in _stored_files(f"{folder}/{sub}")
    ]


@pytest.mark.django_db
def test_a_draft_has_no_pdf_and_another_organization_gets_404(director, other_director, assessment):
    assert (
        client_for(director.user).get(f"/en/assessments/{assessment.pk}/report.pdf").status_code
        == 404
    )
    outsider = client_for(other_director.user)
    for path in ("report/", "report.pdf", "finalize/"):
        assert outsider.get(f"/en/assessments/{assessment.pk}/{path}").status_code == 404
    assert finalize(outsider, assessment).status_code == 404
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
