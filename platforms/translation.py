from modeltranslation.translator import TranslationOptions, register

from .models import Guide, Platform, PlatformFact


@register(Guide)
class GuideTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en", "es")


@register(Platform)
class PlatformTranslationOptions(TranslationOptions):
    fields = ("description",)
    required_languages = ("en", "es")


@register(PlatformFact)
class PlatformFactTranslationOptions(TranslationOptions):
    fields = ("note",)
    required_languages = ("en", "es")
