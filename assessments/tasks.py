"""Work that must not hold a web worker: rendering a report's PDF.

Django's tasks framework runs it: the immediate backend in development and tests, the database
backend of django-tasks-db (and its `db_worker` command) in production.
"""

from django.tasks import task

from .reports import report_render


@task()
def render_report(report_file_id: int) -> None:
    """Render and keep one finalized report's PDF."""
    report_render(report_file_id=report_file_id)
