from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, QuestionSet, Section


@register(QuestionSet)
class QuestionSetTranslationOptions(TranslationOptions):
    fields = ("title", "intro")


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslationOptions(TranslationOptions):
    fields = ("text", "help_text")


@register(Choice)
class ChoiceTranslationOptions(TranslationOptions):
    fields = ("label",)
