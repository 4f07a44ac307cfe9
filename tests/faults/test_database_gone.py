"""The database really goes away in the middle of a save: nothing half-written, nothing typed lost.

tests/assessments/test_transient_failures.py fakes the failure (an answer write raises
OperationalError). Here the database itself fails, with no mock anywhere on the save path:

PostgreSQL (the test client, in this process, on the test database)
    An execute wrapper watches the request's own connection. When the save's transaction is
    about to write its second answer (the first one already written inside that transaction),
    it terminates the connection's server process from a second, independent connection
    (`pg_terminate_backend`, waiting until the process has gone) and then lets the statement
    run, so the statement fails on a dead connection exactly as when the server restarts or a
    network link drops. The tests need real commits, so they run outside a test transaction.

SQLite (a real server, `runserver` on a database file, as `make run` serves it)
    For SQLite "going away" means the file cannot be written: another process holds the write
    lock (`BEGIN EXCLUSIVE` from Python's own sqlite3) for longer than the server's busy timeout,
    lowered to 2 s through DJANGO_SQLITE_TIMEOUT. Readers still read (WAL), as on a real site
    when a backup, a migration or a stuck writer holds the lock. The test database of pytest is
    in memory and shared-cache, where a lock fails at once without the busy timeout and blocks
    readers too: not what a site sees, hence the file and the separate server.

Both check: gone for both tries (retry_once tries once more) -> 503, the translated "not saved"
message in English and Spanish, every typed value still in the form, and the stored answers
and the assessment's row exactly as before; then, once the database is back, the same form
saved again stores exactly what was typed; and gone once only -> the retry saves it.
"""

import json
import os
import re
import sqlite3
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.faults.browser_form import form_fields
from tests.live_site import Browser, free_port, prepare_site, serving, site_env

pytestmark = pytest.mark.database_dependent("the database going away or locking mid-request")

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
NOT_SAVED = {
    "en": "Not saved, nothing was lost on this page - save again.",
    "es": "No se guardó, pero no se perdió nada de esta página. Guarde de nuevo.",
}
RETRYING = {"en": "Not saved - retrying", "es": "No se guardó - reintentando"}
SAVED_AT = {"en": "Saved at ", "es": "Guardado a las "}
NOTE = "Nuestras propias palabras: año 2026 & <más>"
# What the person typed on the "Purpose" page: one changed answer (an UPDATE of the stored
# "yes"), two new ones (INSERTs) and a note.
TYPED = {
    "q-purpose-goals-written": ["no"],
    "q-purpose-what-it-adds": ["reach-new", "deaf"],
    "q-purpose-differs": ["unsure"],
    "n-purpose-differs": [NOTE],
}
EXPECTED = {  # question key -> (selected, note) once saved
    "purpose-goals-written": (["no"], ""),
    "purpose-what-it-adds": (["reach-new", "deaf"], ""),
    "purpose-differs": (["unsure"], NOTE),
}
BEFORE = {"purpose-goals-written": (["yes"], "")}


def typed_into(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The page's form after the person typed TYPED into it and pressed "Save"."""
    for name in TYPED:
        fields.pop(name, None)
    return {**fields, **TYPED, "save": ["1"]}


def assert_holds_typed(html: str) -> dict[str, list[str]]:
    """Every typed value is in the form the page sent back; returns that form's fields."""
    fields = form_fields(html)
    for name, values in TYPED.items():
        assert fields.get(name) == values, (name, fields.get(name))
    return fields


def autosave_data(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """What autosave.js posts when the person changes the "differs" answer and its note."""
    question = "purpose-differs"
    return {
        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
        "content_version": fields["content_version"],
        "worksheet": ["readiness"],
        "section": ["purpose"],
        "question": [question],
        f"q-{question}": TYPED[f"q-{question}"],
        f"n-{question}": TYPED[f"n-{question}"],
        f"b-{question}": fields[f"b-{question}"],
    }


# PostgreSQL: the request's own connection is terminated mid-transaction.

ANSWER_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE)\s+"assessments_answer"\s', re.IGNORECASE)
on_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="the PostgreSQL pass runs it")


class ConnectionKiller:
    """An execute wrapper: before the n-th answer write on a connection, kill that connection.

    Kills at most `times` connections; each try of retry_once opens a new one.
    """

    def __init__(self, *, times: int, on_write: int):
        self.times, self.on_write = times, on_write
        self.connection, self.writes = None, 0
        self.killed: list[int] = []  # server process ids

    def __call__(self, execute, sql, params, many, context):
        if len(self.killed) < self.times and ANSWER_WRITE.match(sql):
            raw = context["connection"].connection
            if raw is not self.connection:  # held here, so a new connection is a new object
                self.connection, self.writes = raw, 0
            self.writes += 1
            if self.writes == self.on_write:
                pid = raw.execute("SELECT pg_backend_pid()").fetchone()[0]
                terminate_backend(pid)
                self.killed.append(pid)
        return execute(sql, params, many, context)  # on a killed connection: fails for real


def terminate_backend(pid: int) -> None:
    """Terminate a server process from a second, independent connection; wait until it is gone."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    keys = ("dbname", "user", "password", "host", "port")
    with psycopg.connect(**{k: params[k] for k in keys if params.get(k)}, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s, 10000)", [pid]).fetchone()[0]


@contextmanager
def database_dies(*, times: int, on_write: int = 2):
    from django.db import connection

    killer = ConnectionKiller(times=times, on_write=on_write)
    with connection.execute_wrapper(killer):
        yield killer


@pytest.fixture
def purpose(shipped_content, director):
    """The "Purpose" page with one stored answer; outside a test transaction, as retries need."""
    from tests.assessments.helpers import purpose_page_with_one_answer

    client, _, assessment = purpose_page_with_one_answer(director)
    assert answers_of(assessment) == BEFORE
    return client, assessment


def answers_of(assessment) -> dict:
    from assessments.models import Answer

    return {
        key: (selected, note)
        for key, selected, note in Answer.objects.filter(assessment=assessment).values_list(
            "question__key", "selected", "note"
        )
    }


def rows_of(assessment) -> tuple[list, list]:
    """Every stored column a save writes: the answers' rows and the assessment's row."""
    from assessments.models import Answer, Assessment

    return (
        list(Answer.objects.filter(assessment=assessment).order_by("pk").values()),
        list(Assessment.objects.filter(pk=assessment.pk).values()),
    )


@on_postgres
@pytest.mark.parametrize("lang", ["en", "es"])
def test_postgres_gone_for_both_tries_keeps_the_input_then_saves(purpose, lang):
    client, assessment = purpose
    url = f"/{lang}/assessments/{assessment.pk}/readiness/purpose/"
    before = rows_of(assessment)
    data = typed_into(form_fields(client.get(url).content.decode()))

    with database_dies(times=2) as killer:
        response = client.post(url, data)

    assert len(killer.killed) == 2  # both tries lost their connection mid-transaction
    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_SAVED[lang] in html
    fields = assert_holds_typed(html)
    assert rows_of(assessment) == before  # nothing half-written, nothing marked changed

    # The database is back: the same page saved again stores exactly what was typed.
    again = client.post(url, {**fields, "save": ["1"]})
    assert again.status_code == 302
    assert answers_of(assessment) == EXPECTED


@on_postgres
@pytest.mark.parametrize("lang", ["en", "es"])
def test_postgres_autosave_gone_for_both_tries_then_saves(purpose, lang):
    client, assessment = purpose
    url = f"/{lang}/assessments/{assessment.pk}/readiness/purpose/"
    autosave = f"/{lang}/assessments/{assessment.pk}/autosave/"
    before = rows_of(assessment)
    data = autosave_data(form_fields(client.get(url).content.decode()))

    with database_dies(times=2, on_write=1) as killer:  # autosave writes one answer
        reply = client.post(autosave, data, HTTP_ACCEPT="application/json")

    assert len(killer.killed) == 2
    assert reply.status_code == 503
    assert reply.json() == {"status": "retry", "message": RETRYING[lang]}
    assert rows_of(assessment) == before

    reply = client.post(autosave, data, HTTP_ACCEPT="application/json")
    assert reply.status_code == 200 and reply.json()["status"] == "saved"
    assert answers_of(assessment) == {**BEFORE, "purpose-differs": EXPECTED["purpose-differs"]}


@on_postgres
def test_postgres_gone_once_is_saved_by_the_retry(purpose):
    client, assessment = purpose
    url = f"/en/assessments/{assessment.pk}/readiness/purpose/"
    data = typed_into(form_fields(client.get(url).content.decode()))

    with database_dies(times=1) as killer:
        response = client.post(url, data)

    assert len(killer.killed) == 1
    assert response.status_code == 302
    assert answers_of(assessment) == EXPECTED

    state = form_fields(client.get(url).content.decode())
    data = autosave_data(state) | {"q-purpose-differs": ["yes"]}
    with database_dies(times=1, on_write=1) as killer:
        reply = client.post(f"/en/assessments/{assessment.pk}/autosave/", data)
    assert len(killer.killed) == 1
    assert reply.status_code == 200 and reply.json()["status"] == "saved"
    assert answers_of(assessment)["purpose-differs"] == (["yes"], NOTE)


# SQLite: another process holds the database file's write lock past the busy timeout.

on_sqlite = pytest.mark.skipif(ON_POSTGRES, reason="the SQLite pass runs it")
BUSY_TIMEOUT_SECONDS = 2
RETRY_LOGGED = "trying once more"


class SqliteSite:
    def __init__(self, database: Path, log: Path, browser: Browser):
        self.database, self.log, self.browser = database, log, browser

    def new_assessment(self) -> int:
        """A new assessment, started as a person does, holding BEFORE on its "Purpose" page."""
        status, page = self.browser.request("/en/assessments/new/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        status, page = self.browser.request(
            "/en/assessments/new/",
            {"csrfmiddlewaretoken": token, "name": "Fault drill", "channels": ["text", "chat"]}
            | {"report_language": "en"},
        )
        assert status == 200, (status, page[-2000:])
        with self.read() as db:
            pk = db.execute("SELECT max(id) FROM assessments_assessment").fetchone()[0]
        url = self.section(pk, "en")
        status, page = self.browser.request(url)
        fields = form_fields(page)
        assert status == 200 and "csrfmiddlewaretoken" in fields, (status, page[-2000:])
        status, page = self.browser.request(
            url, {**fields, "q-purpose-goals-written": ["yes"], "save": ["1"]}
        )
        assert status == 200, (status, page[-2000:])
        assert self.answers(pk) == BEFORE
        return pk

    @staticmethod
    def section(pk: int, lang: str) -> str:
        return f"/{lang}/assessments/{pk}/readiness/purpose/"

    @contextmanager
    def read(self):
        db = sqlite3.connect(self.database, timeout=30)
        try:
            yield db
        finally:
            db.close()

    def rows(self, pk: int) -> tuple[list, list]:
        """Every stored column a save writes: the answers' rows and the assessment's row."""
        with self.read() as db:
            answers = db.execute(
                "SELECT * FROM assessments_answer WHERE assessment_id = ? ORDER BY id", [pk]
            ).fetchall()
            assessment = db.execute("SELECT * FROM assessments_assessment WHERE id = ?", [pk])
            return answers, assessment.fetchall()

    def answers(self, pk: int) -> dict:
        with self.read() as db:
            rows = db.execute(
                "SELECT q.key, a.selected, a.note FROM assessments_answer a "
                "JOIN assessments_question q ON q.id = a.question_id WHERE a.assessment_id = ?",
                [pk],
            ).fetchall()
        return {key: (json.loads(selected), note) for key, selected, note in rows}

    @contextmanager
    def write_locked(self):
        """Another process holds the write lock until the block ends (readers go on: WAL)."""
        holder = sqlite3.connect(self.database, isolation_level=None, timeout=30)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    def retries_logged(self) -> int:
        return self.log.read_text(errors="replace").count(RETRY_LOGGED)


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    if ON_POSTGRES:
        pytest.skip("the SQLite pass runs it")
    folder = tmp_path_factory.mktemp("sqlite-gone")
    database, log = folder / "site.sqlite3", folder / "server.log"
    env = site_env(f"sqlite:///{database}")
    env.update(
        {
            "DJANGO_SQLITE_TIMEOUT": str(BUSY_TIMEOUT_SECONDS),
            "DJANGO_LOG_LEVEL": "WARNING",  # the retry's warning shows when the first try failed
            "LIVE_LOG": str(log),
        }
    )
    site = prepare_site(env, people=1)
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    with serving(command, env, port) as base:
        browser = Browser(base)
        browser.sign_in(site["emails"][0])
        yield SqliteSite(database, log, browser)


@on_sqlite
@pytest.mark.parametrize("lang", ["en", "es"])
def test_sqlite_locked_for_both_tries_keeps_the_input_then_saves(sqlite_site, lang):
    site = sqlite_site
    pk = site.new_assessment()
    url = site.section(pk, lang)
    before = site.rows(pk)
    data = typed_into(form_fields(site.browser.request(url)[1]))

    with site.write_locked():
        started = time.monotonic()
        status, page = site.browser.request(url, data)
        took = time.monotonic() - started

    assert took >= 2 * BUSY_TIMEOUT_SECONDS  # both tries waited the busy timeout out
    assert status == 503
    assert NOT_SAVED[lang] in page
    fields = assert_holds_typed(page)
    assert site.rows(pk) == before

    status, page = site.browser.request(url, {**fields, "save": ["1"]})  # the lock is gone
    assert status == 200 and SAVED_AT[lang] in page
    assert site.answers(pk) == EXPECTED


@on_sqlite
@pytest.mark.parametrize("lang", ["en", "es"])
def test_sqlite_autosave_locked_for_both_tries_then_saves(sqlite_site, lang):
    site = sqlite_site
    pk = site.new_assessment()
    before = site.rows(pk)
    data = autosave_data(form_fields(site.browser.request(site.section(pk, lang))[1]))
    autosave = f"/{lang}/assessments/{pk}/autosave/"

    with site.write_locked():
        status, body = site.browser.request(autosave, data, accept="application/json")

    assert status == 503
    assert json.loads(body) == {"status": "retry", "message": RETRYING[lang]}
    assert site.rows(pk) == before

    status, body = site.browser.request(autosave, data, accept="application/json")
    assert status == 200 and json.loads(body)["status"] == "saved"
    assert site.answers(pk) == {**BEFORE, "purpose-differs": EXPECTED["purpose-differs"]}


@on_sqlite
def test_sqlite_locked_for_the_first_try_only_is_saved_by_the_retry(sqlite_site):
    site = sqlite_site
    pk = site.new_assessment()
    url = site.section(pk, "en")
    data = typed_into(form_fields(site.browser.request(url)[1]))
    retries = site.retries_logged()
    replies = []

    with site.write_locked():
        saving = threading.Thread(target=lambda: replies.append(site.browser.request(url, data)))
        saving.start()
        deadline = time.monotonic() + 30
        while site.retries_logged() == retries:  # the first try has failed: unlock for the second
            assert time.monotonic() < deadline, "the first try never failed"
            time.sleep(0.02)
    saving.join(timeout=60)

    [(status, page)] = replies
    assert status == 200 and SAVED_AT["en"] in page
    assert site.answers(pk) == EXPECTED
