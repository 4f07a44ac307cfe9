"""Directors delete an assessment with everything of it, its stored PDFs included."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from assessments.answering.lifecycle import vendor_add
from assessments.exchange.deletion import assessment_delete
from assessments.models import (
    ActionItem,
    Answer,
    Assessment,
    Question,
    VendorEvaluation,
)
from assessments.plan.actions import action_add
from reports.models import ReportFile, ReportSnapshot
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "deletes rows and stored files together in one transaction"
)


def make_assessment_with_everything(*, organisation, tag: str, by=None) -> Assessment:
    """An assessment with a vendor, answers with notes, an action, a snapshot and a stored PDF;
    every text carries `tag`, so a test can look for what is left of it."""
    assessment = make_assessment(organisation=organisation, name=f"Assessment {tag}", by=by)
    vendor = vendor_add(assessment=assessment, name=f"Vendor {tag}")
    for question, answer_vendor in zip(
        Question.objects.order_by("pk")[:2], [None, vendor], strict=True
    ):
        Answer.objects.create(
            assessment=assessment,
            vendor=answer_vendor,
            question=question,
            text=f"Answer text {tag}",
            note=f"Note {tag}",
            content_version=assessment.content_version,
            updated_by=by,
        )
    action_add(assessment=assessment, description=f"Action {tag}")
    ReportSnapshot.objects.create(assessment=assessment, data={"name": assessment.name})
    name = default_storage.save(
        f"reports/assessment-{assessment.pk}-letter.pdf", ContentFile(b"%PDF-1.7 " + tag.encode())
    )
    ReportFile.objects.create(assessment=assessment, status="ready", file=name, requested_by=by)
    return assessment


def _url(assessment) -> str:
    return reverse("assessments:delete", args=[assessment.pk])


@pytest.mark.django_db
def test_the_confirmation_page_names_the_assessment(director):
    assessment = make_assessment(organisation=director.organisation, name="Hotline text pilot")
    response = client_for(director.user).get(_url(assessment))
    assert response.status_code == 200
    assert "Delete “Hotline text pilot”?" in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.django_db
def test_directors_see_the_delete_link_and_staff_do_not(director, staff):
    assessment = make_assessment(organisation=director.organisation)
    detail = reverse("assessments:detail", args=[assessment.pk])
    assert _url(assessment) in client_for(director.user).get(detail).content.decode()
    assert _url(assessment) not in client_for(staff.user).get(detail).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_get_403_and_nothing_is_deleted(method, staff):
    assessment = make_assessment(organisation=staff.organisation)
    assert getattr(client_for(staff.user), method)(_url(assessment)).status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisations_assessment_is_404(method, director, other_director):
    theirs = make_assessment(organisation=other_director.organisation)
    assert getattr(client_for(director.user), method)(_url(theirs)).status_code == 404
    assert Assessment.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_deleting_removes_everything_of_it_and_its_pdf(
    director, django_capture_on_commit_callbacks
):
    assessment = make_assessment_with_everything(
        organisation=director.organisation, tag="QZX", by=director.user
    )
    kept = make_assessment_with_everything(organisation=director.organisation, tag="KEPT")
    pdf = assessment.report_files.get().file.name
    assert default_storage.exists(pdf)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(director.user).post(_url(assessment))
    assert response.status_code == 302 and response["Location"] == reverse("assessments:list")
    assert list(Assessment.objects.all()) == [kept]
    for model in (VendorEvaluation, Answer, ActionItem, ReportSnapshot, ReportFile):
        assert not model.objects.exclude(
            **{"pk" if model is ReportSnapshot else "assessment": kept}
        ).exists(), model
    assert not default_storage.exists(pdf)
    assert default_storage.exists(kept.report_files.get().file.name)


@pytest.mark.django_db
def test_the_change_history_records_the_deletion_without_its_content(
    director, django_capture_on_commit_callbacks
):
    assessment = make_assessment_with_everything(organisation=director.organisation, tag="QZX")
    # An earlier admin edit named it: that entry keeps its number, not the name.
    LogEntry.objects.create(
        user=director.user,
        content_type_id=_content_type_id(Assessment),
        object_id=str(assessment.pk),
        object_repr=assessment.name,
        action_flag=2,
        change_message="Changed name of Assessment QZX",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(director.user).post(_url(assessment))
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert entry.object_repr == (
        f"Assessment #{assessment.pk} of organization #{director.organisation_id}"
    )
    assert entry.change_message == f"Deleted by a director (account #{director.user_id})"
    assert entry.user.email == "change-history@toolkit.invalid" and not entry.user.is_active
    for row in LogEntry.objects.values("object_repr", "change_message"):
        assert "QZX" not in str(row)


def _content_type_id(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


@pytest.mark.django_db
def test_files_stay_when_the_deletion_is_rolled_back(director, django_capture_on_commit_callbacks):
    assessment = make_assessment_with_everything(organisation=director.organisation, tag="QZX")
    pdf = assessment.report_files.get().file.name
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assessment_delete(assessment=assessment, by=director.user)
        raise RuntimeError
    assert default_storage.exists(pdf)
    assert Assessment.objects.filter(pk=assessment.pk).exists()
