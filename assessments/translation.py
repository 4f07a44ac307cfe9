from modeltranslation.translator import TranslationOptions, register

from assessments.models import Choice, Question, Recommendation, Section, Worksheet


@register(Worksheet)
class WorksheetTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = {"en": ("title",), "es": ("title",)}


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "intro")
    required_languages = {"en": ("title",), "es": ("title",)}


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help", "unit")
    required_languages = {"en": ("text",), "es": ("text",)}


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "es")


@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("title", "text")
    required_languages = ("en", "es")
