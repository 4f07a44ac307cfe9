"""The quick check without JavaScript: start it, answer it on one page, read the provisional
verdict and its plan, then grow it into the full assessment with every answer in place."""

import re

import pytest

from assessments.models import Answer, Assessment, AssessmentKind
from assessments.scoring.quick import quick_questions
from tests.assessments.helpers import form_state
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.django_db


def _start(client, channels=("text", "chat")):
    response = client.post(
        "/en/assessments/quick/new/", {"name": "Shelter closed", "channels": list(channels)}
    )
    assert response.status_code == 302, response.status_code
    return Assessment.objects.get(kind=AssessmentKind.QUICK)


def _best(question) -> str:
    choices = [c for c in question.choices.all() if not c.blocks and c.key != "unsure"]
    return max(choices, key=lambda c: sum(c.weights.values())).key


def test_the_quick_check_answers_in_one_page_and_gives_a_provisional_plan(director):
    client = client_for(director.user)
    assert "We need to start now" in client.get("/en/assessments/").content.decode()
    quick = _start(client)
    url = f"/en/assessments/{quick.pk}/quick/"
    page = client.get(url).content.decode()
    asked = set(re.findall(r'name="q-([a-z0-9-]+)"', page))
    assert 0 < len(asked) <= 15
    data = {**form_state(page), "continue": "1"}
    for question in quick_questions():
        if question.key in asked:
            data[f"q-{question.key}"] = _best(question)
    data["q-platform-survivor-download"] = "yes"  # survivors must install an app: blocks
    saved = client.post(url, data)
    assert saved.status_code == 302 and saved["Location"].endswith("/quick/plan/")
    plan = client.get(saved["Location"]).content.decode()
    assert "provisional" in plan.lower() and "Do not start on this channel yet" in plan
    assert "Ready" not in plan and "ready with conditions" not in plan.lower()
    assert "1-800-799-7233" in plan and "Come back by" in plan
    quick.refresh_from_db()
    assert quick.reassess_by is not None


def test_it_grows_into_the_full_assessment_with_every_answer_in_place(director):
    client = client_for(director.user)
    quick = _start(client, ["video"])
    url = f"/en/assessments/{quick.pk}/quick/"
    client.post(
        url, {**form_state(client.get(url).content.decode()), "q-devices-personal-use": "no"}
    )
    grown = client.post(f"/en/assessments/{quick.pk}/quick/continue/")
    full = Assessment.objects.get(grown_from=quick)
    assert grown["Location"].endswith(f"/assessments/{full.pk}/")
    assert full.kind == AssessmentKind.FULL and full.channels == ["video"]
    answer = Answer.objects.get(assessment=full, question__key="devices-personal-use")
    assert answer.selected == ["no"] and not answer.carried_over
    # Again: the same full assessment opens; the quick check and its plan stay readable.
    again = client.post(f"/en/assessments/{quick.pk}/quick/continue/")
    assert again["Location"].endswith(f"/assessments/{full.pk}/")
    assert Assessment.objects.filter(grown_from=quick).count() == 1
    assert client.get(f"/en/assessments/{quick.pk}/quick/plan/").status_code == 200
    assert Answer.objects.filter(assessment=quick).count() == 1


def test_a_full_assessment_has_no_quick_pages_and_another_organization_sees_nothing(
    director, other_director
):
    full = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    assert client.get(f"/en/assessments/{full.pk}/quick/plan/").status_code == 404
    theirs = _start(client_for(other_director.user))
    for path in ("quick/", "quick/plan/", "quick/plan.pdf"):
        assert client.get(f"/en/assessments/{theirs.pk}/{path}").status_code == 404
    assert client.post(f"/en/assessments/{theirs.pk}/quick/continue/").status_code == 404


def test_autosave_saves_a_quick_answer_under_its_own_section(director):
    from assessments.answering.content import current_content_version

    client = client_for(director.user)
    quick = _start(client, ["chat"])
    page = client.get(f"/en/assessments/{quick.pk}/quick/").content.decode()
    where = re.search(
        r'data-question="platform-survivor-account" data-worksheet="([a-z-]+)" '
        r'data-section="([a-z-]+)"',
        page,
    )
    assert where, "each quick question names its own worksheet and section"
    response = client.post(
        f"/en/assessments/{quick.pk}/autosave/",
        {
            "content_version": current_content_version().number,
            "worksheet": where.group(1),
            "section": where.group(2),
            "question": "platform-survivor-account",
            "q-platform-survivor-account": "no",
            "b-platform-survivor-account": form_state(page)["b-platform-survivor-account"],
        },
    )
    assert response.status_code == 200 and response.json()["status"] == "saved"
    assert Answer.objects.get(assessment=quick).selected == ["no"]


def test_the_assessments_page_reminds_when_a_quick_check_is_due(director):
    from datetime import date, timedelta

    from assessments.answering.reassessment import reassess_status

    quick = make_assessment(organisation=director.organisation, kind="quick")
    quick.reassess_by = date.today() - timedelta(days=1)
    quick.save(update_fields=["reassess_by"])
    assert reassess_status(quick, date.today()) == "overdue"
    listing = client_for(director.user).get("/en/assessments/").content.decode()
    assert "Overdue" in listing and "Quick check, provisional" in listing


def test_a_conflict_on_the_quick_page_keeps_both_answers_in_view(director, staff):
    client = client_for(director.user)
    quick = _start(client, ["text"])
    url = f"/en/assessments/{quick.pk}/quick/"
    seen = form_state(client.get(url).content.decode())  # both open the page
    other = client_for(staff.user)
    other.post(
        url, {**form_state(other.get(url).content.decode()), "q-devices-personal-use": "yes"}
    )
    response = client.post(
        url, {**seen, "q-devices-personal-use": "no", "n-devices-personal-use": "Mine"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else changed this answer" in page
    assert "Mine" in page  # what this person typed stays on the page
    assert Answer.objects.get(assessment=quick).selected == ["yes"]  # nothing overwritten
