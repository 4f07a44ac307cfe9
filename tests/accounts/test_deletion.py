"""Directors download everything of their organization, or delete all of it: nothing remains."""

import io
import json
import os
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from accounts.models import Invitation, Membership, Organisation, Role, User
from tests.assessments.exchange.test_deletion import make_assessment_with_everything
from tests.factories import (
    client_for,
    make_assessment,
    make_membership,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.database_dependent(
    "deletes an organization's rows across tables in one transaction"
)

DATA_URL = reverse("accounts:organisation_data")
DOWNLOAD_URL = reverse("accounts:organisation_download")


def _post_name(client, name, capture):
    with capture(execute=True):
        return client.post(DATA_URL, {"name": name})


def _stored_files() -> set[str]:
    root = settings.MEDIA_ROOT
    return {
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    }


@pytest.fixture
def doomed(db):
    """An organization with two assessments, members of every kind and a pending invitation."""
    organisation = make_organisation(name="Harbor Light QZX Shelter")
    director = make_membership(
        organisation=organisation, role=Role.DIRECTOR, user=make_user(email="dir.qzx@example.org")
    )
    only_here = make_membership(organisation=organisation, user=make_user(email="only.qzx@ex.org"))
    elsewhere = make_membership(organisation=organisation, user=make_user(email="both@ex.org"))
    make_membership(organisation=make_organisation(name="Other program"), user=elsewhere.user)
    admin = make_membership(organisation=organisation, user=make_user(is_staff=True))
    Invitation.objects.create(
        organisation=organisation,
        email="invitee.qzx@example.org",
        token_hash="q" * 64,
        expires_at="2999-01-01T00:00Z",
        invited_by=director.user,
    )
    assessments = [
        make_assessment_with_everything(organisation=organisation, tag=tag, by=director.user)
        for tag in ("QZX1", "QZX2")
    ]
    return {
        "organisation": organisation,
        "director": director,
        "only_here": only_here,
        "elsewhere": elsewhere,
        "admin": admin,
        "assessments": assessments,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("url", [DATA_URL, DOWNLOAD_URL])
def test_staff_get_403(url, staff):
    assert client_for(staff.user).get(url).status_code == 403


@pytest.mark.django_db
def test_staff_cannot_delete(staff):
    response = client_for(staff.user).post(DATA_URL, {"name": staff.organisation.name})
    assert response.status_code == 403
    assert Organisation.objects.filter(pk=staff.organisation_id).exists()


@pytest.mark.django_db
def test_the_members_page_links_to_the_data_page(director):
    html = client_for(director.user).get(reverse("accounts:members")).content.decode()
    assert DATA_URL in html


@pytest.mark.django_db
def test_download_everything_is_one_zip_of_this_organisation_only(doomed, other_director):
    make_assessment_with_everything(organisation=other_director.organisation, tag="THEIRS")
    response = client_for(doomed["director"].user).get(DOWNLOAD_URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    first, second = (a.pk for a in doomed["assessments"])
    assert sorted(archive.namelist()) == [
        f"assessment-{first}-report-letter.pdf",
        f"assessment-{first}.json",
        f"assessment-{second}-report-letter.pdf",
        f"assessment-{second}.json",
    ]
    assert json.loads(archive.read(f"assessment-{first}.json"))["name"] == "Assessment QZX1"
    assert archive.read(f"assessment-{second}-report-letter.pdf") == b"%PDF-1.7 QZX2"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["harbor light qzx shelter", "Harbor Light", "", "Other program"])
def test_a_wrong_name_deletes_nothing(typed, doomed, django_capture_on_commit_callbacks):
    client = client_for(doomed["director"].user)
    response = _post_name(client, typed, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    if typed:
        assert f'value="{typed}"' in response.content.decode()
        assert "The name does not match. Nothing was deleted." in response.content.decode()
    assert Organisation.objects.filter(pk=doomed["organisation"].pk).exists()
    assert Membership.objects.count() == 5 and len(_stored_files()) == 2


@pytest.mark.django_db
def test_a_wrong_name_is_told_in_spanish(doomed):
    response = client_for(doomed["director"].user).post(
        "/es" + DATA_URL.removeprefix("/en"), {"name": "harbor"}
    )
    assert response.status_code == 400
    assert "El nombre no coincide. No se eliminó nada." in response.content.decode()


def _text_hits(needles: list[str]) -> list[str]:
    """Every text, char and JSON column of every table that holds one of `needles`."""
    hits = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                rows = model._base_manager.annotate(_t=Cast(field.name, TextField()))
                column = "_t"
            elif isinstance(field, models.CharField | models.TextField):
                rows, column = model._base_manager.all(), field.name
            else:
                continue
            query = Q()
            for needle in needles:
                query |= Q(**{f"{column}__contains": needle})
            hits += [f"{model.__name__}.{field.name}: {v}" for v in rows.filter(query)[:3]]
    return hits


def _foreign_key_hits(model, pks) -> list[str]:
    return [
        f"{other.__name__}.{field.name}"
        for other in apps.get_models()
        for field in other._meta.concrete_fields
        if field.is_relation and field.related_model is model
        if other._base_manager.filter(**{f"{field.attname}__in": pks}).exists()
    ]


@pytest.mark.django_db
def test_after_deletion_nothing_of_the_organisation_remains(
    doomed, other_director, django_capture_on_commit_callbacks
):
    organisation, director = doomed["organisation"], doomed["director"]
    theirs = make_assessment_with_everything(organisation=other_director.organisation, tag="OK")
    LogEntry.objects.create(  # an earlier admin edit that named it
        user=doomed["admin"].user,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(organisation.pk),
        object_repr=organisation.name,
        action_flag=CHANGE,
        change_message="Renamed Harbor Light QZX Shelter",
    )
    deleted_ids = [director.user_id, doomed["only_here"].user_id]

    client = client_for(director.user)
    response = _post_name(client, "  Harbor Light QZX Shelter ", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:organisation_deleted")
    assert "_auth_user_id" not in client.session  # their account went: signed out
    page = client.get(response["Location"])
    assert page.status_code == 200 and "data was deleted" in page.content.decode()
    needles = ["QZX", "Harbor Light", "dir.qzx@", "only.qzx@", "invitee.qzx@"]
    assert _text_hits(needles) == []
    assert _foreign_key_hits(Organisation, [organisation.pk]) == []
    # The deleting director's account goes too; the history keeps its entry without it.
    assert _foreign_key_hits(User, deleted_ids) == []
    assert not User.objects.filter(pk__in=deleted_ids).exists()
    assert LogEntry.objects.filter(action_flag=DELETION, object_id=str(organisation.pk)).exists()
    assert _stored_files() == {theirs.report_files.get().file.name}


@pytest.mark.django_db
def test_other_organisations_members_and_site_admins_keep_their_accounts(
    doomed, django_capture_on_commit_callbacks
):
    _post_name(
        client_for(doomed["director"].user),
        doomed["organisation"].name,
        django_capture_on_commit_callbacks,
    )
    elsewhere, admin = doomed["elsewhere"].user, doomed["admin"].user
    assert User.objects.filter(pk=elsewhere.pk, is_active=True).exists()
    assert list(elsewhere.memberships.values_list("organisation__name", flat=True)) == [
        "Other program"
    ]
    assert User.objects.filter(pk=admin.pk, is_staff=True, is_active=True).exists()
    assert not admin.memberships.exists()


@pytest.mark.django_db
def test_a_director_of_another_organisation_stays_signed_in(
    doomed, django_capture_on_commit_callbacks
):
    make_membership(organisation=make_organisation(), user=doomed["director"].user)
    client = client_for(doomed["director"].user)
    client.session  # noqa: B018 - the session exists before the deletion
    response = _post_name(client, doomed["organisation"].name, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert User.objects.filter(pk=doomed["director"].user_id, is_active=True).exists()
    assert client.session["_auth_user_id"] == str(doomed["director"].user_id)


@pytest.mark.django_db
def test_the_change_history_records_the_deletion_without_content(
    doomed, django_capture_on_commit_callbacks
):
    organisation = doomed["organisation"]
    _post_name(
        client_for(doomed["director"].user), organisation.name, django_capture_on_commit_callbacks
    )
    entry = LogEntry.objects.get(
        action_flag=DELETION, content_type=ContentType.objects.get_for_model(Organisation)
    )
    assert entry.object_id == str(organisation.pk)
    assert entry.object_repr == f"Organization #{organisation.pk}"
    assert entry.change_message == f"Deleted by a director (account #{doomed['director'].user_id})"
    history = entry.user
    assert history.email == "change-history@toolkit.invalid"
    assert not history.is_active and not history.has_usable_password()
    assert not history.is_staff and not history.memberships.exists()


@pytest.mark.django_db
def test_earlier_deletions_by_leaving_people_stay_in_the_history(
    doomed, django_capture_on_commit_callbacks
):
    """Django deletes a person's history entries with their account; these must stay."""
    director = doomed["director"]
    assessment = make_assessment(organisation=doomed["organisation"])
    LogEntry.objects.create(  # something this director did before, under their own account
        user=director.user,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(doomed["organisation"].pk),
        object_repr="Organization",
        action_flag=CHANGE,
    )
    client = client_for(director.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:delete", args=[assessment.pk]))
    _post_name(client, doomed["organisation"].name, django_capture_on_commit_callbacks)
    assert not User.objects.filter(pk=director.user_id).exists()
    kept = LogEntry.objects.filter(action_flag=DELETION)
    assert {entry.object_id for entry in kept} == {
        str(assessment.pk),
        str(doomed["organisation"].pk),
    }
    assert LogEntry.objects.filter(action_flag=CHANGE).count() == 1
