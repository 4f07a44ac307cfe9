"""Worksheet content edited by site admins in English and Spanish side by side.

Saving a question or its choices marks the question as revised and starts a new content version,
so answers given before the edit are flagged for review instead of silently changing meaning.
"""

from django.contrib import admin
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from assessments.admin_forms import ChoiceForm, QuestionForm
from assessments.answering.content import bump_content_version
from assessments.exchange.deletion import assessment_delete
from assessments.models import (
    Assessment,
    AssessmentStatus,
    Choice,
    ContentVersion,
    Question,
    ReadinessThreshold,
    Recommendation,
    Section,
    VendorEvaluation,
    Worksheet,
)
from toolkit.admin_deletion import DeletesThroughTheApp
from toolkit.translation_status import TranslationTrackingAdmin


class ContentAdmin(TranslationTrackingAdmin):
    """English and Spanish side by side; each saved change stamps the languages it touched (for
    the translation status) and starts a new content version.

    Every change starts one: an edit, an addition, a deletion, and changes made through an inline
    (a section's questions, a question's choices). Pages and autosave keep each version's
    worksheets in memory (`assessments.worksheet_cache`), so a change that started no version
    would not reach them.
    """

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            bump_content_version(f"{form.instance._meta.verbose_name} {form.instance.pk} added")
        elif form.has_changed() or any(formset.has_changed() for formset in formsets):
            bump_content_version(
                f"{form.instance._meta.verbose_name} {form.instance.pk} edited in the admin"
            )

    def delete_model(self, request, obj):
        name, pk = obj._meta.verbose_name, obj.pk
        super().delete_model(request, obj)
        bump_content_version(f"{name} {pk} deleted in the admin")

    def delete_queryset(self, request, queryset):
        names = ", ".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        bump_content_version(f"{queryset.model._meta.verbose_name_plural} {names} deleted")


class SectionInline(TranslationTabularInline):
    model = Section
    fields = ["key", "order", "title"]
    extra = 0
    show_change_link = True


@admin.register(Worksheet)
class WorksheetAdmin(ContentAdmin):
    list_display = ["title", "key", "order", "per_vendor"]
    search_fields = ["title_en", "title_es", "key"]
    inlines = [SectionInline]


class QuestionInline(TranslationStackedInline):
    """One block per question (key, order, kind and whether it is critical on one row, then its
    text in both languages), so the section's screen fits 1280 pixels."""

    model = Question
    fields = [("key", "order", "kind", "critical"), "text"]
    extra = 0
    show_change_link = True


@admin.register(Section)
class SectionAdmin(ContentAdmin):
    list_display = ["title", "worksheet", "order", "key"]
    list_filter = ["worksheet"]
    search_fields = ["title_en", "title_es", "key"]
    inlines = [QuestionInline]

    def save_formset(self, request, form, formset, change):
        """Questions reworded here are revised, as on their own page: answers get a second look."""
        super().save_formset(request, form, formset, change)
        changed = [obj.pk for obj, _names in formset.changed_objects if isinstance(obj, Question)]
        if changed:
            Question.objects.filter(pk__in=changed).update(revision=F("revision") + 1)


class ChoiceInline(TranslationStackedInline):
    """One block per choice, each row narrow enough for a 1280-pixel screen: key and order,
    the label in both languages, the five weights side by side, then what it needs of a
    platform as plain choices (assessments/admin_forms.py), never raw JSON."""

    model = Choice
    form = ChoiceForm
    fields = [
        ("key", "order", "blocks"),
        "label",
        (
            "weight_safety",
            "weight_privacy",
            "weight_confidentiality",
            "weight_access",
            "weight_capacity",
        ),
        ("need_channel", "need_1", "need_2"),
    ]
    extra = 0


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    form = QuestionForm
    list_display = ["text", "key", "kind", "section", "critical", "revision"]
    list_filter = [
        "section__worksheet",
        "kind",
        "critical",
        "ask_vendor",
        "applies_text",
        "applies_chat",
        "applies_video",
    ]
    search_fields = ["text_en", "text_es", "help_en", "help_es", "key"]
    readonly_fields = ["revision"]
    autocomplete_fields = ["guide"]
    inlines = [ChoiceInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # starts the new content version
        if change and (form.has_changed() or any(f.has_changed() for f in formsets)):
            question = form.instance
            Question.objects.filter(pk=question.pk).update(revision=question.revision + 1)


@admin.register(Recommendation)
class RecommendationAdmin(ContentAdmin):
    list_display = ["title", "key", "dimension", "question", "guide", "order"]
    list_filter = ["dimension", "guide"]
    search_fields = ["title_en", "title_es", "text_en", "text_es", "key", "question__key"]
    autocomplete_fields = ["question", "guide"]


@admin.register(ReadinessThreshold)
class ReadinessThresholdAdmin(admin.ModelAdmin):
    """The score bands per dimension; a change starts a new content version like any content edit."""

    list_display = ["dimension", "ready_min", "conditions_min"]
    list_editable = ["ready_min", "conditions_min"]
    search_fields = ["dimension"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.has_changed():
            bump_content_version(f"readiness threshold {obj.dimension} edited in the admin")

    def has_delete_permission(self, request, obj=None):
        return False  # every dimension needs its bands


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "created_at", "note"]
    readonly_fields = ["number", "created_at", "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _finalised(obj) -> bool:
    return obj is not None and obj.status == AssessmentStatus.FINALISED


class VendorInline(admin.TabularInline):
    model = VendorEvaluation
    extra = 0
    fields = ["name", "created_at"]
    readonly_fields = ["created_at"]

    # The parent assessment is `obj` here: a finalized one keeps its vendors as they were.
    def has_add_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_delete_permission(request, obj)


@admin.register(Assessment)
class AssessmentAdmin(DeletesThroughTheApp, admin.ModelAdmin):
    """Site admins can see that assessments exist (for support); answers stay with the program.

    The status, and everything of a finalized assessment, is read-only here as in the app:
    sign-off and re-assessment happen only through the app's own flow."""

    list_display = ["name", "organisation", "status", "content_version", "updated_at"]
    list_filter = ["status", "report_language"]
    search_fields = ["name", "organisation__name"]
    readonly_fields = [
        "organisation",
        "status",
        "content_version",
        "created_by",
        "created_at",
        "updated_at",
    ]

    def has_change_permission(self, request, obj=None):
        return not _finalised(obj) and super().has_change_permission(request, obj)

    def delete_with_the_app(self, request, obj):
        assessment_delete(assessment=obj, by=request.user)

    inlines = [VendorInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "name",
                    "status",
                    "report_language",
                    "content_version",
                    "created_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Channels"), {"fields": ["consider_text", "consider_chat", "consider_video"]}),
    ]
