"""The coalition's pages and the program's: inviting, joining, consenting, leaving; what each
side sees; nothing of another coalition or program; no answer, note or vendor ever shown."""

import pytest
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, Role
from assessments.answering.lifecycle import vendor_add
from coalitions.models import CoalitionMembership, MembershipStatus
from reports.signoff import assessment_finalise
from tests.assessments.helpers import answer
from tests.conftest import url_names_with_ids
from tests.factories import client_for, make_assessment, make_membership

pytestmark = pytest.mark.database_dependent(
    "who sees what is decided by queries on memberships and consent: proven on each engine"
)


def coalition_director(name="State Coalition"):
    coalition = Organisation.objects.create(name=name, kind=OrganisationKind.COALITION)
    return make_membership(organisation=coalition, role=Role.DIRECTOR)


def signed_off(program_director, *, note="SECRET-NOTE-1", vendor="Secret Vendor Inc"):
    assessment = make_assessment(organisation=program_director.organisation, channels=["chat"])
    answer(
        assessment, program_director.user, devices_personal_use="no", purpose_goals_written="yes"
    )
    assessment.answers.update(note=note)
    _text_answer(assessment, "reassess-lead-role", f"{note}-ANSWER")
    vendor_add(assessment=assessment, name=vendor)
    assessment_finalise(assessment=assessment, by=program_director.user)
    return assessment


def _text_answer(assessment, key, text):
    from assessments.answering.answers import AnswerInput, AnswerValue, answers_save
    from assessments.models import Question

    value = AnswerValue(text=text)
    inputs = [AnswerInput(Question.objects.get(key=key), value, (0, ""))]
    answers_save(assessment=assessment, vendor=None, inputs=inputs, by=None)


def join(coalition_member, program_director, *, share="figures"):
    coalition_client = client_for(coalition_member.user)
    coalition_client.post("/en/coalition/invite/", {"email": program_director.user.email})
    membership = CoalitionMembership.objects.get(
        coalition=coalition_member.organisation, program=program_director.organisation
    )
    program_client = client_for(program_director.user)
    program_client.post(f"/en/organisation/coalitions/{membership.pk}/accept/")
    program_client.post(
        f"/en/organisation/coalitions/{membership.pk}/consent/", {f"c{membership.pk}-share": share}
    )
    membership.refresh_from_db()
    return membership


@pytest.mark.django_db
def test_invite_join_consent_and_leave(director):
    coalition = coalition_director()
    signed_off(director)
    page = client_for(director.user).get("/en/organisation/coalitions/").content.decode()
    assert "belongs to no coalition" in page
    assert "<title>Coalitions and peers · " in page and page.count('id="peers-heading"') == 1
    membership = join(coalition, director, share="named")
    assert membership.status == MembershipStatus.ACTIVE and membership.share_name
    dashboard = client_for(coalition.user).get("/en/coalition/").content.decode()
    assert "1 member program shares its figures with you." in dashboard
    assert director.organisation.name in dashboard  # named, so listed with its bands
    assert "Withheld: fewer than 5 programs." in dashboard
    client_for(director.user).post(f"/en/organisation/coalitions/{membership.pk}/leave/")
    dashboard = client_for(coalition.user).get("/en/coalition/").content.decode()
    assert "0 member programs share their figures" in dashboard
    assert director.organisation.name not in dashboard


@pytest.mark.django_db
def test_the_coalition_never_sees_answers_notes_or_vendors():
    coalition = coalition_director()
    notes = []
    for number in range(5):
        program = make_membership(role=Role.DIRECTOR)
        note = f"SECRET-NOTE-{number}"
        notes += [note, f"{note}-ANSWER", f"Secret Vendor {number}"]
        signed_off(program, note=note, vendor=f"Secret Vendor {number}")
        join(coalition, program, share="figures")
    client = client_for(coalition.user)
    dashboard = client.get("/en/coalition/").content.decode()
    csv = client.get("/en/coalition/figures.csv").content.decode("utf-8-sig")
    assert "5 member programs share their figures with you." in dashboard
    assert (
        "Withheld"
        not in dashboard.split("readiness-heading")[1].split("recommendations-heading")[0]
    )
    for text in (dashboard, csv):
        for secret in notes:
            assert secret not in text
        assert "Text and chat" not in text  # the assessments' names
    assert "Readiness" in csv and "withheld" not in csv.split("\n")[2]


@pytest.mark.django_db
def test_each_side_sees_only_its_own_pages(director):
    coalition = coalition_director()
    assert client_for(director.user).get("/en/coalition/").status_code == 404
    assert client_for(coalition.user).get("/en/organisation/coalitions/").status_code == 404
    staff = make_membership(organisation=director.organisation, role=Role.STAFF)
    assert client_for(staff.user).get("/en/organisation/coalitions/").status_code == 403


ID_URLS = {
    "coalitions:answer_request": {"answer": "accept"},
    "coalitions:accept": {},
    "coalitions:leave": {},
    "coalitions:consent": {},
}


def test_every_coalition_url_with_an_id_is_covered_here():
    assert {n for n in url_names_with_ids() if n.startswith("coalitions:")} == set(ID_URLS)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ID_URLS))
def test_another_coalition_s_or_program_s_membership_is_404(name, director, other_director):
    theirs = coalition_director("Their Coalition")
    ours = coalition_director("Our Coalition")
    # Their coalition and another program: an open request and an active membership.
    requested = CoalitionMembership.objects.create(
        coalition=theirs.organisation, program=other_director.organisation, status="requested"
    )
    active = CoalitionMembership.objects.create(
        coalition=theirs.organisation,
        program=make_membership(role=Role.DIRECTOR).organisation,
        status="invited",
    )
    for client in (client_for(ours.user), client_for(director.user)):
        for target in (requested, active):
            response = client.post(reverse(name, args=[target.pk]), ID_URLS[name])
            assert response.status_code == 404, (name, response.status_code)
    assert set(CoalitionMembership.objects.values_list("status", flat=True)) == {
        "requested",
        "invited",
    }
