"""A save that fails for a passing reason (locked database, dropped connection) loses nothing."""

import pytest
from django.db import OperationalError
from django.test import Client

from assessments.models import Answer
from tests.assessments.helpers import form_state, purpose_page_with_one_answer

NOT_SAVED = "Not saved, nothing was lost on this page - save again."


def fail_saves(monkeypatch, *, times: int):
    """Answer.save raises "database is locked" on its second call within each of the first `times` tries."""
    original, calls = Answer.save, {"n": 0}

    def flaky_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] % 2 == 0 and calls["n"] <= 2 * times:
            raise OperationalError("database is locked")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Answer, "save", flaky_save)
    return calls


@pytest.fixture
def page(shipped_content, director):
    """A section page already holding one answer (outside a test transaction: retries need that)."""
    return purpose_page_with_one_answer(director)


def stored():
    return dict(Answer.objects.values_list("question__key", "selected"))


def test_one_passing_failure_is_retried_on_the_server(page, monkeypatch):
    client, url, _ = page
    state = form_state(client.get(url).content.decode())
    fail_saves(monkeypatch, times=1)
    response = client.post(
        url, {**state, "q-purpose-goals-written": "no", "q-purpose-differs": "yes"}
    )
    assert response.status_code == 302
    assert stored() == {"purpose-goals-written": ["no"], "purpose-differs": ["yes"]}


def test_a_lasting_failure_keeps_the_input_and_changes_nothing(page, monkeypatch):
    client, url, _ = page
    state = form_state(client.get(url).content.decode())
    fail_saves(monkeypatch, times=2)
    response = client.post(
        url, {**state, "q-purpose-goals-written": "no", "n-purpose-differs": "Our own words"}
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert NOT_SAVED in html and "Our own words" in html
    assert stored() == {"purpose-goals-written": ["yes"]}  # nothing half-written


def test_autosave_says_not_saved_and_the_next_try_saves(page, monkeypatch):
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
    monkeypatch.setattr(
        Answer, "save", lambda self, *a, **k: (_ for _ in ()).throw(OperationalError("locked"))
    )
    reply = client.post(f"/en/assessments/{assessment.pk}/autosave/", data)
    assert reply.status_code == 503 and reply.json()["status"] == "retry"
    assert stored() == {"purpose-goals-written": ["yes"]}
    monkeypatch.undo()
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
