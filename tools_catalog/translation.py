from modeltranslation.translator import TranslationOptions, register

from .models import TAXONOMIES, Tool


class TaxonomyTranslationOptions(TranslationOptions):
    fields = ("name", "description")


for _model in TAXONOMIES:
    register(_model)(TaxonomyTranslationOptions)


@register(Tool)
class ToolTranslationOptions(TranslationOptions):
    fields = ("summary", "description")
