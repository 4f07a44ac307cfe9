"""An assessment's life: started, vendors added (sign-off is in reports/signoff.py)."""

from django.db import transaction

from assessments.answering.answers import mark_changed
from assessments.answering.content import current_content_version
from assessments.models import Assessment, Channel, VendorEvaluation


@transaction.atomic
def assessment_start(
    *, organisation, name: str, channels: list[str], report_language: str, by
) -> Assessment:
    """Start an assessment for the organisation against the current worksheet content."""
    return Assessment.objects.create(
        organisation=organisation,
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
