"""Load the shipped worksheets (content/worksheets/*.yaml) idempotently by their stable keys.

Reading and writing go through the loader the guides and platforms use (toolkit.content_sync): a
field is written only while it still holds what was last shipped, so a reload never undoes an
admin's edit unless `overwrite` is asked for. Any change creates a new content version.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Max

from assessments.answering.content_schema import validate_recommendations, validate_worksheet
from assessments.models import (
    Channel,
    Choice,
    ContentVersion,
    Dimension,
    Question,
    ReadinessThreshold,
    Recommendation,
    Section,
    Worksheet,
)
from toolkit.content_sync import Reader, Sync

WORKSHEET_DIR = Path(settings.BASE_DIR) / "content" / "worksheets"
RECOMMENDATIONS_FILE = Path(settings.BASE_DIR) / "content" / "recommendations.yaml"
LANGS = ("en", "es")


def _sync(sync: Sync, model, lookup: dict, values: dict):
    """Create or update one row through the shared loader; returns (row, "created" | "updated" | None)."""
    name = model._meta.model_name
    before = (sync.counts[f"{name} created"], sync.counts[f"{name} updated"])
    row = sync.save(
        model=model, existing=model.objects.filter(**lookup).first(), lookup=lookup, values=values
    )
    if sync.counts[f"{name} created"] > before[0]:
        return row, "created"
    return row, "updated" if sync.counts[f"{name} updated"] > before[1] else None


def _decimal(value) -> Decimal | None:
    # Two places, as the database stores them, so the record of what was shipped matches.
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _translated(prefix: str, text: dict | None) -> dict:
    text = text or {}
    return {f"{prefix}_{lang}": (text.get(lang) or "").strip() for lang in LANGS}


def _question_values(data: dict, order: int, guides: dict, missing_guides: set) -> dict:
    channels = data.get("channels") or Channel.values
    guide_slug = data.get("guide")
    if guide_slug and guide_slug not in guides:
        missing_guides.add(guide_slug)
    return {
        "order": order,
        "kind": data["kind"],
        "critical": bool(data.get("critical")),
        "ask_vendor": data.get("ask_vendor", True) is not False,
        "quick": data.get("quick") is True,
        **_translated("text", data["text"]),
        **_translated("help", data.get("help")),
        **_translated("unit", data.get("unit")),
        **{f"applies_{c}": c in channels for c in Channel.values},
        "guide_id": guides.get(guide_slug),
        "criteria": list(data.get("criteria") or []),
        "min_value": _decimal(data.get("min")),
        "max_value": _decimal(data.get("max")),
    }


def _choice_values(data: dict, order: int) -> dict:
    weights = data.get("weights") or {}
    return {
        "order": order,
        **_translated("label", data["label"]),
        "blocks": bool(data.get("blocks")),
        "needs": dict(data.get("needs") or {}),
        **{f"weight_{d}": int(weights.get(d, 0)) for d in Dimension.values},
    }


def _load_worksheet(data: dict, *, sync: Sync, guides: dict, missing_guides: set) -> None:
    worksheet, _ = _sync(
        sync,
        Worksheet,
        {"key": data["key"]},
        {
            "order": data.get("order", 0),
            "per_vendor": bool(data.get("per_vendor")),
            **_translated("title", data["title"]),
            **_translated("intro", data.get("intro")),
        },
    )
    for s_order, s_data in enumerate(data["sections"], start=1):
        section, _ = _sync(
            sync,
            Section,
            {"worksheet": worksheet, "key": s_data["key"]},
            {
                "order": s_order,
                **_translated("title", s_data["title"]),
                **_translated("intro", s_data.get("intro")),
            },
        )
        for q_order, q_data in enumerate(s_data["questions"], start=1):
            _load_question(
                section, q_order, q_data, sync=sync, guides=guides, missing_guides=missing_guides
            )


def _load_question(section, order, data, *, sync, guides, missing_guides) -> None:
    values = {"section_id": section.pk, **_question_values(data, order, guides, missing_guides)}
    question, status = _sync(sync, Question, {"key": data["key"]}, values)
    choice_changes = [
        _sync(
            sync,
            Choice,
            {"question": question, "key": str(c_data["key"])},
            _choice_values(c_data, c_order),
        )[1]
        for c_order, c_data in enumerate(data.get("choices") or [], start=1)
    ]
    if status != "created" and (status or any(choice_changes)):
        # Answers given before this change are flagged for review, never silently reinterpreted.
        Question.objects.filter(pk=question.pk).update(revision=question.revision + 1)


def read_worksheets(directory: Path = WORKSHEET_DIR) -> list[dict]:
    """Parse and validate every worksheet file; raises ContentError naming the file and key."""
    question_files: dict[str, Path] = {}
    worksheets = []
    for path in sorted(directory.glob("*.yaml")):
        reader = Reader(path)
        worksheets.append(validate_worksheet(reader, reader.load(), question_files=question_files))
    return worksheets


def current_content_version() -> ContentVersion:
    """The newest content version (created on first use)."""
    version = ContentVersion.objects.order_by("-number").first()
    return version or ContentVersion.objects.create(number=1, note="initial")


def bump_content_version(note: str) -> ContentVersion:
    """Record that the content changed; assessments keep the version they were answered against."""
    highest = ContentVersion.objects.aggregate(n=Max("number"))["n"] or 0
    return ContentVersion.objects.create(number=highest + 1, note=note[:300])


def read_recommendations(path: Path, question_keys: set) -> dict:
    """Parse and validate the bands and recommendations file; raises ContentError like above."""
    reader = Reader(path)
    return validate_recommendations(reader, reader.load(), question_keys=question_keys)


def _load_recommendations(data: dict, *, sync: Sync, guides: dict, missing_guides: set) -> None:
    for band in data["thresholds"]:
        _sync(
            sync,
            ReadinessThreshold,
            {"dimension": band["dimension"]},
            {"ready_min": band["ready"], "conditions_min": band["conditions"]},
        )
    questions = dict(Question.objects.values_list("key", "pk"))
    for order, item in enumerate(data["recommendations"], start=1):
        if item.get("guide") and item["guide"] not in guides:
            missing_guides.add(item["guide"])
        _sync(
            sync,
            Recommendation,
            {"key": item["key"]},
            {
                "order": order,
                "dimension": item["dimension"],
                "question_id": questions.get(item.get("question")),
                "guide_id": guides.get(item.get("guide")),
                **_translated("title", item["title"]),
                **_translated("text", item["text"]),
            },
        )


def load_content(
    *,
    overwrite: bool = False,
    directory: Path = WORKSHEET_DIR,
    recommendations: Path = RECOMMENDATIONS_FILE,
) -> str:
    """Load every worksheet file, then the readiness bands and recommendations; a one-line summary."""
    from platforms.models import Guide

    worksheets = read_worksheets(directory)
    question_keys = {q["key"] for w in worksheets for s in w["sections"] for q in s["questions"]}
    advice = read_recommendations(recommendations, question_keys)
    guides = dict(Guide.objects.values_list("slug", "pk"))
    sync, missing_guides = Sync(overwrite=overwrite), set()
    for data in worksheets:
        _load_worksheet(data, sync=sync, guides=guides, missing_guides=missing_guides)
    _load_recommendations(advice, sync=sync, guides=guides, missing_guides=missing_guides)
    created, updated = (
        sum(n for key, n in sync.counts.items() if key.endswith(what))
        for what in (" created", " updated")
    )
    if created or updated or not ContentVersion.objects.exists():
        version = bump_content_version("shipped content loaded")
    else:
        version = current_content_version()
    summary = (
        f"{len(worksheets)} worksheets, {len(advice['recommendations'])} recommendations; {created} created, {updated} updated, "
        f"{sync.counts['admin edits kept']} admin edits kept; content version {version.number}"
    )
    if missing_guides:
        summary += f"; guides not loaded yet: {', '.join(sorted(missing_guides))}"
    return summary
