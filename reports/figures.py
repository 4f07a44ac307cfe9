"""The figures a finalized assessment leaves behind for views over many programs: each
channel's band and five scores, and the keys of the recommendations its findings called for.
Written at sign-off in the same transaction as the snapshot (`signoff.py`); never answers,
notes, names or vendors."""

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Assessment,
    SignedOffChannel,
    SignedOffRecommendation,
    newest_signed_off_refresh,
)
from assessments.scoring.engine import DIMENSIONS
from assessments.scoring.questions import Severity
from assessments.scoring.results import AssessmentResults, assessment_results


def figures_record(*, assessment: Assessment, results: AssessmentResults | None = None) -> None:
    """Keep (or replace) this finalized assessment's figures."""
    results = results or assessment_results(assessment=assessment)
    with transaction.atomic():
        SignedOffChannel.objects.filter(assessment=assessment).delete()
        SignedOffRecommendation.objects.filter(assessment=assessment).delete()
        SignedOffChannel.objects.bulk_create(
            SignedOffChannel(
                assessment=assessment,
                organisation_id=assessment.organisation_id,
                channel=channel.channel,
                band=channel.band.value,
                signed_off_on=timezone.localdate(assessment.finalised_at),
                reassess_by=assessment.reassess_by,
                **{d.dimension: d.score for d in channel.dimensions if d.dimension in DIMENSIONS},
            )
            for channel in results.program.channels
        )
        keys = {
            rec.key
            for finding in results.program.findings
            if finding.severity is not Severity.FOLLOW_UP
            and (rec := results.recommendation_for(finding)) is not None
        }
        SignedOffRecommendation.objects.bulk_create(
            SignedOffRecommendation(
                assessment=assessment, organisation_id=assessment.organisation_id, key=key
            )
            for key in sorted(keys)
        )
        newest_signed_off_refresh(assessment.organisation_id)
