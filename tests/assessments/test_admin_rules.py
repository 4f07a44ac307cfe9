"""The site admin keeps the app's rules: deletions go through the app's own deletion, a
finalized assessment is read-only, and the status is never edited by hand."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.files.storage import default_storage
from django.test import Client

from accounts.models import Organisation, User
from assessments.models import Assessment, AssessmentStatus
from reports.models import ReportFile
from reports.signoff import assessment_finalise
from tests.admin_forms import admin_form_data
from tests.assessments.exchange.test_deletion import make_assessment_with_everything
from tests.factories import make_assessment, make_membership, make_user

pytestmark = pytest.mark.database_dependent(
    "admin deletions remove rows, accounts and stored files in one transaction"
)


@pytest.fixture
def site_admin(db):
    client = Client()
    user = make_user(email="site-admin@toolkit.example", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def change_url(assessment) -> str:
    return f"/en/admin/assessments/assessment/{assessment.pk}/change/"


@pytest.mark.django_db
def test_deleting_an_assessment_in_the_admin_removes_its_pdf_and_names_nothing(
    site_admin, director, django_capture_on_commit_callbacks
):
    assessment = make_assessment_with_everything(organisation=director.organisation, tag="QZX")
    pdf = assessment.report_files.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = site_admin.post(
            f"/en/admin/assessments/assessment/{assessment.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Assessment.objects.exists() and not ReportFile.objects.exists()
    assert not default_storage.exists(pdf)
    entries = LogEntry.objects.filter(action_flag=DELETION)
    assert [e.object_repr for e in entries] == [
        f"Assessment #{assessment.pk} of organization #{director.organisation.pk}"
    ]
    assert not LogEntry.objects.filter(object_repr__contains="QZX").exists()


@pytest.mark.django_db
def test_the_admins_delete_selected_action_goes_through_the_app_too(
    site_admin, director, django_capture_on_commit_callbacks
):
    first = make_assessment_with_everything(organisation=director.organisation, tag="ONE")
    second = make_assessment_with_everything(organisation=director.organisation, tag="TWO")
    files = [a.report_files.get().file.name for a in (first, second)]
    with django_capture_on_commit_callbacks(execute=True):
        site_admin.post(
            "/en/admin/assessments/assessment/",
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )
    assert not Assessment.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert not LogEntry.objects.filter(object_repr__contains="ONE").exists()


@pytest.mark.django_db
def test_deleting_an_organization_in_the_admin_deletes_its_accounts_and_files(
    site_admin, django_capture_on_commit_callbacks
):
    director = make_membership(user=make_user(email="only-here@program.example"))
    elsewhere = make_membership(user=make_user(email="two-places@program.example"))
    make_membership(user=elsewhere.user, organisation=director.organisation)
    assessment = make_assessment_with_everything(organisation=director.organisation, tag="ORG")
    pdf = assessment.report_files.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = site_admin.post(
            f"/en/admin/accounts/organisation/{director.organisation.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=director.organisation.pk).exists()
    assert not User.objects.filter(email="only-here@program.example").exists()
    assert User.objects.filter(email="two-places@program.example").exists()
    assert not default_storage.exists(pdf)


@pytest.mark.django_db
def test_a_finalized_assessment_is_read_only_in_the_admin(site_admin, director):
    assessment = make_assessment(organisation=director.organisation, name="Signed off")
    assessment_finalise(assessment=assessment, by=director.user)
    page = site_admin.get(change_url(assessment))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    refused = site_admin.post(
        change_url(assessment), {"name": "Renamed", "consider_text": "on", "report_language": "en"}
    )
    assert refused.status_code == 403
    assessment.refresh_from_db()
    assert assessment.name == "Signed off" and assessment.channels == ["text", "chat", "video"]


@pytest.mark.django_db
def test_the_status_cannot_be_edited_in_the_admin(site_admin, director):
    """Setting "finalized" by hand broke the check constraint (a 500) and skipped sign-off."""
    assessment = make_assessment(organisation=director.organisation, name="Draft")
    page = site_admin.get(change_url(assessment))
    data = admin_form_data(page.content.decode())
    data.update({"status": AssessmentStatus.FINALISED, "name": "Draft, renamed"})
    response = site_admin.post(change_url(assessment), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT and assessment.name == "Draft, renamed"
