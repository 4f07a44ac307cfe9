"""Autosave's one-query lookup gives exactly what the plain two-query lookup gives, in every
scoping case."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Membership
from assessments.answering.content import bump_content_version
from assessments.answering.views import _answering_lookup, newest_content_version
from assessments.models import Assessment, AssessmentStatus
from tests.factories import make_assessment, make_membership

pytestmark = pytest.mark.database_dependent(
    "compares a lookup written for speed with the plain one"
)


def orm_lookup(*, pk, organisation_id, user_id):
    """What the one query stands for, written the plain way (two queries)."""
    try:
        assessment = Assessment.objects.get(
            pk=pk, organisation_id=organisation_id, organisation__memberships__user_id=user_id
        )
    except Assessment.DoesNotExist:
        return None
    return assessment, newest_content_version()


def as_values(found):
    if found is None:
        return None
    assessment, version = found
    fields = {f.attname: getattr(assessment, f.attname) for f in Assessment._meta.concrete_fields}
    return fields, (version.pk, version.number), assessment._state.adding


@pytest.fixture
def two_programs(director, other_director):
    ours = make_assessment(organisation=director.organisation)
    # Every kind of column filled, so a value the database returns in another shape shows.
    Assessment.objects.filter(pk=ours.pk).update(
        status=AssessmentStatus.FINALISED,
        finalised_at=timezone.now(),
        finalised_by=director.user,
        reassess_by=date(2027, 6, 30),
        started_from=make_assessment(organisation=director.organisation),
    )
    theirs = make_assessment(organisation=other_director.organisation)
    both = make_membership(organisation=director.organisation).user  # staff here...
    make_membership(organisation=other_director.organisation, user=both)  # ...and there
    return ours, theirs, both


@pytest.mark.django_db
def test_the_query_finds_what_the_orm_finds_and_nothing_else(
    director, other_director, two_programs
):
    ours, theirs, both = two_programs
    people = [director.user, other_director.user, both, make_membership().user]
    organisations = [director.organisation, other_director.organisation]
    missing = Assessment.objects.order_by("-pk").first().pk + 1
    found = 0
    for pk in (ours.pk, theirs.pk, missing):
        for organisation in organisations:
            for person in people:
                ask = {"pk": pk, "organisation_id": organisation.pk, "user_id": person.pk}
                expected = as_values(orm_lookup(**ask))
                assert as_values(_answering_lookup(**ask)) == expected, ask
                found += expected is not None
    # Each assessment for its own organization's members (two for each), never across.
    assert found == 4
    assert (
        _answering_lookup(pk=theirs.pk, organisation_id=director.organisation.pk, user_id=both.pk)
        is None
    )


@pytest.mark.django_db
def test_the_query_reads_the_newest_content_version(director):
    assessment = make_assessment(organisation=director.organisation)
    ask = {"pk": assessment.pk, "organisation_id": director.organisation.pk}
    before = _answering_lookup(**ask, user_id=director.user.pk)[1]
    bumped = bump_content_version("a question reworded")
    after = _answering_lookup(**ask, user_id=director.user.pk)[1]
    assert after.number == before.number + 1 and (after.pk, after.number) == (
        bumped.pk,
        bumped.number,
    )


@pytest.mark.django_db
def test_a_membership_removed_is_seen_at_once(director):
    assessment = make_assessment(organisation=director.organisation)
    ask = {
        "pk": assessment.pk,
        "organisation_id": director.organisation.pk,
        "user_id": director.user.pk,
    }
    assert _answering_lookup(**ask)[0] == assessment
    Membership.objects.filter(pk=director.pk).delete()
    assert _answering_lookup(**ask) is None
