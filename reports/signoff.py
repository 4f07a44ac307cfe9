"""Sign-off: an assessment becomes read-only and its report is frozen in a snapshot."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.answering.answers import AssessmentLocked
from assessments.answering.reassessment import default_reassess_by, reassess_months
from assessments.models import Assessment, AssessmentKind, AssessmentStatus
from assessments.plan.actions import action_plan_refresh

from .data import report_data
from .figures import figures_record
from .models import ReportSnapshot


@transaction.atomic
def assessment_finalise(
    *,
    assessment: Assessment,
    by,
    include_names: bool = False,
    reassess_by: date | None = None,
    summary: str = "",
) -> Assessment:
    """Sign an assessment off: nothing about it can change, and its report is frozen.

    An assessment with no action plan gets one from its findings first, so the report has one.
    Without a re-assess-by date, it is set from the readiness answer "reassess-when" (twelve
    months when unanswered). The report's whole content, with the director's `summary` for
    page one, is snapshotted in the same transaction, so the finalized report never changes
    when admins later edit the content. Raises AssessmentLocked if it was already finalized
    (by someone else, perhaps a moment ago).
    """
    if not assessment.actions.exists():
        # Nobody opened the action plan: the report needs one, so it is made from the findings.
        action_plan_refresh(assessment=assessment)
    now = timezone.now()
    reassess_by = reassess_by or default_reassess_by(
        timezone.localdate(now), reassess_months(assessment)
    )
    drafts = Assessment.objects.filter(status=AssessmentStatus.DRAFT, kind=AssessmentKind.FULL)
    if not drafts.filter(pk=assessment.pk).update(
        status=AssessmentStatus.FINALISED,
        finalised_at=now,
        finalised_by=by,
        updated_at=now,
        reassess_by=reassess_by,
    ):
        raise AssessmentLocked
    assessment.refresh_from_db()
    data = report_data(assessment=assessment, include_names=include_names, summary=summary)
    ReportSnapshot.objects.create(assessment=assessment, data=data, include_names=include_names)
    figures_record(assessment=assessment)  # the scores, for views over many programs
    return assessment
