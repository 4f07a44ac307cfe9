"""Strict checks of the worksheet and recommendation files before anything is written.

The rules are those of content/SCHEMA.md. Every check goes through toolkit's Reader, the one the
guides and platforms use, so a refusal names the file and the key the same way everywhere:
"readiness.yaml: sections[purpose].questions[purpose-extends].text: missing es".
"""

from pathlib import Path

from assessments.models import UNSURE, WEIGHT_MAX, Channel, Dimension, QuestionKind
from platforms.models import Channel as ChartChannel
from platforms.models import Criterion, FactValue
from toolkit.content_sync import Reader

WORKSHEET_KEYS = {
    "required": ["key", "title", "sections"],
    "optional": ["order", "per_vendor", "intro"],
}
SECTION_KEYS = {"required": ["key", "title", "questions"], "optional": ["intro"]}
QUESTION_KEYS = {
    "required": ["key", "kind", "text"],
    "optional": [
        "help",
        "unit",
        "channels",
        "critical",
        "ask_vendor",
        "quick",
        "guide",
        "criteria",
        "min",
        "max",
        "choices",
    ],
}
CHOICE_KEYS = {"required": ["key", "label"], "optional": ["weights", "blocks", "needs"]}
ADVICE_KEYS = {"required": ["thresholds", "recommendations"]}
BAND_KEYS = {"required": ["dimension", "ready", "conditions"]}
RECOMMENDATION_KEYS = {
    "required": ["key", "dimension", "title", "text"],
    "optional": ["question", "guide"],
}
YES_NO_UNSURE_KEYS = {"yes", "no", UNSURE}
RANGED_KINDS = {QuestionKind.NUMBER, QuestionKind.SCALE}
# A need is something a platform must be; "unknown" describes a platform, it is never required.
NEED_VALUES = [FactValue.YES.value, FactValue.NO.value, FactValue.PARTLY.value]
NEED_KEYS = ["channel", *Criterion.values]
PERCENT = 100


def validate_worksheet(reader: Reader, data, *, question_files: dict[str, Path]) -> dict:
    """Check one worksheet file; `question_files` maps each question key seen so far to its file."""
    data = reader.mapping(data, "worksheet", **WORKSHEET_KEYS)
    reader.slug(data["key"], "key")
    reader.optional(data, "order", "order", reader.integer)
    reader.optional(data, "per_vendor", "per_vendor", reader.flag)
    reader.translated(data["title"], "title")
    reader.optional(data, "intro", "intro", reader.translated)
    sections = reader.items(data["sections"], "sections")
    reader.unique(
        [
            _section(reader, section, index, question_files)
            for index, section in enumerate(sections)
        ],
        "sections",
    )
    return data


def _keyed(reader: Reader, data, items: str, index: int, keys: dict) -> tuple[dict, str, str]:
    """An entry of a list that has a `key`: once the key is known, messages name it, not the
    entry's position. Returns (entry, key, where)."""
    data = reader.mapping(data, f"{items}[{index}]", **keys)
    key = reader.slug(data["key"], f"{items}[{index}].key")
    return data, key, f"{items}[{key}]"


def _section(reader: Reader, data, index: int, question_files: dict[str, Path]) -> str:
    data, key, where = _keyed(reader, data, "sections", index, SECTION_KEYS)
    reader.translated(data["title"], f"{where}.title")
    reader.optional(data, "intro", f"{where}.intro", reader.translated)
    questions = reader.items(data["questions"], f"{where}.questions")
    for position, question in enumerate(questions):
        _question(reader, question, f"{where}.questions", position, question_files)
    return key


def _question(
    reader: Reader, data, items: str, index: int, question_files: dict[str, Path]
) -> None:
    data, key, where = _keyed(reader, data, items, index, QUESTION_KEYS)
    if key in question_files:  # answers refer to questions by key alone, across worksheets
        reader.fail(f"{where}.key", f"{key!r} is already used in {question_files[key].name}")
    question_files[key] = reader.path
    kind = reader.choice(data["kind"], f"{where}.kind", QuestionKind.values)
    reader.translated(data["text"], f"{where}.text")
    for name in ("help", "unit"):
        reader.optional(data, name, f"{where}.{name}", reader.translated)
    reader.optional(data, "critical", f"{where}.critical", reader.flag)
    reader.optional(data, "ask_vendor", f"{where}.ask_vendor", reader.flag)
    reader.optional(data, "quick", f"{where}.quick", reader.flag)
    reader.optional(data, "guide", f"{where}.guide", reader.slug)
    _each(reader, data, "channels", where, reader.choice, Channel.values)
    _each(reader, data, "criteria", where, reader.slug)
    _range(reader, data, where, kind)
    if kind in QuestionKind.with_choices():
        _choices(reader, data, where)
    elif data.get("choices"):
        reader.fail(f"{where}.choices", f"a {kind} question takes no choices")


def _each(reader: Reader, data: dict, name: str, where: str, check, *args) -> None:
    """Check every entry of the optional list `name` (empty means "none given", as omitted)."""
    values = data.get(name)
    if values is None:
        return
    if not isinstance(values, list):
        reader.fail(f"{where}.{name}", "expected a list")
    for position, value in enumerate(values):
        check(value, f"{where}.{name}[{position}]", *args)


def _range(reader: Reader, data: dict, where: str, kind: str) -> None:
    """Number and scale questions take whole-number bounds; a number question needs both."""
    low, high = (
        reader.optional(data, name, f"{where}.{name}", reader.integer) for name in ("min", "max")
    )
    if (low is not None or high is not None) and kind not in RANGED_KINDS:
        reader.fail(where, f"a {kind} question takes no min or max")
    if data.get("unit") is not None and kind != QuestionKind.NUMBER:
        reader.fail(f"{where}.unit", f"a {kind} question takes no unit")
    if kind == QuestionKind.NUMBER and (low is None or high is None):
        reader.fail(where, "a number question needs min and max")
    if low is not None and high is not None and low > high:
        reader.fail(f"{where}.max", f"{high} is below min {low}")


def _choices(reader: Reader, question: dict, where: str) -> None:
    entries = reader.items(question.get("choices"), f"{where}.choices")
    if len(entries) < 2:
        reader.fail(f"{where}.choices", "needs at least two choices")
    keys = reader.unique(
        [
            _choice(reader, question, choice, f"{where}.choices", index)
            for index, choice in enumerate(entries)
        ],
        f"{where}.choices",
    )
    if question["kind"] == QuestionKind.YES_NO_UNSURE and set(keys) != YES_NO_UNSURE_KEYS:
        reader.fail(f"{where}.choices", "yes_no_unsure takes exactly the keys yes, no, unsure")
    if question.get("critical") and not any(choice.get("blocks") for choice in entries):
        reader.fail(where, "a critical question needs a choice that blocks")


def _choice(reader: Reader, question: dict, data, items: str, index: int) -> str:
    data, key, where = _keyed(reader, data, items, index, CHOICE_KEYS)
    reader.translated(data["label"], f"{where}.label")
    weights = {} if data.get("weights") is None else data["weights"]
    reader.mapping(weights, f"{where}.weights", required=(), optional=Dimension.values)
    for dimension, weight in weights.items():
        reader.integer(weight, f"{where}.weights.{dimension}", maximum=WEIGHT_MAX)
    blocks = reader.optional(data, "blocks", f"{where}.blocks", reader.flag)
    if key == UNSURE and (weights or blocks):  # unsure counts as unmitigated, like no answer
        reader.fail(where, "'Not sure' carries no weight and never blocks")
    if blocks and not question.get("critical"):
        reader.fail(f"{where}.blocks", "only critical questions block")
    reader.optional(data, "needs", f"{where}.needs", _needs, reader)
    return key


def _needs(needs, where: str, reader: Reader) -> None:
    """What an answer requires of a platform, in the chart's keys: {channel: video} or
    {<criterion>: yes|no|partly}, so the platform worksheet can be matched against the chart."""
    reader.mapping(needs, where, required=(), optional=NEED_KEYS)
    for key, value in needs.items():
        allowed = ChartChannel.values if key == "channel" else NEED_VALUES
        reader.choice(value, f"{where}.{key}", allowed)


def validate_recommendations(reader: Reader, data, *, question_keys: set) -> dict:
    """Check the readiness bands per dimension and the recommendations file."""
    data = reader.mapping(data, "file", **ADVICE_KEYS)
    bands = [
        _band(reader, band, f"thresholds[{index}]")
        for index, band in enumerate(reader.items(data["thresholds"], "thresholds"))
    ]
    if sorted(bands) != sorted(Dimension.values):
        reader.fail(
            "thresholds", f"need exactly one entry per dimension ({', '.join(Dimension.values)})"
        )
    items = reader.items(data["recommendations"], "recommendations")
    reader.unique(
        [_recommendation(reader, item, index, question_keys) for index, item in enumerate(items)],
        "recommendations",
    )
    return data


def _band(reader: Reader, data, where: str) -> str:
    data = reader.mapping(data, where, **BAND_KEYS)
    dimension = reader.choice(data["dimension"], f"{where}.dimension", Dimension.values)
    ready = reader.integer(data["ready"], f"{where}.ready", maximum=PERCENT)
    conditions = reader.integer(data["conditions"], f"{where}.conditions", maximum=PERCENT)
    if conditions > ready:
        reader.fail(f"thresholds[{dimension}]", "need 0 <= conditions <= ready <= 100")
    return dimension


def _recommendation(reader: Reader, data, index: int, question_keys: set) -> str:
    data, key, where = _keyed(reader, data, "recommendations", index, RECOMMENDATION_KEYS)
    reader.choice(data["dimension"], f"{where}.dimension", Dimension.values)
    question = data.get("question")
    if question is not None and question not in question_keys:
        reader.fail(f"{where}.question", f"unknown question {question!r}")
    reader.optional(data, "guide", f"{where}.guide", reader.slug)
    reader.translated(data["title"], f"{where}.title")
    reader.translated(data["text"], f"{where}.text")
    return key
