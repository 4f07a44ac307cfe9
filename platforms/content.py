"""Load the shipped guides (content/guides/*.yaml) and platforms (content/platforms.yaml).

Called by `manage.py load_content`. Idempotent by slug (and by platform, criterion and channel
for facts); admin edits survive a reload unless `overwrite` is asked for. Facts or platforms
added in the admin are never deleted.
"""

from pathlib import Path

from django.conf import settings

from toolkit.content_sync import Reader, Sync, localized

from .models import (
    Channel,
    Criterion,
    FactValue,
    Guide,
    GuideTopic,
    Platform,
    PlatformFact,
    PlatformStatus,
    set_platform_channels,
)

GUIDE_KEYS = ["slug", "topic", "order", "reviewed", "title", "summary", "body"]
PLATFORM_KEYS = ["slug", "name", "website", "status", "channels", "description", "facts"]
FACT_KEYS = ["criterion", "value", "note", "source", "reviewed"]
FACT_OPTIONAL = ["channel"]


def load_content(*, overwrite: bool = False, root: Path | None = None) -> str:
    """Load guides and platforms from `root` (default: the project's content/); one-line summary."""
    root = root or Path(settings.BASE_DIR) / "content"
    guides = [read_guide(Reader(path)) for path in sorted((root / "guides").glob("*.yaml"))]
    platforms = read_platforms(Reader(root / "platforms.yaml"))
    sync = Sync(overwrite=overwrite)
    save_guides(sync, guides)
    save_platforms(sync, platforms)
    created, updated = (
        sum(count for key, count in sync.counts.items() if key.endswith(what))
        for what in (" created", " updated")
    )
    return (
        f"{len(guides)} guides, {len(platforms)} platforms, "
        f"{sum(len(p['facts']) for p in platforms)} facts; created {created}, "
        f"updated {updated}, admin edits kept {sync.counts['admin edits kept']}"
    )


def read_guide(reader: Reader) -> dict:
    data = reader.mapping(reader.load(), "guide", required=GUIDE_KEYS)
    slug = reader.slug(data["slug"], "slug")
    if slug != reader.path.stem:
        reader.fail("slug", f"{slug!r} must match the file name {reader.path.stem!r}")
    return {
        "slug": slug,
        "values": {
            "topic": reader.choice(data["topic"], "topic", GuideTopic.values),
            "order": reader.integer(data["order"], "order"),
            "reviewed_on": reader.day(data["reviewed"], "reviewed"),
            **localized("title", reader.translated(data["title"], "title")),
            **localized("summary", reader.translated(data["summary"], "summary")),
            **localized("body", reader.translated(data["body"], "body")),
        },
    }


def read_platforms(reader: Reader) -> list[dict]:
    data = reader.mapping(reader.load(), "file", required=["platforms"])
    platforms, slugs = [], set()
    for index, item in enumerate(reader.items(data["platforms"], "platforms")):
        platform = read_platform(reader, item, f"platforms[{index}]")
        if platform["slug"] in slugs:
            reader.fail(f"platforms[{index}].slug", f"{platform['slug']!r} appears twice")
        slugs.add(platform["slug"])
        platforms.append(platform)
    return platforms


def read_platform(reader: Reader, item, where: str) -> dict:
    item = reader.mapping(item, where, required=PLATFORM_KEYS)
    channels = reader.items(item["channels"], f"{where}.channels")
    for position, channel in enumerate(channels):
        reader.choice(channel, f"{where}.channels[{position}]", Channel.values)
    facts = [
        read_fact(reader, fact, f"{where}.facts[{position}]")
        for position, fact in enumerate(reader.items(item["facts"], f"{where}.facts"))
    ]
    check_facts(reader, facts, channels, where)
    return {
        "slug": reader.slug(item["slug"], f"{where}.slug"),
        "channels": sorted(set(channels), key=Channel.values.index),
        "facts": facts,
        "values": {
            "name": reader.text(item["name"], f"{where}.name"),
            "website": reader.url(item["website"], f"{where}.website"),
            "status": reader.choice(item["status"], f"{where}.status", PlatformStatus.values),
            **localized(
                "description", reader.translated(item["description"], f"{where}.description")
            ),
        },
    }


def check_facts(reader: Reader, facts: list[dict], channels: list[str], where: str) -> None:
    """One platform-wide fact per criterion; a channel's own fact at most once, and only for a
    channel the platform offers (a fact about a channel it lacks would never be shown in use)."""
    criteria = [fact["criterion"] for fact in facts if not fact["channel"]]
    if sorted(criteria) != sorted(Criterion.values):
        missing = sorted(set(Criterion.values) - set(criteria))
        twice = sorted({c for c in criteria if criteria.count(c) > 1})
        reader.fail(
            f"{where}.facts",
            "every criterion exactly once without a channel (missing: "
            f"{', '.join(missing) or '-'}; twice: {', '.join(twice) or '-'})",
        )
    seen = set()
    for position, fact in enumerate(facts):
        if not fact["channel"]:
            continue
        key = (fact["criterion"], fact["channel"])
        if fact["channel"] not in channels:
            reader.fail(
                f"{where}.facts[{position}].channel",
                f"{fact['channel']!r} is not one of this platform's channels",
            )
        if key in seen:
            reader.fail(f"{where}.facts[{position}]", f"{key[0]} on {key[1]} appears twice")
        seen.add(key)


def read_fact(reader: Reader, item, where: str) -> dict:
    item = reader.mapping(item, where, required=FACT_KEYS, optional=FACT_OPTIONAL)
    channel = item.get("channel")
    return {
        "criterion": reader.choice(item["criterion"], f"{where}.criterion", Criterion.values),
        "channel": ""
        if channel is None
        else reader.choice(channel, f"{where}.channel", Channel.values),
        "values": {
            "value": reader.choice(item["value"], f"{where}.value", FactValue.values),
            **localized("note", reader.translated(item["note"], f"{where}.note")),
            "source": reader.url(item["source"], f"{where}.source"),
            "reviewed_on": reader.day(item["reviewed"], f"{where}.reviewed"),
        },
    }


def save_guides(sync: Sync, guides: list[dict]) -> None:
    existing = Guide.objects.in_bulk([guide["slug"] for guide in guides], field_name="slug")
    for guide in guides:
        sync.save(
            model=Guide,
            existing=existing.get(guide["slug"]),
            lookup={"slug": guide["slug"]},
            values=guide["values"],
        )


def _channels_of(platform: Platform) -> list[str]:
    return platform.channel_keys


def _set_channels(platform: Platform, keys: list[str]) -> None:
    set_platform_channels(platform=platform, channels=keys)


def save_platforms(sync: Sync, platforms: list[dict]) -> None:
    existing = Platform.objects.prefetch_related("channels", "facts").in_bulk(
        [platform["slug"] for platform in platforms], field_name="slug"
    )
    for item in platforms:
        platform = sync.save(
            model=Platform,
            existing=existing.get(item["slug"]),
            lookup={"slug": item["slug"]},
            values=item["values"],
            extra={"channels": (_channels_of, _set_channels, item["channels"])},
        )
        facts = (
            {(fact.criterion, fact.channel): fact for fact in platform.facts.all()}
            if item["slug"] in existing
            else {}
        )
        for fact in item["facts"]:
            lookup = {"criterion": fact["criterion"], "channel": fact["channel"]}
            sync.save(
                model=PlatformFact,
                existing=facts.get((fact["criterion"], fact["channel"])),
                lookup={"platform": platform, **lookup},
                values=fact["values"],
            )
