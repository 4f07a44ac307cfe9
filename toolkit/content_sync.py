"""Reading shipped YAML strictly, and writing it to the database without undoing admin edits.

The loader remembers a digest of every value it wrote (ShippedContent). On the next load a field
is written only when its database value still equals what was last shipped (so the change came
from the files, not from an admin), or when `overwrite` is asked for. A load that finds nothing
new writes nothing at all.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug

from .models import ShippedContent
from .translation_status import (
    changed_translations,
    languages,
    mark_translations_current,
    record_translation_changes,
)


class ContentError(ValueError):
    """A shipped content file breaks the rules of content/SCHEMA.md."""


class Reader:
    """Strict accessors that name the file and the key of whatever is wrong."""

    def __init__(self, path: Path):
        self.path = path

    def load(self):
        try:
            return yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise ContentError(f"{self.path}: cannot read: {error}") from error

    def fail(self, where: str, message: str):
        raise ContentError(f"{self.path}: {where}: {message}")

    def mapping(self, data, where: str, *, required: Iterable[str], optional: Iterable[str] = ()):
        if not isinstance(data, dict):
            self.fail(where, "expected a mapping")
        missing = [key for key in required if key not in data]
        unknown = sorted(set(map(str, data)) - set(required) - set(optional))
        if missing:
            self.fail(where, f"missing {', '.join(missing)}")
        if unknown:
            self.fail(where, f"unknown key {', '.join(unknown)}")
        return data

    def items(self, data, where: str) -> list:
        if not isinstance(data, list) or not data:
            self.fail(where, "expected a non-empty list")
        return data

    def text(self, value, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, "expected text (quote yes/no/on/off)")
        return value.strip()

    def translated(self, value, where: str) -> dict[str, str]:
        """{en: ..., es: ...}: every language present and non-empty."""
        self.mapping(value, where, required=languages())
        return {lang: self.text(value[lang], f"{where}.{lang}") for lang in languages()}

    def choice(self, value, where: str, choices: Iterable[str]) -> str:
        choices = list(choices)
        if value not in choices:
            self.fail(where, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def slug(self, value, where: str) -> str:
        try:
            validate_slug(self.text(value, where))
        except ValidationError:
            self.fail(where, f"{value!r} is not a valid slug")
        return value

    def url(self, value, where: str) -> str:
        try:
            URLValidator(schemes=["http", "https"])(self.text(value, where))
        except ValidationError:
            self.fail(where, f"{value!r} is not an http(s) URL")
        return value

    def day(self, value, where: str) -> date:
        if not isinstance(value, date):
            self.fail(where, f"{value!r} is not a date written 2026-11-01")
        return value

    def integer(self, value, where: str, *, maximum: int | None = None) -> int:
        """A whole number from 0 (to `maximum` when given)."""
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(where, f"{value!r} is not a whole number")
        if maximum is not None and value > maximum:
            self.fail(where, f"{value!r} is not a whole number from 0 to {maximum}")
        return value

    def flag(self, value, where: str) -> bool:
        """true or false, written unquoted."""
        if not isinstance(value, bool):
            self.fail(where, f"{value!r} is not true or false")
        return value

    def optional(self, data: dict, key: str, where: str, check: Callable, *args):
        """`check(data[key], where, *args)` when the key is given (null counts as not given)."""
        return None if data.get(key) is None else check(data[key], where, *args)

    def unique(self, values: Iterable, where: str) -> list:
        """The values, refused when one appears twice (keys that must not repeat)."""
        values, seen = list(values), set()
        for value in values:
            if value in seen:
                self.fail(where, f"{value!r} appears twice")
            seen.add(value)
        return values


def localized(name: str, texts: dict[str, str]) -> dict[str, str]:
    """{"en": "..", "es": ".."} for field `name` -> {"name_en": "..", "name_es": ".."}."""
    return {f"{name}_{lang}": text for lang, text in texts.items()}


def digest(value) -> str:
    encoded = json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


class Sync:
    """Creates or updates objects from shipped values, keeping admin edits; counts what it did."""

    def __init__(self, *, overwrite: bool):
        self.overwrite = overwrite
        self.counts = Counter()
        self._shipped: dict[type, dict[str, ShippedContent]] = {}

    def shipped_for(self, model) -> dict[str, ShippedContent]:
        if model not in self._shipped:
            content_type = ContentType.objects.get_for_model(model)
            self._shipped[model] = {
                row.object_id: row
                for row in ShippedContent.objects.filter(content_type=content_type)
            }
        return self._shipped[model]

    def decide(self, *, have, want, last_shipped: str | None) -> str:
        """ "same", "write" (unchanged since last load, or overwrite) or "keep" (an admin edit)."""
        if have == want:
            return "same"
        if self.overwrite or last_shipped == digest(have):
            return "write"
        return "keep"

    def save(
        self,
        *,
        model,
        existing,
        lookup: dict,
        values: dict,
        extra: dict[str, tuple[Callable, Callable, object]] | None = None,
    ):
        """Create or update one object. `extra` maps pseudo-fields (such as a set of related
        rows) to (read(obj), write(obj, value), value); they are tracked like fields."""
        extra = extra or {}
        if existing is None:
            return self._create(model=model, lookup=lookup, values=values, extra=extra)
        previous = self.shipped_for(model).get(str(existing.pk))
        last = previous.digests if previous else {}
        fields = [
            name
            for name, want in values.items()
            if self._apply(
                getattr(existing, name),
                want,
                last.get(name),
                lambda want=want, name=name: setattr(existing, name, want),
            )
        ]
        pseudo = [
            name
            for name, (read, write, want) in extra.items()
            if self._apply(
                read(existing),
                want,
                last.get(name),
                lambda write=write, want=want: write(existing, want),
            )
        ]
        if fields:
            existing.full_clean()
            existing.save(update_fields=fields)
            record_translation_changes(existing, changed_translations(model, fields))
        self.counts[f"{model._meta.model_name} updated"] += bool(fields or pseudo)
        self._remember(model, existing, values, extra, previous=previous)
        return existing

    def _create(self, *, model, lookup, values, extra):
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        for _, write, value in extra.values():
            write(obj, value)
        mark_translations_current(obj)
        self._remember(model, obj, values, extra, previous=None)
        self.counts[f"{model._meta.model_name} created"] += 1
        return obj

    def _apply(self, have, want, last_shipped, write) -> bool:
        """Write `want` when the decision says so; count kept admin edits. True if written."""
        verdict = self.decide(have=have, want=want, last_shipped=last_shipped)
        self.counts["admin edits kept"] += verdict == "keep"
        if verdict == "write":
            write()
        return verdict == "write"

    def _remember(self, model, obj, values, extra, *, previous):
        digests = {name: digest(value) for name, value in values.items()}
        digests.update({name: digest(value) for name, (_, _, value) in extra.items()})
        if previous is None:
            ShippedContent.objects.create(
                content_type=ContentType.objects.get_for_model(model),
                object_id=str(obj.pk),
                digests=digests,
            )
        elif previous.digests != digests:
            previous.digests = digests
            previous.save(update_fields=["digests"])
