"""The action plan as the report prints it, and the report on screen showing what the PDF shows."""

import re

import pytest

from reports.sections import action_groups
from tests.factories import client_for, make_assessment
from tests.reports.test_report import answer_worksheet


def action(number, description, *, vendor="", question="", owner="", status="open", due=""):
    finding = f"{vendor}: {question}" if vendor else question
    return {
        "number": number,
        "description": description,
        "owner": owner,
        "due": due,
        "due_iso": due,
        "status": status,
        "finding": finding,
        "vendor": vendor,
        "question": question,
    }


def test_one_row_per_action_with_a_question_asked_of_several_vendors_once():
    groups = action_groups(
        [
            action(1, "Ask for encryption", vendor="Acme", question="Is it encrypted?"),
            action(2, "Train staff", question="Is training funded?"),
            action(3, "Ask for encryption", vendor="Beta", question="Is it encrypted?"),
            action(4, "Ask for encryption", vendor="Beta", question="Are keys yours?"),
            action(5, "Ask for encryption", vendor="Gamma", question="Is it encrypted?"),
            action(6, "Train staff", question="Is debriefing planned?"),
        ]
    )
    assert [group["description"] for group in groups] == ["Ask for encryption", "Train staff"]
    encryption, training = groups
    assert encryption["findings"] == [
        {
            "question": "Is it encrypted?",
            "vendors": [
                {"name": "Acme", "number": 1},
                {"name": "Beta", "number": 3},
                {"name": "Gamma", "number": 5},
            ],
        },
        {"question": "Are keys yours?", "vendors": [{"name": "Beta", "number": 4}]},
    ]
    assert training["findings"] == [
        {"question": "Is training funded?", "number": 2, "vendors": []},
        {"question": "Is debriefing planned?", "number": 6, "vendors": []},
    ]


def test_actions_people_told_apart_stay_apart():
    groups = action_groups(
        [
            action(1, "Ask for encryption", vendor="Acme", question="Q?", owner="Director"),
            action(2, "Ask for encryption", vendor="Beta", question="Q?"),
            action(3, "Ask for encryption", vendor="Gamma", question="Q?", status="done"),
            action(4, "Ask for encryption", vendor="Delta", question="Q?", due="2027-01-31"),
            action(5, "Buy two phones"),  # written by a person: no finding
        ]
    )
    assert len(groups) == 5
    assert groups[4]["findings"] == [{"question": "", "number": 5, "vendors": []}]


def test_reports_finalized_before_vendor_and_question_were_kept_apart_still_render():
    old = {**action(7, "Ask for encryption", vendor="Acme", question="Q?")}
    del old["vendor"], old["question"]
    (group,) = action_groups([old])
    assert group["findings"] == [{"question": "Acme: Q?", "number": 7, "vendors": []}]


@pytest.mark.django_db
def test_the_report_on_screen_shows_the_grid_and_the_advice_the_pdf_prints(director):
    assessment = make_assessment(organisation=director.organisation)
    answer_worksheet(assessment, "readiness", director.user)
    page = client_for(director.user).get(f"/en/assessments/{assessment.pk}/report/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="score-grid"') == 1 and "<svg" not in html
    advice = re.findall(r'<div class="advice-text">(.*?)</div>', html, re.S)
    assert advice and all(text.strip() for text in advice)
    # On screen every part is there, appendices included, and nothing points elsewhere.
    assert "Appendix F." in html and "results page" not in html
