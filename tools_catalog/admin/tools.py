"""Tools in the admin.

Translatable text is edited as one labelled field per language, one after the other: no script is
needed to reach a language, and every field is named for assistive technology.

Every save of a tool refreshes the catalogue's index (facet keys, search documents) after the tool's
fields *and* its many-to-many values are saved. Suspension, removal and reinstatement are not edits:
safety.admin registers this admin again with those actions, and with the concerns and decisions on
each tool's page.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hub.core.admin import QueryInitialMixin
from hub.core.languages import LanguageCodesField, language_names
from hub.core.regions import region_choices, region_name
from hub.models import OrganisationType

from .. import services
from ..models import Tool, TrainingLink
from ..selectors import catalogue_changed
from .common import EMPTY, localized, named_by_label


class ToolAdminForm(forms.ModelForm):
    interface_languages = LanguageCodesField(label=_("interface languages"), required=False)
    analysis_languages = LanguageCodesField(
        label=_("languages it can analyse"),
        required=False,
        help_text=_(
            "For tools that analyse text or speech. ISO 639 codes separated by commas, "
            "for example: en, fr, ar, zh."
        ),
    )

    # No Meta: ToolAdmin builds the form for Tool from its fieldsets.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith("description_"):
                field.help_text = _(
                    "HTML: paragraphs, lists, headings, tables and links are kept; anything else is "
                    "removed on save."
                )
        status = self.fields.get("status")
        if status is not None:
            # Suspension and removal are decisions with their own service, not a form edit.
            editable = {Tool.Status.DRAFT, Tool.Status.IN_REVIEW, Tool.Status.PUBLISHED}
            status.choices = [
                (value, label) for value, label in status.choices if value in editable
            ]


class TrainingLinkInline(admin.TabularInline):
    model = TrainingLink
    fields = ["title", "url"]
    extra = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return named_by_label(super().formfield_for_dbfield(db_field, request, **kwargs), db_field)


class ToolRegionFilter(admin.SimpleListFilter):
    title = _("region of origin")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return region_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(region=self.value())
        return queryset


class ProviderTypeFilter(admin.SimpleListFilter):
    title = _("provider type")
    parameter_name = "provider_type"

    def lookups(self, request, model_admin):
        return OrganisationType.choices

    def queryset(self, request, queryset):
        if self.value() in OrganisationType.values:
            return queryset.filter(provider__type=self.value())
        return queryset


@admin.register(Tool)
class ToolAdmin(QueryInitialMixin, TranslationAdmin):
    form = ToolAdminForm
    inlines = [TrainingLinkInline]
    list_display = [
        "name",
        "provider",
        "status",
        "origin",
        "maturity",
        "last_verified_at",
        "updated_at",
    ]
    list_filter = [
        "status",
        "origin",
        "maturity",
        "purposes",
        ProviderTypeFilter,
        ToolRegionFilter,
    ]
    list_select_related = ["provider", "maturity"]
    search_fields = ["name", *localized("summary"), "provider__name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["provider"]
    # Tick boxes in a fieldset per list: they work without JavaScript and each value is labelled
    # (the admin's two-box picker is built by script and names its search icon with prohibited ARIA).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    actions = ["publish", "mark_verified"]
    fieldsets = [
        (_("Basics"), {"fields": ["name", "slug", "provider", "origin", "summary", "website"]}),
        (_("What it does"), {"fields": ["description", "purposes", "crime_phases", "media_types"]}),
        (_("How it works"), {"fields": ["technologies", "integrations"]}),
        (
            _("Where it runs"),
            {"fields": ["deployment_options", "operating_systems", "hardware_requirements"]},
        ),
        (
            _("Languages"),
            {"fields": ["interface_languages", "analysis_languages", "languages_now"]},
        ),
        (_("Cost and maturity"), {"fields": ["cost_models", "maturity"]}),
        (
            _("Background"),
            {
                "fields": [
                    "country",
                    "region_of_origin",
                    "first_built_for",
                    "used_by_other_agencies",
                    "used_by_details",
                    "independently_evaluated",
                    "evaluation_url",
                    "collects_user_data",
                    "user_data_details",
                ]
            },
        ),
        (
            _("Status and dates"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "last_verified_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = [
            *super().get_readonly_fields(request, obj),
            "region_of_origin",
            "languages_now",
            "published_at",
            "last_verified_at",
            "created_at",
            "updated_at",
        ]
        if obj is not None:
            fields.append("origin")  # how it entered the hub is a fact, not an edit
            if obj.status in {Tool.Status.SUSPENDED, Tool.Status.REMOVED}:
                fields.append("status")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("origin", Tool.Origin.RESEARCHED)
        return initial

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting in bulk could take published tools (with officers' feedback) with it.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        # Only a tool that was never published may be deleted (a mistake); the rest are removed
        # through the removal service, which keeps the record.
        if obj is not None and (obj.published_at is not None or obj.is_published):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status == Tool.Status.PUBLISHED:
            now = timezone.now()
            obj.published_at = obj.published_at or now
            obj.last_verified_at = now
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Facet keys and search documents read the many-to-many values: only now are they saved.
        services.tool_index_refresh(tool=form.instance)

    @admin.display(description=_("region of origin"))
    def region_of_origin(self, obj) -> str:
        if obj is None or not obj.region:
            return gettext("Derived from the country when the tool is saved.")
        return region_name(obj.region)

    @admin.display(description=_("languages now"))
    def languages_now(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        rows = [
            (gettext("Interface"), language_names(obj.interface_languages) or EMPTY),
            (gettext("Analyses"), language_names(obj.analysis_languages) or EMPTY),
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.action(
        description=_("Publish selected tools (and mark them verified now)"),
        permissions=["change"],
    )
    def publish(self, request, queryset):
        now = timezone.now()
        # Publishing a published tool again only re-verifies it. Suspended and removed tools come
        # back only through the service that suspended or removed them.
        allowed = [Tool.Status.DRAFT, Tool.Status.IN_REVIEW, Tool.Status.PUBLISHED]
        tools = list(queryset.filter(status__in=allowed))
        skipped = list(queryset.exclude(status__in=allowed))
        Tool.objects.filter(pk__in=[tool.pk for tool in tools]).update(
            status=Tool.Status.PUBLISHED,
            published_at=Coalesce("published_at", now),
            last_verified_at=now,
        )
        catalogue_changed([tool.pk for tool in tools])  # a direct update sends no signal
        for tool in tools:
            self.log_change(request, tool, gettext("Published."))
        if tools:
            self.message_user(
                request,
                ngettext("%(count)d tool published.", "%(count)d tools published.", len(tools))
                % {"count": len(tools)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                gettext("Not published, because they are suspended or removed: %(names)s.")
                % {"names": ", ".join(str(tool) for tool in skipped)},
                messages.WARNING,
            )

    @admin.action(description=_("Mark selected tools as verified now"), permissions=["change"])
    def mark_verified(self, request, queryset):
        tools = list(queryset)
        Tool.objects.filter(pk__in=[tool.pk for tool in tools]).update(
            last_verified_at=timezone.now()
        )
        catalogue_changed([tool.pk for tool in tools])  # the "last verified" order moves
        for tool in tools:
            self.log_change(request, tool, gettext("Marked as verified."))
        self.message_user(
            request,
            ngettext(
                "%(count)d tool marked as verified.",
                "%(count)d tools marked as verified.",
                len(tools),
            )
            % {"count": len(tools)},
            messages.SUCCESS,
        )
