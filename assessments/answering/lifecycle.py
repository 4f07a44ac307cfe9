"""An assessment's life: started, vendors added (sign-off is in reports/signoff.py)."""

from django.db import transaction

from assessments.answering.answers import mark_changed
from assessments.answering.content import current_content_version
from assessments.models import Assessment, AssessmentKind, Channel, VendorEvaluation


@transaction.atomic
def assessment_start(
    *,
    organisation,
    name: str,
    channels: list[str],
    report_language: str,
    by,
    kind: str = AssessmentKind.FULL,
) -> Assessment:
    """Start an assessment (or a quick check) for the organisation against the current content."""
    return Assessment.objects.create(
        organisation=organisation,
        kind=kind,
        name=name,
        report_language=report_language,
        created_by=by,
        content_version=current_content_version(),
        **{f"consider_{channel}": channel in channels for channel in Channel.values},
    )


@transaction.atomic
def vendor_add(*, assessment: Assessment, name: str) -> VendorEvaluation:
    """Add a vendor to evaluate with the vendor worksheet; refused once finalised."""
    mark_changed(assessment)
    return VendorEvaluation.objects.create(assessment=assessment, name=name)
