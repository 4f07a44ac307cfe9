"""The shipped worksheet content: complete, bilingual, and loaded idempotently."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from assessments.answering.content import load_content, read_worksheets
from assessments.models import Choice, ContentVersion, Question, QuestionKind, Section, Worksheet
from toolkit.content_sync import ContentError

pytestmark = pytest.mark.database_dependent(
    "the content loader's stable keys, constraints and versions"
)

# Every criterion of the product brief ("Worksheet topics"), by worksheet.
BRIEF_CRITERIA = {
    "readiness": [
        "purpose-improves",
        "purpose-differs",
        "purpose-community-support",
        "purpose-success-measures",
        "purpose-stakeholders",
        "audience-intended",
        "audience-unintended",
        "audience-benefits",
        "audience-barriers",
        "staffing-coverage",
        "staffing-concurrent",
        "staffing-longer-sessions",
        "supervision-debriefing",
        "vicarious-trauma",
        "training",
        "policy-consent",
        "policy-retention",
        "policy-identity-code-word",
        "policy-ending-conversations",
        "policy-emergencies",
        "devices-program-owned",
        "devices-managed",
        "devices-remote-wipe",
        "devices-use-agreement",
        "budget-licences",
        "budget-addons",
        "budget-hardware",
        "budget-training",
        "budget-maintenance",
        "tech-support",
        "operations-technology",
        "technical-assistance",
        "language-access",
        "disability-access",
        "deaf-survivors",
        "data-retention-purge",
        "breach-response",
        "reassess-plan",
        "urgent-temporary",
        "hotline-referral",
    ],
    "platform": [
        "platform-need-one-to-one-group",
        "platform-need-hotline-ongoing",
        "platform-channels",
        "platform-access-bandwidth",
        "platform-access-devices",
        "platform-access-disability",
        "platform-access-language",
        "platform-no-account",
        "platform-no-download",
        "platform-risk-social-media",
        "platform-risk-device-history",
    ],
    "vendor": [
        "vendor-cost-free-tier",
        "vendor-cost-startup",
        "vendor-cost-addons",
        "vendor-cost-fees",
        "vendor-cost-hardware",
        "vendor-cost-training",
        "vendor-multi-staff-devices",
        "vendor-transfer",
        "vendor-e2e-keys",
        "vendor-cannot-read",
        "vendor-retention",
        "vendor-purge",
        "vendor-optional-fields",
        "vendor-third-party-sharing",
        "vendor-analytics-tracking",
        "vendor-hosting-location",
        "vendor-subpoena",
        "vendor-breach-notification",
        "vendor-data-ownership",
        "vendor-export-deletion",
        "vendor-accessibility",
        "vendor-customer-service",
        "vendor-downtime",
    ],
}
CHANNEL_NEEDS = {"sms", "chat", "video", "audio", "group_video"}


def snapshot():
    rows = []
    for model in (Worksheet, Section, Question, Choice):
        rows += [
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model.objects.values()
        ]
    return sorted(rows)


@pytest.mark.django_db
def test_every_brief_criterion_is_covered_by_a_question_of_its_worksheet():
    for worksheet_key, criteria in BRIEF_CRITERIA.items():
        covered = set()
        for tags in Question.objects.filter(section__worksheet__key=worksheet_key).values_list(
            "criteria", flat=True
        ):
            covered |= set(tags)
        missing = set(criteria) - covered
        assert not missing, f"{worksheet_key}: {sorted(missing)}"


@pytest.mark.django_db
def test_three_worksheets_with_every_question_kind():
    assert list(Worksheet.objects.values_list("key", "per_vendor")) == [
        ("readiness", False),
        ("platform", False),
        ("vendor", True),
    ]
    assert set(Question.objects.values_list("kind", flat=True)) == set(QuestionKind.values)
    assert Question.objects.count() >= 100


@pytest.mark.django_db
def test_every_translated_field_is_filled_in_both_languages():
    checks = {
        Worksheet: ["title"],
        Section: ["title"],
        Question: ["text", "help"],
        Choice: ["label"],
    }
    for model, fields in checks.items():
        for field in fields:
            for lang in ("en", "es"):
                empty = model.objects.filter(**{f"{field}_{lang}": ""}).count()
                assert empty == 0, f"{model.__name__}.{field}_{lang}: {empty} empty"
    spanish = Question.objects.exclude(kind__in=[QuestionKind.NUMBER]).values_list(
        "text_es", flat=True
    )
    assert all("¿" in text and text.rstrip().endswith("?") for text in spanish)


@pytest.mark.django_db
def test_choice_questions_offer_not_sure_with_no_weight_and_critical_ones_can_block():
    for question in Question.objects.filter(kind__in=QuestionKind.with_choices()).prefetch_related(
        "choices"
    ):
        keys = {c.key: c for c in question.choices.all()}
        assert "unsure" in keys, question.key
        assert sum(keys["unsure"].weights.values()) == 0 and not keys["unsure"].blocks
        if question.critical:
            assert any(c.blocks for c in keys.values()), question.key
    assert Question.objects.filter(critical=True).count() >= 4
    assert not Choice.objects.filter(blocks=True, question__critical=False).exists()


@pytest.mark.django_db
def test_platform_needs_use_the_chart_vocabulary():
    for needs in Choice.objects.filter(question__section__worksheet__key="platform").values_list(
        "needs", flat=True
    ):
        for key, value in needs.items():
            assert isinstance(value, str)
            if key == "channel":
                assert value in CHANNEL_NEEDS


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    before, versions = snapshot(), ContentVersion.objects.count()
    summary = load_content()
    assert "0 created, 0 updated" in summary
    assert snapshot() == before and ContentVersion.objects.count() == versions


@pytest.mark.django_db
def test_reload_keeps_an_admin_edit_unless_asked_and_bumps_revision_when_it_overwrites():
    question = Question.objects.get(key="purpose-goals-written")
    question.text_es = "¿Texto editado por la administración?"
    question.save()
    load_content()
    question.refresh_from_db()
    assert question.text_es == "¿Texto editado por la administración?"
    versions = ContentVersion.objects.count()
    load_content(overwrite=True)
    question.refresh_from_db()
    assert question.text_es.startswith("¿Tiene su programa por escrito")
    assert question.revision == 2
    assert ContentVersion.objects.count() == versions + 1


@pytest.mark.django_db
def test_changed_shipped_text_updates_unedited_rows(tmp_path):
    source = Path(__file__).resolve().parents[3] / "content" / "worksheets"
    for path in source.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    readiness = yaml.safe_load((tmp_path / "readiness.yaml").read_text(encoding="utf-8"))
    readiness["sections"][0]["questions"][0]["text"]["en"] = "A reworded question?"
    (tmp_path / "readiness.yaml").write_text(
        yaml.safe_dump(readiness, allow_unicode=True), encoding="utf-8"
    )
    load_content(directory=tmp_path)
    question = Question.objects.get(key=readiness["sections"][0]["questions"][0]["key"])
    assert question.text_en == "A reworded question?" and question.revision == 2


def first_question(data: dict) -> dict:
    return data["sections"][0]["questions"][0]


def refusal(tmp_path, name: str, breakage) -> str:
    """The message refusing the shipped worksheet `name` once `breakage(data)` has changed it."""
    source = Path(__file__).resolve().parents[3] / "content" / "worksheets" / name
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    breakage(data)
    (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_worksheets(tmp_path)
    return str(error.value)


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda d: first_question(d)["text"].pop("es"), "text: missing es"),
        (lambda d: first_question(d).update(kind="essay"), "kind: 'essay' is not one of"),
        (
            lambda d: first_question(d)["choices"][0].update(weights={"safety": 9}),
            "choices[yes].weights.safety: 9 is not a whole number from 0 to 3",
        ),
        (
            lambda d: first_question(d)["choices"][0].update(blocks=True),
            "choices[yes].blocks: only critical questions block",
        ),
        (lambda d: first_question(d).update(channels=["fax"]), "channels[0]: 'fax' is not one of"),
        (lambda d: first_question(d).update(colour="blue"), "unknown key colour"),
        (
            lambda d: d["sections"][0]["questions"][1].update(key=first_question(d)["key"]),
            "].key: 'purpose-goals-written' is already used in readiness.yaml",
        ),
    ],
)
def test_a_broken_file_is_refused_with_its_name_and_key(tmp_path, breakage, message):
    refused = refusal(tmp_path, "readiness.yaml", breakage)
    assert "readiness.yaml: sections[purpose].questions[" in refused
    assert message in refused


def platform_channels_choice(data: dict) -> dict:
    """The "SMS" choice of the platform worksheet, whose `needs` is {channel: sms}."""
    questions = [q for s in data["sections"] for q in s["questions"]]
    question = next(q for q in questions if q["key"] == "platform-channels-needed")
    return question["choices"][0]


@pytest.mark.parametrize(
    "needs, message",
    [
        (
            {"channel": "fax"},
            "needs.channel: 'fax' is not one of sms, chat, video, audio, group_video",
        ),
        (
            {"channel": "text"},
            "needs.channel: 'text' is not one of",
        ),  # a worksheet key, not the chart's
        ({"e2e": "yes"}, "needs: unknown key e2e"),
        ({"e2e_encryption": True}, "needs.e2e_encryption: True is not one of yes, no, partly"),
        ({"e2e_encryption": "unknown"}, "needs.e2e_encryption: 'unknown' is not one of"),
        (["channel", "sms"], "needs: expected a mapping"),
    ],
)
def test_platform_needs_outside_the_chart_vocabulary_are_refused(tmp_path, needs, message):
    refused = refusal(
        tmp_path, "platform.yaml", lambda d: platform_channels_choice(d).update(needs=needs)
    )
    assert "platform.yaml: " in refused
    assert f"questions[platform-channels-needed].choices[sms].{message}" in refused


@pytest.mark.django_db
def test_command_reports_what_it_did(capsys):
    call_command("load_content")
    assert "0 created, 0 updated" in capsys.readouterr().out


@pytest.mark.django_db
def test_bands_for_every_dimension_and_a_recommendation_for_every_critical_question():
    from assessments.models import Dimension, ReadinessThreshold, Recommendation

    bands = {t.dimension: (t.conditions_min, t.ready_min) for t in ReadinessThreshold.objects.all()}
    assert set(bands) == set(Dimension.values)
    assert all(0 <= low <= high <= 100 for low, high in bands.values())
    critical = set(Question.objects.filter(critical=True).values_list("key", flat=True))
    advised = set(
        Recommendation.objects.exclude(question=None).values_list("question__key", flat=True)
    )
    assert critical <= advised
    assert set(Recommendation.objects.values_list("dimension", flat=True)) == set(Dimension.values)
    for lang in ("en", "es"):
        assert not Recommendation.objects.filter(**{f"title_{lang}": ""}).exists()
        assert not Recommendation.objects.filter(**{f"text_{lang}": ""}).exists()
    assert not Recommendation.objects.filter(guide=None).exists()


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda d: d["thresholds"].pop(), "one entry per dimension"),
        (lambda d: d["thresholds"][0].update(conditions=95), "conditions <= ready"),
        (lambda d: d["recommendations"][0].update(question="no-such-question"), "unknown question"),
        (
            lambda d: d["recommendations"][0]["text"].pop("es"),
            r"recommendations\.yaml: recommendations\[[a-z-]+\]\.text: missing es",
        ),
    ],
)
def test_a_broken_recommendations_file_is_refused(tmp_path, breakage, message):
    from assessments.answering.content import read_recommendations

    source = Path(__file__).resolve().parents[3] / "content" / "recommendations.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    breakage(data)
    (tmp_path / "recommendations.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=message):
        keys = {q["key"] for w in read_worksheets() for s in w["sections"] for q in s["questions"]}
        read_recommendations(tmp_path / "recommendations.yaml", keys)


def test_every_assessment_channel_has_one_chart_channel():
    from assessments.models import CHART_CHANNELS, Channel
    from platforms.models import Channel as ChartChannel

    assert set(CHART_CHANNELS) == set(Channel)
    assert Channel.TEXT.chart_channel == ChartChannel.SMS == "sms"
    assert {c.chart_channel for c in Channel} <= set(ChartChannel.values)
