"""Finalized reports as PDFs: asked for on a request, rendered off it, kept in storage.

The PDF is rendered from the snapshot taken at sign-off, once per paper size, and stored
through Django's storage API (the file system, or an S3-compatible bucket in production).
A render that fails stores nothing and can be asked for again. So can one whose worker died
(killed, out of memory) before it could say so: a report still being prepared after
TOOLKIT_REPORT_STALE_MINUTES counts as failed.

Each assessment's PDFs are stored in a folder of their own, reports/assessment-<id>/, named
<paper>-<random token>.pdf. A worker killed after storing its file but before recording it
leaves a file that nothing refers to; once a later render of the same paper is recorded, it
removes such files from the folder, so each report ends up stored once. PDFs stored before
there were folders (reports/assessment-<id>-<paper>-<token>.pdf) are still served and deleted
through the name the database keeps; the clean-up never looks at them.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .models import ReportFile, ReportStatus

logger = logging.getLogger(__name__)


def report_stalled(report: ReportFile) -> bool:
    """Still "being prepared" long after any render would have finished: its worker died."""
    limit = timedelta(minutes=settings.TOOLKIT_REPORT_STALE_MINUTES)
    return report.status == ReportStatus.PREPARING and report.updated_at < timezone.now() - limit


def report_status(report: ReportFile | None) -> str | None:
    """The state to show: a stalled report is a failed one, so it can be asked for again."""
    if report is None:
        return None
    return ReportStatus.FAILED if report_stalled(report) else report.status


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
        _fail(report)
        raise
    # A worker killed here (after the save, before _keep) leaves a file nothing refers to. It is
    # never served, and the retry that follows removes it once its own file is recorded.
    if _keep(report, name):
        _orphans_delete(report, name)


def _folder(report: ReportFile) -> str:
    return f"reports/assessment-{report.assessment_id}"


def _file_name(report: ReportFile) -> str:
    # Unguessable, though files are only ever served through a view that checks permissions.
    token = secrets.token_urlsafe(12)
    return f"{_folder(report)}/{report.paper}-{token}.pdf"


def _orphans_delete(report: ReportFile, kept: str) -> None:
    """Remove this paper's other files from the assessment's folder: left by earlier renders
    killed between storing their file and recording it.

    Only called once `kept` is recorded as the report's file. A ready report is never rendered
    again, so no other file of this paper can be recorded later, and a render still running
    removes its own file when it finds the report ready (_keep). The report is already
    served, so a failure here is only logged: the file left behind costs storage, nothing else.
    """
    folder = _folder(report)
    try:
        _, files = default_storage.listdir(folder)
        orphans = [
            f"{folder}/{file}"
            for file in files
            if file.startswith(f"{report.paper}-") and f"{folder}/{file}" != kept
        ]
        for orphan in orphans:
            default_storage.delete(orphan)
    except Exception:
        logger.exception("Unrecorded files of report %s could not be removed", report.pk)


def _keep(report: ReportFile, name: str) -> bool:
    """Record the stored file; if that fails, remove it so nothing half-kept remains.

    A render thought dead but only slow can finish after its retry did: the first file kept
    wins, and the later one is removed. True if this file is the one recorded.
    """
    try:
        with transaction.atomic():
            kept = (
                ReportFile.objects.filter(pk=report.pk)
                .exclude(status=ReportStatus.READY)
                .update(status=ReportStatus.READY, file=name)
            )
    except Exception:
        default_storage.delete(name)
        _fail(report)
        raise
    if not kept:
        default_storage.delete(name)
    return bool(kept)


def _fail(report: ReportFile) -> None:
    # Never over a ready report (another render kept its file): that one stays.
    ReportFile.objects.filter(pk=report.pk).exclude(status=ReportStatus.READY).update(
        status=ReportStatus.FAILED
    )
