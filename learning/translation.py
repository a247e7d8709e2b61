from modeltranslation.translator import TranslationOptions, register

from .models import ChecklistItem, GlossaryTerm, LearningPath, PathStep, Resource, Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "transcript")


@register(GlossaryTerm)
class GlossaryTermTranslationOptions(TranslationOptions):
    fields = ("term", "variants", "definition")


@register(LearningPath)
class LearningPathTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description")


@register(PathStep)
class PathStepTranslationOptions(TranslationOptions):
    fields = ("title", "guidance")


@register(ChecklistItem)
class ChecklistItemTranslationOptions(TranslationOptions):
    fields = ("text",)
