from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from toolkit.translation_status import TranslationTrackingAdmin

from .models import Channel, Guide, Platform, PlatformFact, set_platform_channels


@admin.register(Guide)
class GuideAdmin(TranslationTrackingAdmin):
    list_display = ["title", "topic", "order", "published", "reviewed_on", "updated_at"]
    list_filter = ["topic", "published", "reviewed_on"]
    search_fields = [
        "slug",
        "title_en",
        "title_es",
        "summary_en",
        "summary_es",
        "body_en",
        "body_es",
    ]
    readonly_fields = ["preview_links", "updated_at"]
    fields = [
        "slug",
        "topic",
        "order",
        "published",
        "reviewed_on",
        "title",
        "summary",
        "body",
        "preview_links",
        "updated_at",
    ]

    @admin.display(description=_("Preview"))
    def preview_links(self, obj):
        """Links to the guide as the public will see it, in each language, even unpublished."""
        if obj is None or obj.pk is None:
            return _("Save the guide first, then preview it here.")
        urls = {}
        for lang in ("en", "es"):
            with translation.override(lang):
                urls[lang] = reverse("platforms:guide_preview", kwargs={"slug": obj.slug})
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            urls["en"],
            _("Preview in English"),
            urls["es"],
            _("Preview in Spanish"),
        )


class FactFormSet(forms.BaseInlineFormSet):
    """A platform is shown with its sources: at least one fact, and every fact with a source."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if not any(data.get("source") for data in kept):
            raise ValidationError(_("Add at least one fact with the public source it comes from."))


class PlatformFactInline(TranslationStackedInline):
    model = PlatformFact
    formset = FactFormSet
    extra = 0
    fields = ["criterion", "channel", "value", "note", "source", "reviewed_on"]


class PlatformAdminForm(forms.ModelForm):
    channels_offered = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Platform
        fields = "__all__"  # noqa: DJ007 (PlatformAdmin.fields decides what is shown)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["channels_offered"] = self.instance.channel_keys


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("needs review")
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        flagged = Platform.objects.needs_review().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=flagged)
        if self.value() == "no":
            return queryset.exclude(pk__in=flagged)
        return queryset


@admin.register(Platform)
class PlatformAdmin(TranslationTrackingAdmin):
    form = PlatformAdminForm
    inlines = [PlatformFactInline]
    list_display = ["name", "status", "shows_needs_review", "website", "updated_at"]
    list_filter = [NeedsReviewFilter, "status", "channels__channel"]
    search_fields = ["slug", "name", "website", "description_en", "description_es"]
    fields = ["slug", "name", "website", "status", "channels_offered", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_review()

    @admin.display(description=_("needs review"), boolean=True)
    def shows_needs_review(self, obj):
        return obj.needs_review

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        set_platform_channels(
            platform=form.instance, channels=form.cleaned_data.get("channels_offered", [])
        )


@admin.register(PlatformFact)
class PlatformFactAdmin(TranslationTrackingAdmin):
    list_display = ["platform", "criterion", "channel", "value", "reviewed_on", "source"]
    list_filter = ["criterion", "channel", "value", "platform", "reviewed_on"]
    search_fields = ["platform__name", "note_en", "note_es", "source"]
    list_select_related = ["platform"]
