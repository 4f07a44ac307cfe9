"""The results page and the methodology page, with expectations computed by hand.

The shipped content is loaded in the test database; tests that need exact numbers first make every
readiness choice weigh nothing, then give a handful of questions weights of their own, so the
arithmetic below stays true whatever the shipped weights become.
"""

import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.answering.lifecycle import vendor_add
from assessments.models import (
    Assessment,
    AssessmentStatus,
    Choice,
    Question,
    ReadinessThreshold,
    Recommendation,
)
from assessments.scoring.engine import DIMENSIONS, HIGH_WHEN_NOTHING_OF, ChoiceSpec, ThresholdSpec
from assessments.scoring.results import question_specs, thresholds_from_rows
from tests.assessments.helpers import answer
from tests.factories import client_for, make_assessment

THRESHOLDS = {
    "safety": (80, 60),
    "privacy": (80, 60),
    "confidentiality": (80, 60),
    "access": (75, 50),
    "capacity": (75, 50),
}

# question key: (critical, {choice key: weights}, blocking choice)
WEIGHTS = {
    "policy-emergencies": (True, {"yes": {"safety": 1}}, "no"),
    "policy-safety-check": (False, {"yes": {"safety": 3, "privacy": 1}}, None),
    "policy-code-word": (False, {"yes": {"safety": 2, "privacy": 3}}, None),  # text and chat only
    # video only
    "policy-no-recording": (False, {"yes": {"privacy": 3, "confidentiality": 3}}, None),
}


def set_thresholds(**overrides) -> None:
    for dimension, (ready, conditions) in {**THRESHOLDS, **overrides}.items():
        ReadinessThreshold.objects.update_or_create(
            dimension=dimension, defaults={"ready_min": ready, "conditions_min": conditions}
        )


def weigh_only(worksheet: str, weights: dict) -> None:
    """Every choice of the worksheet weighs nothing and nothing is critical, except `weights`.
    "readiness" means both worksheets of the program (readiness and platform): they are scored
    together."""
    zero = {f"weight_{d}": 0 for d in DIMENSIONS}
    sheets = ["readiness", "platform"] if worksheet == "readiness" else [worksheet]
    choices = Choice.objects.filter(question__section__worksheet__key__in=sheets)
    choices.update(blocks=False, **zero)
    Question.objects.filter(section__worksheet__key__in=sheets).update(critical=False)
    for key, (critical, choices, blocking) in weights.items():
        Question.objects.filter(key=key).update(critical=critical)
        for choice, by_dimension in choices.items():
            Choice.objects.filter(question__key=key, key=choice).update(
                **{f"weight_{d}": w for d, w in by_dimension.items()}
            )
        if blocking:
            Choice.objects.filter(question__key=key, key=blocking).update(blocks=True)
    set_thresholds()


def page(client, assessment, lang="en") -> str:
    response = client.get(f"/{lang}/assessments/{assessment.pk}/results/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def text_of(key: str) -> str:
    return Question.objects.get(key=key).text


def cells(content: str, label: str) -> list[list[str]]:
    """The cells of every table row headed `label`, as text ("50 Not yet ready")."""
    rows = re.findall(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', content, re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


@pytest.fixture
def scored(director):
    """Text and video; A critical question "Not sure", code word "No", the rest "Yes"."""
    weigh_only("readiness", WEIGHTS)
    assessment = make_assessment(organisation=director.organisation, channels=["text", "video"])
    answer(
        assessment,
        director.user,
        policy_emergencies="unsure",
        policy_safety_check="yes",
        policy_code_word="no",
        policy_no_recording="yes",
    )
    return assessment


@pytest.mark.django_db
def test_results_by_channel_computed_by_hand(scored, director):
    content = page(client_for(director.user), scored)
    # Text: safety 0/1 + 3/3 + 0/2 = 3/6 = 50; privacy 1/1 + 0/3 = 1/4 = 25 (the weakest);
    # the critical question's "Not sure" caps at conditions, the scores are lower still.
    assert "Text messaging: Not yet ready" in content
    assert "Privacy 25, needs 60 for ready with conditions" in content
    assert "Personal safety 50, needs 60 for ready with conditions" in content
    assert (
        "A critical question is not answered yet, or answered “Not sure”: "
        f"“{text_of('policy-emergencies')}”"
    ) in content
    # Video: safety 3/4 = 75 (conditions), privacy 4/4 and confidentiality 3/3 = 100.
    assert "Video: Ready with conditions" in content
    assert "Personal safety 75, needs 80 to be ready" in content
    assert "Privacy 100" not in content  # a dimension that is ready is no reason
    # One grid: channels across, dimensions down, each cell the score and its band.
    safety, privacy = cells(content, "Personal safety"), cells(content, "Privacy")
    assert safety == [["50 Not yet ready", "75 Ready with conditions"]]
    assert privacy == [["25 Not yet ready", "100 Ready"]]
    assert cells(content, "Survivor access") == [["Not scored", "Not scored"]]
    assert cells(content, "Readiness") == [["Not yet ready", "Ready with conditions"]]
    title = "Scores out of 100 by dimension, for each channel"
    assert re.search(rf"<caption[^>]*>{re.escape(title)}</caption>", content)
    assert " style=" not in content
    assert "Draft" in content and reverse("assessments:methodology") in content


@pytest.mark.django_db
def test_findings_show_answer_why_recommendation_and_a_way_back(scored, director):
    content = page(client_for(director.user), scored)
    code_word = Question.objects.select_related("section").get(key="policy-code-word")
    # The code word question leaves privacy 3 and safety 2 open: a high finding under privacy.
    findings = content.split('id="findings-heading"')[1].split('id="follow-ups-heading"')[0]
    assert re.search(r"<h3>Privacy</h3>\s*<h4 class=\"h5\">High</h4>", findings)
    assert code_word.text in findings and code_word.help in findings
    assert '<dt class="col-sm-3">Answer given</dt><dd class="col-sm-9">No</dd>' in findings
    fallback = Recommendation.objects.filter(question=None, dimension="privacy").first()
    assert fallback.title in findings and fallback.guide.get_absolute_url() in findings
    url = reverse("assessments:section", args=[scored.pk, "readiness", code_word.section.key])
    assert f'href="{url}#question-policy-code-word"' in findings
    assert "Change this answer" in findings
    # The "Not sure" on the critical question is a follow-up, not a finding.
    follow_ups = content.split('id="follow-ups-heading"')[1].split('id="vendors-heading"')[0]
    assert text_of("policy-emergencies") in follow_ups and "(Not sure)" in follow_ups
    assert text_of("policy-emergencies") not in findings


@pytest.mark.django_db
def test_a_blocking_answer_shows_not_yet_ready_and_its_own_recommendation(director):
    weigh_only("readiness", WEIGHTS)
    assessment = make_assessment(organisation=director.organisation, channels=["video"])
    answer(
        assessment,
        director.user,
        policy_emergencies="no",
        policy_safety_check="yes",
        policy_no_recording="yes",
    )
    content = page(client_for(director.user), assessment)
    # Video: safety 3/4 = 75 would be "with conditions"; the blocking answer makes it not ready.
    assert "Video: Not yet ready" in content
    assert (
        "A critical question has an answer that blocks readiness: "
        f"“{text_of('policy-emergencies')}”"
    ) in content
    own = Recommendation.objects.get(question__key="policy-emergencies")
    assert re.search(r"<h4 class=\"h5\">Blocking</h4>", content) and own.title in content


@pytest.mark.django_db
def test_vendors_are_scored_apart_blocking_answers_first(director):
    weigh_only("readiness", WEIGHTS)
    weigh_only(
        "vendor",
        {
            "vendor-can-read-content": (True, {"no": {"confidentiality": 3}}, "yes"),
            "vendor-shares-data": (True, {"no": {"privacy": 2}}, "yes"),
        },
    )
    assessment = make_assessment(organisation=director.organisation, channels=["text"])
    reads = vendor_add(assessment=assessment, name="Reads It All")
    careful = vendor_add(assessment=assessment, name="Careful Co")
    answer(assessment, director.user, reads, vendor_can_read_content="yes", vendor_shares_data="no")
    answer(
        assessment, director.user, careful, vendor_can_read_content="no", vendor_shares_data="no"
    )
    content = page(client_for(director.user), assessment)
    vendors = content.split('id="vendors-heading"')[1]
    assert "Reads It All: Not yet ready" in vendors and "Careful Co: Ready" in vendors
    first, second = vendors.split("Careful Co: Ready")
    assert "Blocking answers" in first and text_of("vendor-can-read-content") in first
    assert Recommendation.objects.get(question__key="vendor-can-read-content").title in first
    section = Question.objects.get(key="vendor-can-read-content").section.key
    url = reverse("assessments:vendor_section", args=[assessment.pk, reads.pk, "vendor", section])
    assert f"{url}#question-vendor-can-read-content" in first
    # Reads It All: confidentiality 0 of 3, privacy 2 of 2; Careful Co: 3 of 3 and 2 of 2.
    assert cells(content, "Confidentiality")[-1] == ["0 Not yet ready", "100 Ready"]
    # The program's own readiness is untouched by its vendors: nothing answered for text.
    assert "Text messaging: Not yet ready" in content


@pytest.mark.django_db
def test_nothing_answered_is_a_follow_up_and_caps_nothing_higher_than_the_scores(director):
    weigh_only("readiness", WEIGHTS)
    assessment = make_assessment(organisation=director.organisation, channels=["chat"])
    content = page(client_for(director.user), assessment)
    # Chat: safety 0 of 6, privacy 0 of 4; every risk counts as open.
    assert "Web chat: Not yet ready" in content
    assert cells(content, "Personal safety") == [["0 Not yet ready"]]
    follow_ups = content.split('id="follow-ups-heading"')[1].split('id="vendors-heading"')[0]
    assert text_of("policy-emergencies") in follow_ups and "(Not answered)" in follow_ups
    assert text_of("policy-no-recording") not in content  # video only


@pytest.mark.django_db
def test_question_specs_and_thresholds_come_from_the_rows():
    weigh_only("readiness", WEIGHTS)
    question = Question.objects.prefetch_related("choices").get(key="policy-code-word")
    (spec,) = question_specs(questions=[question])
    assert spec.key == "policy-code-word" and spec.channels == {"text", "chat"}
    assert not spec.critical
    assert spec.choices[0] == ChoiceSpec.weighted("yes", safety=2, privacy=3)
    in_order = question.choices.order_by("order", "key")
    assert [c.key for c in spec.choices] == [c.key for c in in_order]
    thresholds = thresholds_from_rows(rows=ReadinessThreshold.objects.all())
    assert thresholds.for_dimension("access") == ThresholdSpec("access", 75, 50)


@pytest.mark.django_db
def test_finalised_assessments_say_so(scored, director):
    Assessment.objects.filter(pk=scored.pk).update(
        status=AssessmentStatus.FINALISED, finalised_at=timezone.now()
    )
    content = page(client_for(director.user), scored)
    assert "Finalized" in content and ">Draft<" not in content


@pytest.mark.django_db
def test_staff_see_the_results_too(scored, staff):
    assert "Video: Ready with conditions" in page(client_for(staff.user), scored)


@pytest.mark.django_db
def test_results_in_spanish(scored, director):
    """Needs the Spanish catalogue entries of this page."""
    content = page(client_for(director.user), scored, "es")
    assert "Video: Listo con condiciones" in content
    assert "Mensajes de texto: Aún no está listo" in content
    assert "Seguridad personal 75, necesita 80 para estar listo" in content
    assert cells(content, "Seguridad personal") == [
        ["50 Aún no está listo", "75 Listo con condiciones"]
    ]
    assert Question.objects.get(key="policy-code-word").text_es in content
    assert "Cambiar esta respuesta" in content and "Borrador" in content


def count_queries(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, assessment)
    # Savepoints exist only because the test itself runs in a transaction.
    return len([q for q in queries if "SAVEPOINT" not in q["sql"]])


def answer_everything(assessment, worksheet, by, vendor=None) -> None:
    questions = Question.objects.filter(section__worksheet__key=worksheet)
    questions = questions.prefetch_related("choices")
    first_choices = {q.key: q.choices.all()[0].key for q in questions if q.has_choices}
    answer(assessment, by, vendor, **first_choices)


@pytest.mark.django_db
def test_results_page_queries_do_not_grow_with_vendors_or_answers(director):
    assessment = make_assessment(organisation=director.organisation)
    client = client_for(director.user)
    page(client, assessment)  # session and caches warmed up
    empty = count_queries(client, assessment)
    answer(assessment, director.user, policy_emergencies="no")
    few = count_queries(client, assessment)
    answer_everything(assessment, "readiness", director.user)
    for name in ("One", "Two", "Three"):
        vendor = vendor_add(assessment=assessment, name=name)
        answer_everything(assessment, "vendor", director.user, vendor)
    many = count_queries(client, assessment)
    print("queries per results page:", many)
    assert empty == few == many
    # The session, the person, the membership, the assessment, then six for the results (questions,
    # choices, thresholds, answers, recommendations with guides, vendors), one for the peer
    # comparison (one more when the program has a size band), and the session's expiry.
    assert many <= 12, many


@pytest.mark.django_db
def test_another_organisations_results_are_404(director, other_director):
    theirs = make_assessment(organisation=other_director.organisation)
    response = client_for(director.user).get(reverse("assessments:results", args=[theirs.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(director):
    assessment = make_assessment(organisation=director.organisation)
    response = Client().get(reverse("assessments:results", args=[assessment.pk]))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_results_refuse_post(director):
    assessment = make_assessment(organisation=director.organisation)
    url = reverse("assessments:results", args=[assessment.pk])
    assert client_for(director.user).post(url).status_code == 405


def methodology(lang="en") -> str:
    response = Client().get(f"/{lang}/methodology/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_methodology_shows_the_thresholds_in_use_and_the_worked_example():
    set_thresholds(capacity=(77, 52))
    content = methodology()
    assert cells(content, "Program capacity") == [["77", "52", "52"]]
    assert cells(content, "Personal safety") == [["80", "60", "60"]]
    # The example: A (critical) weighs safety 2, B safety 3 + privacy 1, C "Partly" safety 2 of 3,
    # D "Does not apply". Safety 7 of 8 = 87.5 rounds half up to 88; privacy 1 of 1.
    assert "Personal safety: 7 of 8 points = 87.5, rounded to 88 (Ready)" in content
    assert "Privacy: 1 of 1 point = 100, rounded to 100 (Ready)" in content
    # A "Not sure": safety 5 of 8 = 62.5 -> 63, capped at conditions; A "No": blocking.
    assert "Personal safety: 5 of 8 points = 62.5, rounded to 63 (Ready with conditions)" in content
    assert "Critical question not answered or “Not sure”: at most ready with conditions" in content
    assert "Blocking answer to a critical question: not yet ready, whatever the scores" in content
    assert re.findall(r"<td><strong>(.*?)</strong></td>", content) == [
        "Ready",
        "Ready with conditions",
        "Not yet ready",
    ]
    assert "legally compliant" in content


@pytest.mark.django_db
def test_methodology_follows_the_thresholds():
    set_thresholds(safety=(90, 85))
    content = methodology()
    # 88 is now below 90 but above 85; 63 is below 85.
    assert "rounded to 88 (Ready with conditions)" in content
    assert "rounded to 63 (Not yet ready)" in content


@pytest.mark.django_db
def test_methodology_states_the_rules_the_engine_applies():
    """Each rule below is the engine's: the severity threshold is read from it, and
    tests/assessments/test_scoring.py, test_verdict.py and test_verdict_content.py check the
    engine does what these sentences say."""
    content = " ".join(methodology().split())
    assert f"can earn {HIGH_WHEN_NOTHING_OF} points or more" in content
    assert "readiness worksheet and of the platform worksheet" in content
    assert "It is at most as ready as the best vendor evaluated for it" in content
    assert "While no vendor is evaluated yet, the channel is at best “Ready with conditions”" in (
        content
    )
    spanish = " ".join(methodology("es").split())
    assert f"la pregunta puede dar {HIGH_WHEN_NOTHING_OF} puntos o más" in spanish


@pytest.mark.django_db
def test_the_reason_names_what_the_vendors_allow(scored, director):
    client = client_for(director.user)
    # No vendor at all: the channel cannot be more than ready with conditions.
    assert "No vendor is evaluated yet: a channel cannot start without a tool" in page(
        client, scored
    )
    weak = vendor_add(assessment=scored, name="Weak <Tool>")
    answer(scored, director.user, vendor=weak, vendor_survivor_account="yes")
    content = page(client, scored)
    assert "No vendor evaluated is ready for this channel: Weak <Tool>." in content
    assert "No vendor is evaluated yet" not in content


@pytest.mark.django_db
def test_methodology_in_spanish():
    """Needs the Spanish catalogue entries of this page."""
    set_thresholds()
    content = methodology("es")
    assert cells(content, "Capacidad del programa") == [["75", "50", "50"]]
    assert "Seguridad personal: 7 de 8 puntos = 87,5, redondeado a 88 (Listo)" in content
    assert "Cómo se determina la preparación" in content
