"""Load the shipped worksheets (content/worksheets/*.yaml) idempotently by their stable keys.

A field is written only while it still holds what was last shipped, so a reload never undoes an
admin's edit unless `overwrite` is asked for. Any change creates a new content version.
"""
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Max

from platforms.translation_status import (changed_translations, mark_translations_current,
                                          record_translation_changes)

from .models import Channel, Choice, ContentVersion, Dimension, Question, QuestionKind, Section, Worksheet
from .content_schema import ContentError, validate_worksheet

WORKSHEET_DIR = Path(settings.BASE_DIR) / "content" / "worksheets"
LANGS = ("en", "es")


@dataclass
class LoadStats:
    created: int = 0
    updated: int = 0
    kept_edits: int = 0
    missing_guides: set = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _plain(value):
    """A JSON-safe form of a field value, for the record of what was shipped."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _same(a, b) -> bool:
    return _plain(a) == _plain(b)


def _sync(model, lookup: dict, values: dict, *, overwrite: bool, stats: LoadStats):
    """Create or update one row; returns (row, "created" | "updated" | None)."""
    row = model.objects.filter(**lookup).first()
    shipped = {name: _plain(value) for name, value in values.items()}
    if row is None:
        row = model(**lookup, **values, shipped=shipped)
        row.save()
        mark_translations_current(row)  # shipped content starts with both languages current
        stats.created += 1
        return row, "created"
    changed = []
    for name, new in values.items():
        current = getattr(row, name)
        if _same(current, new):
            continue
        if overwrite or _same(current, row.shipped.get(name)):
            setattr(row, name, new)
            changed.append(name)
        else:
            stats.kept_edits += 1
    if changed or row.shipped != shipped:
        row.shipped = shipped
        row.save()
        record_translation_changes(row, changed_translations(model, changed))
        stats.updated += bool(changed)
    return row, "updated" if changed else None


def _translated(prefix: str, text: dict | None) -> dict:
    text = text or {}
    return {f"{prefix}_{lang}": (text.get(lang) or "").strip() for lang in LANGS}


def _question_values(data: dict, order: int, guides: dict, stats: LoadStats) -> dict:
    channels = data.get("channels") or Channel.values
    guide_slug = data.get("guide")
    if guide_slug and guide_slug not in guides:
        stats.missing_guides.add(guide_slug)
    return {
        "order": order, "kind": data["kind"], "critical": bool(data.get("critical")),
        **_translated("text", data["text"]), **_translated("help", data.get("help")),
        **_translated("unit", data.get("unit")),
        **{f"applies_{c}": c in channels for c in Channel.values},
        "guide_id": guides.get(guide_slug), "criteria": list(data.get("criteria") or []),
        "min_value": None if data.get("min") is None else Decimal(str(data["min"])),
        "max_value": None if data.get("max") is None else Decimal(str(data["max"])),
    }


def _choice_values(data: dict, order: int) -> dict:
    weights = data.get("weights") or {}
    return {
        "order": order, **_translated("label", data["label"]), "blocks": bool(data.get("blocks")),
        "needs": dict(data.get("needs") or {}),
        **{f"weight_{d}": int(weights.get(d, 0)) for d in Dimension.values},
    }


def _load_worksheet(data: dict, *, overwrite: bool, stats: LoadStats, guides: dict) -> None:
    worksheet, _ = _sync(Worksheet, {"key": data["key"]}, {
        "order": data.get("order", 0), "per_vendor": bool(data.get("per_vendor")),
        **_translated("title", data["title"]), **_translated("intro", data.get("intro")),
    }, overwrite=overwrite, stats=stats)
    for s_order, s_data in enumerate(data["sections"], start=1):
        section, _ = _sync(Section, {"worksheet": worksheet, "key": s_data["key"]}, {
            "order": s_order, **_translated("title", s_data["title"]),
            **_translated("intro", s_data.get("intro")),
        }, overwrite=overwrite, stats=stats)
        for q_order, q_data in enumerate(s_data["questions"], start=1):
            _load_question(section, q_order, q_data, overwrite=overwrite, stats=stats, guides=guides)


def _load_question(section, order, data, *, overwrite, stats, guides) -> None:
    question, status = _sync(Question, {"key": data["key"]},
                             {"section_id": section.pk, **_question_values(data, order, guides, stats)},
                             overwrite=overwrite, stats=stats)
    choice_changes = [
        _sync(Choice, {"question": question, "key": str(c_data["key"])}, _choice_values(c_data, c_order),
              overwrite=overwrite, stats=stats)[1]
        for c_order, c_data in enumerate(data.get("choices") or [], start=1)
    ]
    if status != "created" and (status or any(choice_changes)):
        # Answers given before this change are flagged for review, never silently reinterpreted.
        Question.objects.filter(pk=question.pk).update(revision=question.revision + 1)


def read_worksheets(directory: Path = WORKSHEET_DIR) -> list[dict]:
    """Parse and validate every worksheet file; raises ContentError naming the file and key."""
    worksheets = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ContentError(f"{path.name}: not valid YAML ({error})") from error
        validate_worksheet(data, source=path.name)
        worksheets.append(data)
    validate_unique_question_keys(worksheets)
    return worksheets


def validate_unique_question_keys(worksheets: list[dict]) -> None:
    seen = set()
    for data in worksheets:
        for section in data["sections"]:
            for question in section["questions"]:
                if question["key"] in seen:
                    raise ContentError(f"{data['key']}: question key {question['key']!r} is used twice")
                seen.add(question["key"])


def current_content_version() -> ContentVersion:
    """The newest content version (created on first use)."""
    version = ContentVersion.objects.order_by("-number").first()
    return version or ContentVersion.objects.create(number=1, note="initial")


def bump_content_version(note: str) -> ContentVersion:
    """Record that the content changed; assessments keep the version they were answered against."""
    highest = ContentVersion.objects.aggregate(n=Max("number"))["n"] or 0
    return ContentVersion.objects.create(number=highest + 1, note=note[:300])


def load_content(*, overwrite: bool = False, directory: Path = WORKSHEET_DIR) -> str:
    """Load every worksheet file; returns a one-line summary."""
    from platforms.models import Guide

    worksheets = read_worksheets(directory)
    guides = dict(Guide.objects.values_list("slug", "pk"))
    stats = LoadStats()
    for data in worksheets:
        _load_worksheet(data, overwrite=overwrite, stats=stats, guides=guides)
    if stats.changed or not ContentVersion.objects.exists():
        version = bump_content_version("shipped content loaded")
    else:
        version = current_content_version()
    summary = (f"{len(worksheets)} worksheets; {stats.created} created, {stats.updated} updated, "
               f"{stats.kept_edits} admin edits kept; content version {version.number}")
    if stats.missing_guides:
        summary += f"; guides not loaded yet: {', '.join(sorted(stats.missing_guides))}"
    return summary
