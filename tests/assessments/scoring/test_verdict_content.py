"""The verdict over the whole shipped content, through the same path as the results page.

Cases are generated from content/worksheets/*.yaml, so an edit that breaks a promise fails here:
- a wholly sound program (the best answer everywhere, one sound vendor) is ready on every
  channel, and no best answer raises a finding above "follow-up";
- every blocking answer of every critical question, with every other answer the best one, makes
  each channel the question applies to "not yet ready" (for the vendor worksheet: the vendor,
  and through it the channel);
- the risks the guidance warns about most block, whatever the content says is critical.
"""

from pathlib import Path

import pytest
import yaml

from assessments.answering.lifecycle import vendor_add
from assessments.models import Answer, Question
from assessments.scoring.engine import CHANNELS, DIMENSIONS, NOT_APPLICABLE, UNSURE, Band, Severity
from assessments.scoring.results import assessment_results
from tests.factories import make_assessment

CONTENT = Path(__file__).resolve().parents[3] / "content" / "worksheets"
WORKSHEETS = {path.stem: yaml.safe_load(path.read_text()) for path in CONTENT.glob("*.yaml")}

# The guidance's gravest warnings: each of these answers must stop the channels it concerns.
MUST_BLOCK = {
    ("platform-survivor-account", "yes"): "survivors must create an account",
    ("platform-survivor-download", "yes"): "survivors must install an app",
    ("platform-social-media", "yes"): "support groups on social media",
    ("vendor-survivor-account", "yes"): "the vendor's tool needs a survivor account",
    ("vendor-survivor-download", "yes"): "the vendor's tool needs an app",
    ("vendor-device-traces", "unavoidable"): "traces on the survivor's device",
    ("vendor-recording", "always-on"): "recording that cannot be turned off",
    ("data-transcripts-kept", "no-end-date"): "transcripts kept with no end date",
    ("devices-personal-use", "yes"): "advocates' personal phones",
    ("policy-emergencies", "no"): "no plan for a survivor in danger during a conversation",
    ("vendor-content-retention", "long-or-unstated"): "the vendor keeps records long or unsaid",
    ("vendor-purge-controls", "cannot-delete"): "records that cannot be deleted",
    ("vendor-encryption", "not-encrypted"): "conversations not encrypted",
    ("vendor-can-read-content", "yes"): "the vendor can read conversations",
    ("vendor-shares-data", "yes"): "the vendor shares data with others",
    ("vendor-release-required", "yes"): "a release of information as a condition of service",
    ("vendor-tracking-tools", "yes"): "third-party tracking on the survivor's page",
}


def blocking_cases():
    for worksheet, content in sorted(WORKSHEETS.items()):
        for section in content["sections"]:
            for question in section["questions"]:
                for choice in question.get("choices", []):
                    if question.get("critical") and choice.get("blocks"):
                        yield pytest.param(
                            worksheet,
                            question["key"],
                            choice["key"],
                            id=f"{question['key']}={choice['key']}",
                        )


def best_keys(question: Question) -> list[str]:
    """The best answer: every usable choice of a multiple-choice question, else the choice
    with the most weight (a blocking choice is never the best)."""
    usable = [
        choice
        for choice in question.choices.all()
        if choice.key not in (UNSURE, NOT_APPLICABLE) and not choice.blocks
    ]
    if question.kind == "multiple":
        return [choice.key for choice in usable]
    if not usable:
        return []
    return [max(usable, key=lambda choice: (weight_total(choice), -choice.order)).key]


def weight_total(choice) -> int:
    return sum(getattr(choice, f"weight_{dimension}") for dimension in DIMENSIONS)


def answer_everything(assessment, vendor, override: tuple[str, str] | None = None) -> None:
    """The best answer to every question (the vendor's for the vendor worksheet), but
    `override` (question key, choice key)."""
    version = assessment.content_version
    rows = []
    for question in Question.objects.select_related("section__worksheet").prefetch_related(
        "choices"
    ):
        keys = best_keys(question)
        if override and question.key == override[0]:
            keys = [override[1]]
        if keys:
            per_vendor = question.section.worksheet.per_vendor
            rows.append(
                Answer(
                    assessment=assessment,
                    vendor=vendor if per_vendor else None,
                    question=question,
                    selected=keys,
                    content_version=version,
                )
            )
    Answer.objects.bulk_create(rows)


BLOCKING_CASES = list(blocking_cases())


@pytest.fixture
def sound(director):
    assessment = make_assessment(organisation=director.organisation, channels=list(CHANNELS))
    return assessment, vendor_add(assessment=assessment, name="Sound vendor")


def test_the_shipped_content_has_a_blocking_case_for_every_grave_warning():
    cases = {(param.values[1], param.values[2]) for param in BLOCKING_CASES}
    assert set(MUST_BLOCK) <= cases, sorted(set(MUST_BLOCK) - cases)


@pytest.mark.django_db
def test_a_wholly_sound_program_is_ready_and_its_best_answers_raise_no_finding(sound):
    assessment, vendor = sound
    answer_everything(assessment, vendor)
    results = assessment_results(assessment=assessment)
    assert {c.channel: c.band for c in results.program.channels} == dict.fromkeys(
        CHANNELS, Band.READY
    )
    [(_vendor, vendor_result)] = results.vendors
    assert vendor_result.band is Band.READY
    raised = [
        (finding.question_key, finding.severity)
        for finding in (*results.program.findings, *vendor_result.findings)
        if finding.severity is not Severity.FOLLOW_UP
    ]
    assert raised == []


@pytest.mark.django_db
@pytest.mark.parametrize(("worksheet", "question_key", "choice_key"), BLOCKING_CASES)
def test_one_blocking_answer_among_sound_ones_stops_its_channels(
    sound, worksheet, question_key, choice_key
):
    assessment, vendor = sound
    answer_everything(assessment, vendor, override=(question_key, choice_key))
    results = assessment_results(assessment=assessment)
    question = Question.objects.get(key=question_key)
    concerned = [channel for channel in CHANNELS if channel in question.channels]
    assert concerned
    channels = {c.channel: c.band for c in results.program.channels}
    for channel in CHANNELS:
        expected = Band.NOT_READY if channel in concerned else Band.READY
        assert channels[channel] is expected, (channel, MUST_BLOCK.get((question_key, choice_key)))
    [(_vendor, vendor_result)] = results.vendors
    if worksheet == "vendor":
        assert vendor_result.band is Band.NOT_READY
        assert results.program.channel(concerned[0]).tool_limit.vendors == (str(vendor.pk),)
    else:
        assert vendor_result.band is Band.READY
        blocking = [f for f in results.program.findings if f.severity is Severity.BLOCKING]
        assert [f.question_key for f in blocking] == [question_key]
