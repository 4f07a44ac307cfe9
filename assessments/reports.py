"""Finalized reports as PDFs: asked for on a request, rendered off it, kept in storage.

The PDF is rendered from the snapshot taken at sign-off, once per paper size, and stored
through Django's storage API (the file system, or an S3-compatible bucket in production).
A render that fails stores nothing and can be asked for again.
"""

import logging
import secrets
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .models import Assessment, AssessmentStatus, ReportFile, ReportStatus

logger = logging.getLogger(__name__)


class ReportNotAvailable(Exception):
    """Only a finalized assessment has a PDF report."""


def report_request(*, assessment: Assessment, paper: str, by) -> ReportFile:
    """Ask for the PDF of a finalized assessment; a failed one is tried again."""
    if assessment.status != AssessmentStatus.FINALISED:
        raise ReportNotAvailable
    from .tasks import render_report

    with transaction.atomic():
        report, created = ReportFile.objects.select_for_update().get_or_create(
            assessment=assessment, paper=paper, defaults={"requested_by": by}
        )
        if created or report.status == ReportStatus.FAILED:
            report.status, report.requested_by = ReportStatus.PREPARING, by
            report.save(update_fields=["status", "requested_by", "updated_at"])
            transaction.on_commit(partial(render_report.enqueue, report.pk))
    return report


def report_render(*, report_file_id: int) -> None:
    """Render one report's PDF from its snapshot and keep it; on failure, keep nothing."""
    from .pdf import render_report_pdf

    report = ReportFile.objects.select_related("assessment__snapshot").get(pk=report_file_id)
    if report.status == ReportStatus.READY:
        return
    try:
        pdf = render_report_pdf(data=report.assessment.snapshot.data, paper=report.paper)
        name = default_storage.save(_file_name(report), ContentFile(pdf))
    except Exception:
        logger.exception("Report %s could not be rendered", report_file_id)
        ReportFile.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
        raise
    _keep(report, name)


def _file_name(report: ReportFile) -> str:
    # Unguessable, though files are only ever served through a view that checks permissions.
    token = secrets.token_urlsafe(12)
    return f"reports/assessment-{report.assessment_id}-{report.paper}-{token}.pdf"


def _keep(report: ReportFile, name: str) -> None:
    """Record the stored file; if that fails, remove it so nothing half-kept remains."""
    try:
        with transaction.atomic():
            ReportFile.objects.filter(pk=report.pk).update(status=ReportStatus.READY, file=name)
    except Exception:
        default_storage.delete(name)
        ReportFile.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
        raise
