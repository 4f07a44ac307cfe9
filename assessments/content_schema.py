"""Strict checks of a worksheet file before anything is written (see content/SCHEMA.md)."""
from .models import UNSURE, WEIGHT_MAX, Channel, Dimension, QuestionKind


class ContentError(ValueError):
    """A content file breaks a rule; the message names the file and the key."""


def _text(value, where: str, *, required: bool = True) -> None:
    if value is None and not required:
        return
    if not isinstance(value, dict) or any(not str(value.get(lang) or "").strip() for lang in ("en", "es")):
        raise ContentError(f"{where}: needs non-empty English and Spanish text ({{en: ..., es: ...}})")


def validate_worksheet(data, *, source: str) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        raise ContentError(f"{source}: a worksheet needs a string `key`")
    where = f"{source} ({data['key']})"
    _text(data.get("title"), f"{where} title")
    _text(data.get("intro"), f"{where} intro", required=False)
    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        raise ContentError(f"{where}: needs a list of sections")
    keys = set()
    for section in sections:
        key = section.get("key")
        if not isinstance(key, str) or key in keys:
            raise ContentError(f"{where}: section key {key!r} is missing or repeated")
        keys.add(key)
        _text(section.get("title"), f"{where} section {key} title")
        _text(section.get("intro"), f"{where} section {key} intro", required=False)
        if not isinstance(section.get("questions"), list) or not section["questions"]:
            raise ContentError(f"{where} section {key}: needs questions")
        for question in section["questions"]:
            validate_question(question, where=f"{where} section {key}")


def validate_question(question: dict, *, where: str) -> None:
    key = question.get("key")
    if not isinstance(key, str):
        raise ContentError(f"{where}: a question has no string key")
    where = f"{where} question {key}"
    kind = question.get("kind")
    if kind not in QuestionKind.values:
        raise ContentError(f"{where}: unknown kind {kind!r}")
    _text(question.get("text"), f"{where} text")
    _text(question.get("help"), f"{where} help", required=False)
    _text(question.get("unit"), f"{where} unit", required=False)
    unknown_channels = set(question.get("channels") or []) - set(Channel.values)
    if unknown_channels:
        raise ContentError(f"{where}: unknown channels {sorted(unknown_channels)}")
    choices = question.get("choices") or []
    if kind in QuestionKind.with_choices():
        validate_choices(question, choices, where=where)
    elif choices:
        raise ContentError(f"{where}: a {kind} question takes no choices")
    if kind == QuestionKind.NUMBER and (question.get("min") is None or question.get("max") is None):
        raise ContentError(f"{where}: a number question needs min and max")


def validate_choices(question: dict, choices: list, *, where: str) -> None:
    keys = [str(choice.get("key")) for choice in choices]
    if len(keys) < 2 or len(set(keys)) != len(keys):
        raise ContentError(f"{where}: needs at least two choices with distinct keys (quote yes/no)")
    if question["kind"] == QuestionKind.YES_NO_UNSURE and set(keys) != {"yes", "no", UNSURE}:
        raise ContentError(f"{where}: yes_no_unsure takes exactly the keys yes, no, unsure")
    for choice in choices:
        _text(choice.get("label"), f"{where} choice {choice.get('key')} label")
        weights = choice.get("weights") or {}
        if set(weights) - set(Dimension.values) or any(
                not isinstance(v, int) or not 0 <= v <= WEIGHT_MAX for v in weights.values()):
            raise ContentError(f"{where} choice {choice['key']}: weights are dimension: 0..3")
        if str(choice["key"]) == UNSURE and (weights or choice.get("blocks")):
            raise ContentError(f"{where}: 'Not sure' carries no weight and never blocks")
        if choice.get("blocks") and not question.get("critical"):
            raise ContentError(f"{where} choice {choice['key']}: only critical questions block")
    if question.get("critical") and not any(choice.get("blocks") for choice in choices):
        raise ContentError(f"{where}: a critical question needs a choice that blocks")


def validate_recommendations(data, *, source: str, question_keys: set) -> None:
    """The bands per dimension and the recommendations file (content/recommendations.yaml)."""
    if not isinstance(data, dict):
        raise ContentError(f"{source}: expected thresholds and recommendations")
    thresholds = data.get("thresholds") or []
    if sorted(t.get("dimension") for t in thresholds) != sorted(Dimension.values):
        raise ContentError(f"{source}: thresholds need exactly one entry per dimension")
    for band in thresholds:
        ready, conditions = band.get("ready"), band.get("conditions")
        if not all(isinstance(v, int) and 0 <= v <= 100 for v in (ready, conditions)) or conditions > ready:
            raise ContentError(f"{source} threshold {band['dimension']}: need 0 <= conditions <= ready <= 100")
    keys = set()
    for item in data.get("recommendations") or []:
        key = item.get("key")
        where = f"{source} recommendation {key}"
        if not isinstance(key, str) or key in keys:
            raise ContentError(f"{where}: key missing or repeated")
        keys.add(key)
        if item.get("dimension") not in Dimension.values:
            raise ContentError(f"{where}: unknown dimension {item.get('dimension')!r}")
        if item.get("question") is not None and item["question"] not in question_keys:
            raise ContentError(f"{where}: unknown question {item['question']!r}")
        _text(item.get("title"), f"{where} title")
        _text(item.get("text"), f"{where} text")
