"""Eight people autosaving the same and different answers of one assessment, on a real server.

Runs against a threaded runserver on a SQLite *file* (the `make run` set-up) and against gunicorn
with several workers on PostgreSQL. Every response must be below 500, and for every question the
stored answer must be the one the server last acknowledged: the highest version any client was
told is saved, holding exactly the value that client sent.
"""

import json
import os
import random
import sqlite3
import sys
import threading
import time
import uuid

import pytest

from tests.live_site import Browser, free_port, hidden_fields, prepare_site, serving, site_env

pytestmark = pytest.mark.database_dependent(
    "several people saving at once on a real threaded server"
)

PEOPLE = 8
SECONDS = 6
QUESTIONS = [
    "purpose-goals-written",
    "purpose-differs",
    "purpose-success-measures",
    "purpose-stakeholders",
]
VALUES = ["yes", "no", "unsure"]
SECTION = "/en/assessments/{pk}/readiness/purpose/"


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: dict[int, int] = {}
        self.acks: dict[
            str, tuple[int, str]
        ] = {}  # question -> (highest version acknowledged, value)
        self.conflicts = 0
        self.errors: list[str] = []

    def record(self, status: int, question: str, reply: dict | None, value: str) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if reply and reply.get("status") == "saved":
                version = int(reply["base"].split(":")[0])
                if version >= self.acks.get(question, (0, ""))[0]:
                    self.acks[question] = (version, value)
            elif reply and reply.get("status") == "conflict":
                self.conflicts += 1


def person_works(
    base: str, email: str, assessment: int, tally: Tally, stop_at: float, seed: int
) -> None:
    browser = Browser(base)
    try:
        browser.sign_in(email)
        status, page = browser.request(SECTION.format(pk=assessment))
        form = hidden_fields(page)
        chooser = random.Random(seed)
        while time.monotonic() < stop_at:
            question, value = chooser.choice(QUESTIONS), chooser.choice(VALUES)
            data = {
                "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
                "content_version": form["content_version"],
                "worksheet": "readiness",
                "section": "purpose",
                "question": question,
                f"q-{question}": value,
                f"n-{question}": "",
                f"b-{question}": form[f"b-{question}"],
            }
            status, body = browser.request(
                f"/en/assessments/{assessment}/autosave/", data, accept="application/json"
            )
            reply = json.loads(body) if status < 500 and body.startswith("{") else None
            tally.record(status, question, reply, value)
            if reply and reply.get("status") in ("saved", "conflict"):
                form[f"b-{question}"] = reply[
                    "base"
                ]  # after a conflict: deliberately keep mine next time
    except Exception as error:
        with tally.lock:
            tally.errors.append(f"{email}: {error!r}")


def run_people(base: str, site: dict) -> Tally:
    tally = Tally()
    stop_at = (
        time.monotonic() + SECONDS + 5
    )  # sign-in takes a moment; then several seconds of saves
    threads = [
        threading.Thread(
            target=person_works, args=(base, email, site["assessment"], tally, stop_at, n)
        )
        for n, email in enumerate(site["emails"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return tally


def check(tally: Tally, stored: dict[str, tuple[int, str]]) -> None:
    print(
        f"responses by status: {tally.statuses}; conflicts answered: {tally.conflicts}; acks: {tally.acks}"
    )
    assert not tally.errors, tally.errors
    assert sum(tally.statuses.values()) >= PEOPLE * 10, (
        "the clients did too little to prove anything"
    )
    assert not [status for status in tally.statuses if status >= 500], tally.statuses
    assert tally.acks, "nothing was acknowledged"
    for question, (version, value) in tally.acks.items():
        assert stored[question] == (version, value), (question, stored[question], (version, value))


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="the SQLite pass runs it"
)
def test_threaded_server_on_a_sqlite_file_loses_nothing(tmp_path):
    database = tmp_path / "live.sqlite3"
    env = site_env(f"sqlite:///{database}")
    site = prepare_site(env, people=PEOPLE)
    port = free_port()
    with serving(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env, port
    ) as base:
        tally = run_people(base, site)
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT q.key, a.version, a.selected FROM assessments_answer a "
            "JOIN assessments_question q ON q.id = a.question_id"
        ).fetchall()
    check(tally, {key: (version, json.loads(selected)[0]) for key, version, selected in rows})


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the PostgreSQL pass runs it",
)
def test_gunicorn_workers_on_postgresql_lose_nothing():
    import psycopg

    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    name = f"toolkit_live_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        env = site_env(url)
        site = prepare_site(env, people=PEOPLE)
        port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "toolkit.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "2",
        ]
        with serving(command, env, port) as base:
            tally = run_people(base, site)
        with psycopg.connect(url) as connection:
            rows = connection.execute(
                "SELECT q.key, a.version, a.selected FROM assessments_answer a "
                "JOIN assessments_question q ON q.id = a.question_id"
            ).fetchall()
        check(tally, {key: (version, selected[0]) for key, version, selected in rows})
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
