import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, Membership, Role
from tests.factories import PASSWORD, client_for, make_membership, make_user

pytestmark = pytest.mark.database_dependent(
    "one membership per person and organization is a database constraint"
)


def invite(client, email="new@example.org", role="staff", lang="en"):
    return client.post(f"/{lang}/organisation/members/", {"email": email, "role": role})


def invitation_path():
    return re.search(r"https?://testserver(\S+)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db
def test_director_invites_and_a_new_person_joins(director):
    response = invite(client_for(director.user), email="Advocate@Example.org", role="staff")
    assert response.status_code == 302
    path = invitation_path()
    client = Client()
    assert client.get(path).status_code == 200
    response = client.post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="advocate@example.org")
    assert membership.organisation == director.organisation and membership.role == Role.STAFF
    # Reusing the link changes nothing and says why.
    again = Client().post(path, {"password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 400
    assert Membership.objects.filter(user__email="advocate@example.org").count() == 1


@pytest.mark.django_db
def test_existing_account_joins_a_second_organisation_and_chooses(director, other_director):
    person = make_membership(organisation=other_director.organisation).user
    invite(client_for(director.user), email=person.email, role="director")
    path = invitation_path()
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    client = client_for(person)
    assert client.post(path).status_code == 302
    assert person.memberships.count() == 2
    choose = client.get("/en/organisations/")
    assert choose.status_code == 200
    assert director.organisation.name in choose.content.decode()
    client.post("/en/organisations/", {"organisation": other_director.organisation.pk})
    assert client.get("/en/").context["membership"].organisation == other_director.organisation


@pytest.mark.django_db
def test_choosing_an_organisation_you_do_not_belong_to_is_refused(director, other_director):
    client = client_for(director.user)
    response = client.post("/es/organisations/", {"organisation": other_director.organisation.pk})
    assert response.status_code == 400
    assert "No es miembro" in response.content.decode()
    for forged in ["abc", "", "99999999999999999999999"]:
        assert client.post("/en/organisations/", {"organisation": forged}).status_code == 400


@pytest.mark.django_db
def test_expired_or_withdrawn_invitations_do_not_work(director):
    client = client_for(director.user)
    invite(client, email="late@example.org")
    path = invitation_path()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(path.replace("/en/", "/es/"))
    assert response.status_code == 400 and "Este enlace ya no funciona" in response.content.decode()
    invite(client, email="withdrawn@example.org")
    path = invitation_path()
    pending = Invitation.objects.get(email="withdrawn@example.org")
    assert client.post(f"/en/organisation/invitations/{pending.pk}/withdraw/").status_code == 302
    assert Client().get(path).status_code == 400
    assert Client().get("/en/invitations/not-a-real-token/").status_code == 404


@pytest.mark.django_db
def test_invitation_for_someone_else_while_signed_in(director, other_director):
    invite(client_for(director.user), email="intended@example.org")
    response = client_for(other_director.user).post(invitation_path())
    assert response.status_code == 403
    assert not Membership.objects.filter(
        user=other_director.user, organisation=director.organisation
    ).exists()


@pytest.mark.django_db
def test_invite_form_errors_keep_input(director):
    response = invite(client_for(director.user), email="not-an-email", role="staff", lang="es")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="not-an-email"' in html and "Hay un problema" in html
    response = invite(client_for(director.user), email=director.user.email)
    assert "already a member" in response.content.decode()
    response = invite(client_for(director.user), email="x@example.org", role="owner")
    assert response.status_code == 400 and not Invitation.objects.exists()


@pytest.mark.django_db
def test_director_changes_roles_and_removes_members(director, staff):
    client = client_for(director.user)
    assert (
        client.post(f"/en/organisation/members/{staff.pk}/role/", {"role": "director"}).status_code
        == 302
    )
    staff.refresh_from_db()
    assert staff.role == Role.DIRECTOR
    assert client.post(f"/en/organisation/members/{staff.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=staff.pk).exists()


@pytest.mark.django_db
def test_last_director_cannot_be_demoted_or_removed(director):
    client = client_for(director.user)
    client.post(f"/es/organisation/members/{director.pk}/role/", {"role": "staff"})
    director.refresh_from_db()
    assert director.role == Role.DIRECTOR
    page = client.get("/es/organisation/members/").content.decode()
    assert "al menos una persona directora" in page
    client.post(f"/en/organisation/members/{director.pk}/remove/")
    assert Membership.objects.filter(pk=director.pk).exists()


@pytest.mark.django_db
def test_invalid_role_changes_nothing(director, staff):
    client_for(director.user).post(f"/en/organisation/members/{staff.pk}/role/", {"role": "owner"})
    staff.refresh_from_db()
    assert staff.role == Role.STAFF


@pytest.mark.django_db
def test_staff_cannot_manage_members(staff, director):
    client = client_for(staff.user)
    assert client.get("/en/organisation/members/").status_code == 403
    assert invite(client).status_code == 403
    assert (
        client.post(f"/en/organisation/members/{director.pk}/role/", {"role": "staff"}).status_code
        == 403
    )
    assert client.post(f"/en/organisation/members/{director.pk}/remove/").status_code == 403
    response = client.get("/es/organisation/members/")
    assert "No tiene permiso" in response.content.decode()
    director.refresh_from_db()
    assert director.role == Role.DIRECTOR and not Invitation.objects.exists()


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in():
    response = Client().get("/en/organisation/members/")
    assert response.status_code == 302 and response["Location"].startswith("/en/sign-in/")


@pytest.mark.django_db
def test_site_admin_creates_an_organisation_and_invites_its_first_director(settings):
    from accounts.models import Organisation
    from tests.admin_forms import admin_form_data

    settings.TOOLKIT_SELF_SIGNUP = False
    admin = client_for(make_user(is_staff=True, is_superuser=True))
    data = admin_form_data(admin.get("/en/admin/accounts/organisation/add/").content.decode())
    data["name"] = "Valley Crisis Center"
    assert admin.post("/en/admin/accounts/organisation/add/", data).status_code == 302
    organisation = Organisation.objects.get(name="Valley Crisis Center")
    response = admin.post(
        "/en/admin/accounts/invitation/add/",
        {"organisation": organisation.pk, "email": "lead@valley.example", "role": "director"},
    )
    assert response.status_code == 302
    path = invitation_path()
    Client().post(path, {"password1": PASSWORD, "password2": PASSWORD})
    membership = Membership.objects.get(user__email="lead@valley.example")
    assert membership.organisation == organisation and membership.role == Role.DIRECTOR
