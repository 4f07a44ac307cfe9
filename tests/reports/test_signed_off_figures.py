"""Sign-off keeps each channel's band and scores and the recommendation keys, as the results
page computed them, and nothing else; a command fills them in for older sign-offs."""

import io

import pytest
from django.core.management import call_command

from assessments.models import SignedOffChannel, SignedOffRecommendation
from assessments.scoring.results import assessment_results
from reports.signoff import assessment_finalise
from tests.assessments.helpers import answer
from tests.factories import make_assessment

pytestmark = pytest.mark.django_db


def test_sign_off_keeps_the_figures_the_results_page_shows(director):
    assessment = make_assessment(organisation=director.organisation, channels=["text", "video"])
    answer(assessment, director.user, devices_personal_use="yes", purpose_goals_written="yes")
    results = assessment_results(assessment=assessment)
    assessment_finalise(assessment=assessment, by=director.user)
    rows = {row.channel: row for row in SignedOffChannel.objects.filter(assessment=assessment)}
    assert set(rows) == {"text", "video"}
    for channel in results.program.channels:
        row = rows[channel.channel]
        assert row.band == channel.band.value
        assert {d.dimension: d.score for d in channel.dimensions} == {
            d: getattr(row, d)
            for d in ("safety", "privacy", "confidentiality", "access", "capacity")
        }
    keys = set(
        SignedOffRecommendation.objects.filter(assessment=assessment).values_list("key", flat=True)
    )
    assert keys and all(key.replace("-", "").isalnum() for key in keys)


def test_the_command_fills_in_older_sign_offs_once(director):
    assessment = make_assessment(organisation=director.organisation)
    assessment_finalise(assessment=assessment, by=director.user)
    SignedOffChannel.objects.all().delete()
    out = io.StringIO()
    call_command("record_signed_off_figures", stdout=out)
    assert "1 finalized" in out.getvalue() and SignedOffChannel.objects.count() == 3
    call_command("record_signed_off_figures", stdout=out)
    assert "for 0 finalized" in out.getvalue() and SignedOffChannel.objects.count() == 3


def test_only_the_newest_sign_off_counts_and_deleting_it_brings_back_the_one_before(director):
    from assessments.answering.reassessment import assessment_reassess
    from assessments.exchange.deletion import assessment_delete

    first = make_assessment(organisation=director.organisation, channels=["chat"])
    assessment_finalise(assessment=first, by=director.user)
    second = assessment_reassess(assessment=first, by=director.user)
    assessment_finalise(assessment=second, by=director.user)
    newest = set(
        SignedOffChannel.objects.filter(newest=True).values_list("assessment_id", flat=True)
    )
    assert newest == {second.pk}
    assert not SignedOffRecommendation.objects.filter(newest=True, assessment=first).exists()
    assessment_delete(assessment=second, by=director.user)
    newest = set(
        SignedOffChannel.objects.filter(newest=True).values_list("assessment_id", flat=True)
    )
    assert newest == {first.pk}
