from modeltranslation.translator import TranslationOptions, register

from .models import PageVersion


@register(PageVersion)
class PageVersionTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
