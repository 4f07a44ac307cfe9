"""A save that fails for a passing reason (locked database, dropped connection) loses nothing."""

import re
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.test import Client

from assessments.models import Answer
from tests.assessments.helpers import form_state, purpose_page_with_one_answer

pytestmark = pytest.mark.database_dependent("database failures and retries")

NOT_SAVED = "Not saved, nothing was lost on this page - save again."


ANSWER_WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE)\s+"assessments_answer"\s', re.IGNORECASE)


@contextmanager
def answer_writes_fail(fails):
    """Each write to the answers table (an INSERT or an UPDATE, counted from 1 across tries)
    raises "database is locked" when `fails(n)` is true, as SQLite does when the lock waits
    too long; tests/faults makes the database itself fail."""
    writes = []

    def wrapper(execute, sql, params, many, context):
        if ANSWER_WRITE.match(sql):
            writes.append(sql)
            if fails(len(writes)):
                raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield writes


def second_write_fails(*, tries: int):
    """The second answer write of each of the first `tries` tries fails (two writes a try)."""
    return answer_writes_fail(lambda n: n % 2 == 0 and n <= 2 * tries)


@pytest.fixture
def page(shipped_content, director):
    """A section page already holding one answer (outside a test transaction: retries need that)."""
    return purpose_page_with_one_answer(director)


def stored():
    return dict(Answer.objects.values_list("question__key", "selected"))


def test_one_passing_failure_is_retried_on_the_server(page):
    client, url, _ = page
    state = form_state(client.get(url).content.decode())
    with second_write_fails(tries=1):
        response = client.post(
            url, {**state, "q-purpose-goals-written": "no", "q-purpose-differs": "yes"}
        )
    assert response.status_code == 302
    assert stored() == {"purpose-goals-written": ["no"], "purpose-differs": ["yes"]}


def test_a_lasting_failure_keeps_the_input_and_changes_nothing(page):
    client, url, _ = page
    state = form_state(client.get(url).content.decode())
    with second_write_fails(tries=2):
        response = client.post(
            url, {**state, "q-purpose-goals-written": "no", "n-purpose-differs": "Our own words"}
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_SAVED in html and "Our own words" in html
    assert stored() == {"purpose-goals-written": ["yes"]}  # nothing half-written


def test_autosave_says_not_saved_and_the_next_try_saves(page):
    client, url, assessment = page
    state = form_state(client.get(url).content.decode())
    data = {
        "csrfmiddlewaretoken": "",
        "content_version": state["content_version"],
        "worksheet": "readiness",
        "section": "purpose",
        "question": "purpose-goals-written",
        "q-purpose-goals-written": "no",
        "b-purpose-goals-written": state["b-purpose-goals-written"],
    }
    with answer_writes_fail(lambda n: True) as writes:
        reply = client.post(f"/en/assessments/{assessment.pk}/autosave/", data)
    assert reply.status_code == 503 and reply.json()["status"] == "retry"
    assert len(writes) == 2  # the try and the retry on the server
    assert stored() == {"purpose-goals-written": ["yes"]}
    reply = client.post(f"/en/assessments/{assessment.pk}/autosave/", data)
    assert reply.json()["status"] == "saved" and stored() == {"purpose-goals-written": ["no"]}


@pytest.mark.django_db
def test_any_other_page_answers_a_translated_503(monkeypatch):
    from platforms import views

    monkeypatch.setattr(
        views, "render", lambda *a, **k: (_ for _ in ()).throw(OperationalError("gone"))
    )
    client = Client(raise_request_exception=False)
    response = client.get("/es/platforms/")
    assert response.status_code == 503 and response["Retry-After"] == "2"
    assert "Nada de lo que vio como guardado se perdió" in response.content.decode()
