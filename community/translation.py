from modeltranslation.translator import TranslationOptions, register

from .models import Event, ForumCategory


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(ForumCategory)
class ForumCategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
