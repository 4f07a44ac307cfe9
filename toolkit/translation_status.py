"""Which translations are missing or out of date, for every model registered with modeltranslation.

Each translated field of each object has, per language, a stamp of when it last changed
(TranslationStamp). The content loaders stamp both languages at once; the admin stamps only the
languages whose text an admin changed. A language is "older" when another language of the same
field changed after it, and "missing" when it is empty while another language has text.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from .models import TranslationStamp

MISSING = "missing"
OLDER = "older"
PROBLEM_LABELS = {MISSING: _("Missing"), OLDER: _("Older than another language")}


def translated_fields(model) -> list[str]:
    """The names of the model's translated fields ([] when it is not registered)."""
    try:
        return list(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return []


def languages() -> list[str]:
    return list(mt_settings.AVAILABLE_LANGUAGES)


def record_translation_changes(
    instance: models.Model, changes: Iterable[tuple[str, str]], *, when: datetime | None = None
) -> None:
    """Stamp the (field, language) pairs of `instance` as changed at `when` (default: now).

    A language that was behind another one and is now edited is taken to be catching up: the
    languages it was behind are stamped too, so the field becomes current instead of the
    others now looking older.
    """
    changes = list(dict.fromkeys(changes))
    if not changes:
        return
    when = when or timezone.now()
    content_type = ContentType.objects.get_for_model(instance)
    before = {
        (s.field, s.language): s.updated_at
        for s in TranslationStamp.objects.filter(
            content_type=content_type, object_id=str(instance.pk), field__in={f for f, _ in changes}
        )
    }
    stamped = dict.fromkeys(changes)
    for name, language in changes:
        mine = before.get((name, language))
        for other in languages():
            theirs = before.get((name, other))
            if theirs is not None and (mine is None or theirs > mine):
                stamped[(name, other)] = None
    TranslationStamp.objects.bulk_create(
        [
            TranslationStamp(
                content_type=content_type,
                object_id=str(instance.pk),
                field=name,
                language=language,
                updated_at=when,
            )
            for name, language in stamped
        ],
        update_conflicts=True,
        update_fields=["updated_at"],
        unique_fields=["content_type", "object_id", "field", "language"],
    )


def mark_translations_current(instance: models.Model, *, when: datetime | None = None) -> None:
    """Record every translated field of `instance`, in every language, as updated at one moment."""
    pairs = [(name, lang) for name in translated_fields(type(instance)) for lang in languages()]
    record_translation_changes(instance, pairs, when=when)


def changed_translations(model, changed_names: Iterable[str]) -> list[tuple[str, str]]:
    """Map form field names such as "body_es" to (field, language) pairs of translated fields."""
    localized = {
        build_localized_fieldname(name, lang): (name, lang)
        for name in translated_fields(model)
        for lang in languages()
    }
    return [localized[name] for name in changed_names if name in localized]


@dataclass(frozen=True)
class TranslationProblem:
    obj: models.Model
    field: str
    language: str
    problem: str  # MISSING or OLDER

    @property
    def model(self):
        return type(self.obj)

    @property
    def model_label(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def language_label(self) -> str:
        return get_language_info(self.language)["name_translated"]

    @property
    def problem_label(self) -> str:
        return PROBLEM_LABELS[self.problem]

    @property
    def field_label(self) -> str:
        return self.model._meta.get_field(self.field).verbose_name

    @property
    def admin_url(self) -> str | None:
        opts = self.model._meta
        try:
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.obj.pk])
        except NoReverseMatch:
            return None


@dataclass
class TranslationStatus:
    """The problems found, and how many translated texts (object × field) were checked."""

    problems: list[TranslationProblem] = field(default_factory=list)
    checked: int = 0

    def __iter__(self):
        return iter(self.problems)

    def __len__(self):
        return len(self.problems)

    @property
    def percent_current(self) -> int:
        """Share of checked texts with no problem, rounded down (100 only when nothing is left)."""
        if not self.checked:
            return 100
        texts_with_problems = len({(p.model, p.obj.pk, p.field) for p in self.problems})
        return (self.checked - texts_with_problems) * 100 // self.checked


def _problems_for(obj, name, stamps) -> tuple[bool, list[TranslationProblem]]:
    values = {lang: getattr(obj, build_localized_fieldname(name, lang)) for lang in languages()}
    filled = [lang for lang, value in values.items() if value is not None and str(value).strip()]
    if not filled:
        return False, []  # nothing written in any language (an optional field)
    found = [
        TranslationProblem(obj, name, lang, MISSING) for lang in languages() if lang not in filled
    ]
    when = {lang: stamps.get((str(obj.pk), name, lang)) for lang in filled}
    for lang in filled:
        newer = [when[other] for other in filled if other != lang and when[other] is not None]
        if newer and (when[lang] is None or when[lang] < max(newer)):
            found.append(TranslationProblem(obj, name, lang, OLDER))
    return True, found


def translation_status(models: Iterable | None = None) -> TranslationStatus:
    """Every translated text whose language is missing or older than another language."""
    status = TranslationStatus()
    for model in models or translator.get_registered_models(abstract=False):
        names = translated_fields(model)
        content_type = ContentType.objects.get_for_model(model)
        stamps = {
            (s.object_id, s.field, s.language): s.updated_at
            for s in TranslationStamp.objects.filter(content_type=content_type)
        }
        for obj in model._default_manager.order_by("pk"):
            for name in names:
                checked, problems = _problems_for(obj, name, stamps)
                status.checked += checked
                status.problems.extend(problems)
    return status


class TranslationTrackingAdmin(TabbedTranslationAdmin):
    """English and Spanish side by side (tabs); every save stamps the languages that changed."""

    actions = ["mark_current"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            record_translation_changes(obj, changed_translations(type(obj), form.changed_data))
        else:
            mark_translations_current(obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            mark_translations_current(obj)
        for obj, changed_names in formset.changed_objects:
            record_translation_changes(obj, changed_translations(type(obj), changed_names))

    @admin.action(description=_("Mark translations as current"))
    def mark_current(self, request, queryset):
        for obj in queryset:
            mark_translations_current(obj)
            self.log_change(
                request, obj, [{"changed": {"fields": [str(_("translations marked as current"))]}}]
            )
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Marked the translations of %(count)d item as current.",
                "Marked the translations of %(count)d items as current.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
