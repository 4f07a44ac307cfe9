"""A report render whose worker dies leaves nothing stored, and the director can ask again.

A render that raises marks its report failed (tests/assessments/test_signoff.py). A worker that
is killed (SIGKILL, the out-of-memory killer) cannot mark anything: its report would stay
"being prepared" forever. The rule: a report still being prepared after
TOOLKIT_REPORT_STALE_MINUTES counts as failed, on the page and when asked for again.

The live test runs the real pieces as production does, on a database of its own (a SQLite file,
or a new PostgreSQL database): `runserver` for the director's pages, `manage.py db_worker`
(django-tasks-db) for the render, the file system for storage. It kills the worker with SIGKILL
while the render task is running, then retries with a fresh worker.
"""

import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.live_site import (
    ROOT,
    Browser,
    free_port,
    postgres_database,
    prepare_site,
    serving,
    site_env,
    stop_process,
)

pytestmark = pytest.mark.database_dependent(
    "a worker dying mid-render, with task rows in the database"
)

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
FAILED = {
    "en": "The report could not be prepared. Nothing was kept.",
    "es": "No se pudo preparar el informe. No se guardó nada.",
}
TRY_AGAIN = {"en": "Try again", "es": "Intentar de nuevo"}
PREPARING = "Preparing your report. This takes a few seconds."
NAME = "Worker fault drill 7Q"


# The stale rule, on the test client with the immediate backend (renders inside the request).


@pytest.fixture
def finalized(director):
    from reports.signoff import assessment_finalise
    from tests.factories import client_for, make_assessment

    assessment = make_assessment(organisation=director.organisation, name=NAME, channels=["text"])
    assessment_finalise(assessment=assessment, by=director.user)
    return client_for(director.user), assessment


def preparing_since(assessment, user, minutes_ago: float):
    from reports.models import ReportFile

    report = ReportFile.objects.create(assessment=assessment, paper="letter", requested_by=user)
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    ReportFile.objects.filter(pk=report.pk).update(updated_at=moment)
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_a_report_preparing_longer_than_the_setting_has_failed_and_is_prepared_again(
    finalized, director, settings, django_capture_on_commit_callbacks
):
    from reports.models import ReportStatus

    settings.TOOLKIT_REPORT_STALE_MINUTES = 10
    client, assessment = finalized
    report = preparing_since(assessment, director.user, minutes_ago=11)
    url = f"/{{}}/assessments/{assessment.pk}/report.pdf?paper=letter"

    for lang in ("en", "es"):
        page = client.get(url.format(lang)).content.decode()
        assert FAILED[lang] in page and f">{TRY_AGAIN[lang]}</button>" in page
        assert PREPARING not in page
    assert client.get(url.format("en"), HTTP_ACCEPT="application/json").json() == {
        "status": "failed"
    }
    download = client.get(url.format("en") + "&download=1")
    assert download["Content-Type"].startswith("text/html")  # the page again: there is no file

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url.format("en"), {"paper": "letter"})
    assert len(callbacks) == 1  # enqueued again, once
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.file


@pytest.mark.django_db
def test_a_report_preparing_for_less_than_the_setting_is_still_being_prepared(
    finalized, director, settings, django_capture_on_commit_callbacks
):
    from reports.models import ReportFile

    settings.TOOLKIT_REPORT_STALE_MINUTES = 10
    client, assessment = finalized
    report = preparing_since(assessment, director.user, minutes_ago=9)
    url = f"/en/assessments/{assessment.pk}/report.pdf?paper=letter"

    page = client.get(url).content.decode()
    assert PREPARING in page and FAILED["en"] not in page
    assert 'name="paper"' not in page  # no form to ask again
    assert client.get(url, HTTP_ACCEPT="application/json").json() == {"status": "preparing"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(url, {"paper": "letter"})
    assert callbacks == []  # not enqueued twice
    assert list(ReportFile.objects.values_list("status", "updated_at")) == [
        ("preparing", report.updated_at)  # untouched: its clock did not restart
    ]


@pytest.mark.django_db
def test_a_render_that_finishes_after_its_retry_kept_a_file_removes_its_own(finalized):
    """A worker thought dead but only slow: the first kept file wins, the late one is removed."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reports import rendering
    from reports.models import ReportFile, ReportStatus

    _, assessment = finalized
    report = ReportFile.objects.create(assessment=assessment, paper="letter")
    rendering.report_render(report_file_id=report.pk)  # the retry, done first
    report.refresh_from_db()
    kept = report.file.name
    late = default_storage.save(f"reports/late-{uuid.uuid4().hex}.pdf", ContentFile(b"%PDF-late"))

    rendering._keep(report, late)  # the slow first render reaches the same step

    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.file.name == kept
    assert default_storage.exists(kept) and not default_storage.exists(late)


# The real thing: runserver, db_worker, SIGKILL.

STALE_MINUTES = 0.05  # 3 seconds
TASKS_TABLE = "django_tasks_database_dbtaskresult"  # django-tasks-db keeps its old label


@contextmanager
def site_database(tmp_path: Path):
    """A database of its own: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}"
        return
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with postgres_database(admin_url, "toolkit_faults") as url:
        yield url


def query(url: str, sql: str, params=()) -> list[tuple]:
    """Rows straight from the site's database (sql uses %s placeholders)."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(sql, params).fetchall()


@contextmanager
def worker(env: dict, log: Path):
    """`manage.py db_worker` as production runs it (no autoreloader: one process to kill)."""
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    with open(log, "a") as output:
        process = subprocess.Popen(
            [*command, "--interval", "0.2"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        yield process
    finally:
        stop_process(process)


def wait_for(what: str, check, *, timeout: float, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(every)


def csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def stored_reports(media: Path) -> list[str]:
    """Every file stored under reports/, by its storage name (reports/assessment-<id>/...)."""
    return sorted(str(p.relative_to(media)) for p in media.glob("reports/**/*") if p.is_file())


def test_a_worker_killed_mid_render_stores_nothing_and_the_report_can_be_retried(tmp_path):
    from pypdf import PdfReader

    media, log = tmp_path / "media", tmp_path / "site.log"
    with site_database(tmp_path) as url:
        env = site_env(url)
        env.update(
            {
                "DJANGO_TASKS_BACKEND": "database",  # queued for db_worker, as in production
                "DJANGO_MEDIA_ROOT": str(media),
                "TOOLKIT_REPORT_STALE_MINUTES": str(STALE_MINUTES),
                "DJANGO_LOG_LEVEL": "WARNING",
                "LIVE_LOG": str(log),
            }
        )
        site = prepare_site(env, people=1)
        port = free_port()
        command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        with serving(command, env, port) as base:
            director = Browser(base)
            director.sign_in(site["emails"][0])
            pk = start_and_finalize(director, url)
            pdf_page = f"/en/assessments/{pk}/report.pdf?paper=letter"

            with worker(env, tmp_path / "worker-1.log") as first:
                status, page = director.request(pdf_page)
                assert status == 200 and "Prepare the PDF" in page
                status, page = director.request(
                    pdf_page, {"csrfmiddlewaretoken": csrf(page), "paper": "letter"}
                )
                assert status == 200 and PREPARING in page
                wait_for(
                    "the worker to start the render",
                    lambda: task_statuses(url) == ["RUNNING"] or first.poll() is not None,
                    timeout=60,
                    every=0.01,
                )
                assert first.poll() is None, "the worker stopped by itself"
                time.sleep(0.3)  # into the render, which takes about 2 s here
                first.send_signal(signal.SIGKILL)  # it cannot mark anything now
                assert first.wait(timeout=15) == -signal.SIGKILL

            assert task_statuses(url) == ["RUNNING"]  # the task never finished
            assert report_rows(url, pk) == [("preparing", "")]  # not ready, no file
            assert stored_reports(media) == []  # nothing stored

            # Once the stale time has passed, the director is offered another try.
            def offers_another_try():
                page = director.request(pdf_page)[1]
                return page if FAILED["en"] in page else None

            page = wait_for("the page to offer another try", offers_another_try, timeout=30)
            assert f">{TRY_AGAIN['en']}</button>" in page
            spanish = director.request(pdf_page.replace("/en/", "/es/"))[1]
            assert FAILED["es"] in spanish and f">{TRY_AGAIN['es']}</button>" in spanish

            with worker(env, tmp_path / "worker-2.log"):
                status, page = director.request(
                    pdf_page, {"csrfmiddlewaretoken": csrf(page), "paper": "letter"}
                )
                assert status == 200
                wait_for(
                    "the new render",
                    lambda: report_rows(url, pk)[0][0] in ("ready", "failed"),
                    timeout=120,
                    every=0.2,
                )
            [(status, name)] = report_rows(url, pk)
            assert status == "ready", log.read_text()[-3000:]
            assert stored_reports(media) == [name]  # exactly one file: this one

            status, page = director.request(pdf_page)
            assert "Your report is ready." in page
            with director.opener.open(f"{base}{pdf_page}&download=1", timeout=60) as response:
                pdf = response.read()
            text = "".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages)
            assert NAME in text


def start_and_finalize(director: Browser, url: str) -> int:
    """Start an assessment named NAME and finalize it, through the pages a director uses."""
    status, page = director.request("/en/assessments/new/")
    form = {"csrfmiddlewaretoken": csrf(page), "name": NAME, "channels": ["text", "chat"]}
    status, page = director.request("/en/assessments/new/", form | {"report_language": "en"})
    assert status == 200, page[-2000:]
    [(pk,)] = query(url, "SELECT id FROM assessments_assessment WHERE name = %s", [NAME])
    finalize = f"/en/assessments/{pk}/finalize/"
    status, page = director.request(finalize)
    status, page = director.request(finalize, {"csrfmiddlewaretoken": csrf(page), "confirm": "on"})
    assert status == 200 and "Assessment finalized." in page, page[-2000:]
    return pk


def task_statuses(url: str) -> list[str]:
    return [status for (status,) in query(url, f"SELECT status FROM {TASKS_TABLE}")]


def report_rows(url: str, pk: int) -> list[tuple[str, str]]:
    return query(url, "SELECT status, file FROM reports_reportfile WHERE assessment_id = %s", [pk])
