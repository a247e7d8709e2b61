"""Staff edit the learning centre here: topics, resources (with videos and captions), the glossary
and learning paths with their steps and checklists.

Translatable text is edited in one tab per language (modeltranslation's tabbed admin, with the
self-hosted jQuery UI). Rich text is cleaned on save by the models (SanitizedRichTextMixin).
Officers' progress is not shown here: it is theirs.
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from hub.core.admin import QueryInitialMixin
from hub.core.languages import LanguageCodesField, language_names

from .models import (
    CaptionTrack,
    ChecklistItem,
    GlossaryTerm,
    LearningPath,
    PathStep,
    Resource,
    Topic,
)

RICH_TEXT_HELP = _(
    "HTML: paragraphs, lists, headings, tables and links are kept; anything else is removed on save."
)


def _rich_text_help(form, *fields: str) -> None:
    for name, field in form.base_fields.items():
        if any(name == base or name.startswith(f"{base}_") for base in fields):
            field.help_text = RICH_TEXT_HELP


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", "name_en"]
    fields = ["name", "description", "slug", "position"]
    prepopulated_fields = {"slug": ("name_en",)}


class CaptionTrackInline(admin.TabularInline):
    model = CaptionTrack
    fields = ["language", "file"]
    extra = 1


class ResourceAdminForm(forms.ModelForm):
    languages = LanguageCodesField(label=_("languages"), required=False)

    # No Meta: ResourceAdmin builds the form for Resource from its fieldsets.


@admin.register(Resource)
class ResourceAdmin(QueryInitialMixin, TabbedTranslationAdmin):
    form = ResourceAdminForm
    inlines = [CaptionTrackInline]
    list_display = ["title", "kind", "level", "is_published", "published_at", "updated_at"]
    list_filter = ["is_published", "kind", "level", "topics"]
    search_fields = ["slug", "title_en", "summary_en", "title_fr", "title_es", "title_ar"]
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ["topics"]
    autocomplete_fields = ["tool"]
    readonly_fields = ["published_at", "created_at", "updated_at", "languages_now"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (_("Basics"), {"fields": ["title", "slug", "kind", "summary", "is_published"]}),
        (
            _("Who it is for"),
            {"fields": ["topics", "level", "languages", "languages_now", "duration_minutes"]},
        ),
        (_("Text"), {"fields": ["body"]}),
        (
            _("Video"),
            {
                "fields": ["video", "transcript"],
                "description": _(
                    "An uploaded video is only ever sent to signed-in members. Add captions below "
                    "(WebVTT files, one per language) and a transcript."
                ),
            },
        ),
        (_("Link and tool"), {"fields": ["external_url", "tool"]}),
        (_("Dates"), {"fields": ["published_at", "created_at", "updated_at"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        _rich_text_help(form, "body", "transcript")
        return form

    @admin.display(description=_("languages now"))
    def languages_now(self, obj) -> str:
        if obj is None or not obj.languages:
            return "–"
        return language_names(obj.languages)

    @admin.action(description=_("Publish selected resources"), permissions=["change"])
    def publish(self, request, queryset):
        resources = list(queryset.filter(is_published=False))
        now = timezone.now()
        for resource in resources:
            resource.is_published = True
            resource.published_at = resource.published_at or now
            resource.save(update_fields=["is_published", "published_at", "updated_at"])
            self.log_change(request, resource, gettext("Published."))
        self.message_user(
            request,
            ngettext(
                "%(count)d resource published.", "%(count)d resources published.", len(resources)
            )
            % {"count": len(resources)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected resources"), permissions=["change"])
    def unpublish(self, request, queryset):
        resources = list(queryset.filter(is_published=True))
        for resource in resources:
            resource.is_published = False
            resource.save(update_fields=["is_published", "updated_at"])
            self.log_change(request, resource, gettext("Unpublished."))
        self.message_user(
            request,
            ngettext(
                "%(count)d resource unpublished.",
                "%(count)d resources unpublished.",
                len(resources),
            )
            % {"count": len(resources)},
            messages.SUCCESS,
        )


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TabbedTranslationAdmin):
    list_display = ["term", "slug"]
    search_fields = ["slug", "term_en", "definition_en"]
    fields = ["term", "variants", "definition", "slug"]
    prepopulated_fields = {"slug": ("term_en",)}


class PathStepInline(TranslationStackedInline):
    model = PathStep
    fields = ["position", "title", "resource", "guidance", "link_wizard", "link_catalogue"]
    autocomplete_fields = ["resource"]
    show_change_link = True  # the step's own page holds its checklist
    extra = 0


@admin.register(LearningPath)
class LearningPathAdmin(TabbedTranslationAdmin):
    inlines = [PathStepInline]
    list_display = ["title", "slug", "is_published", "position", "step_count"]
    list_editable = ["position"]
    list_filter = ["is_published"]
    search_fields = ["slug", "title_en", "summary_en"]
    prepopulated_fields = {"slug": ("title_en",)}
    fields = ["title", "slug", "summary", "description", "is_published", "position"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        _rich_text_help(form, "description")
        return form

    @admin.display(description=_("steps"))
    def step_count(self, obj) -> int:
        return obj.steps.count()


class ChecklistItemInline(TranslationTabularInline):
    model = ChecklistItem
    fields = ["position", "text"]
    extra = 2


@admin.register(PathStep)
class PathStepAdmin(TabbedTranslationAdmin):
    """A step on its own page, to edit its checklist (inlines cannot nest inside the path's)."""

    inlines = [ChecklistItemInline]
    list_display = ["__str__", "path", "position"]
    list_filter = ["path"]
    list_select_related = ["path", "resource"]
    search_fields = ["title_en", "path__title_en"]
    autocomplete_fields = ["resource"]
    fields = ["path", "position", "title", "resource", "guidance", "link_wizard", "link_catalogue"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        _rich_text_help(form, "guidance")
        return form
