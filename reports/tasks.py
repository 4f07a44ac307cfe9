"""Work that must not hold a web worker: rendering a report's PDF, and asking for it.

Django's tasks framework runs it: the immediate backend in development and tests, the database
backend of django-tasks-db (and its `db_worker` command) in production. Asking for a render
lives here, beside the task it enqueues; the rendering itself is in rendering.py.
"""

from functools import partial

from django.db import transaction
from django.tasks import task

from assessments.models import Assessment, AssessmentStatus

from .models import ReportFile, ReportStatus
from .rendering import report_render, report_stalled


class ReportNotAvailable(Exception):
    """Only a finalized assessment has a PDF report."""


@task()
def render_report(report_file_id: int) -> None:
    """Render and keep one finalized report's PDF."""
    report_render(report_file_id=report_file_id)


def report_request(*, assessment: Assessment, paper: str, by) -> ReportFile:
    """Ask for the PDF of a finalized assessment; a failed or stalled one is tried again."""
    if assessment.status != AssessmentStatus.FINALISED:
        raise ReportNotAvailable
    with transaction.atomic():
        report, created = ReportFile.objects.select_for_update().get_or_create(
            assessment=assessment, paper=paper, defaults={"requested_by": by}
        )
        # The row lock makes a second request wait and then see the fresh "preparing" state (its
        # clock restarted by updated_at), so one stalled report is enqueued again only once.
        if created or report.status == ReportStatus.FAILED or report_stalled(report):
            report.status, report.requested_by = ReportStatus.PREPARING, by
            report.save(update_fields=["status", "requested_by", "updated_at"])
            transaction.on_commit(partial(render_report.enqueue, report.pk))
    return report
