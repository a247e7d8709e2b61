"""Staff curation of the tool catalogue: taxonomies, tools, and moderation of officers' feedback.

Translatable text is edited in one tab per language (modeltranslation's tabbed admin). Its jQuery UI
is self-hosted (``settings.JQUERY_UI_URL`` points into static/vendor/), so the admin pages make no
request to another host and run under the hub's CSP.

Every save of a tool refreshes the catalogue's index (facet keys, search documents) after the tool's
fields *and* its many-to-many values are saved. Suspension, removal and reinstatement are admin
actions that ask for a reason, a public summary and guidance, and call the services in
:mod:`tools_catalog.removal`; concerns that officers report are triaged here too.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.utils import build_localized_fieldname

from hub.admin.common import QueryInitialMixin
from hub.admin.records import HandledFilter, ReadOnlyAdmin
from hub.converters import id_from
from hub.languages import LanguageCodesField, language_names
from hub.models import OrganisationType
from hub.regions import region_choices, region_name

from . import removal, services
from .forms import EvidenceLinksField
from .models import (
    TAXONOMIES,
    Concern,
    Feedback,
    FeedbackReport,
    Tool,
    ToolDecision,
    ToolFacet,
    TrainingLink,
)
from .selectors import catalogue_changed

EMPTY = "–"


def _localized(field: str) -> list[str]:
    """The field's column in every interface language: name_en, name_ar, name_zh_hans, ..."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else EMPTY


def _refresh_tools(tool_ids) -> None:
    for tool in Tool.objects.filter(pk__in=set(tool_ids)).select_related("provider"):
        services.tool_index_refresh(tool=tool)


# Taxonomies -----------------------------------------------------------------------------------------


class TaxonomyAdmin(TabbedTranslationAdmin):
    """One admin for the eight lists that describe tools (purposes, technologies, ...)."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", *_localized("name"), *_localized("description")]
    fields = ["name", "description", "slug", "position"]
    prepopulated_fields = {"slug": ("name_en",)}

    def _tools_carrying(self, pks) -> list[int]:
        keys = [f"{self.model.facet}:{pk}" for pk in pks]
        return list(ToolFacet.objects.filter(key__in=keys).values_list("tool_id", flat=True))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and any(name.startswith("name_") for name in form.changed_data):
            # The tools' search documents contain the value's name in every language.
            _refresh_tools(self._tools_carrying([obj.pk]))

    def delete_model(self, request, obj):
        tool_ids = self._tools_carrying([obj.pk])
        super().delete_model(request, obj)
        _refresh_tools(tool_ids)

    def delete_queryset(self, request, queryset):
        tool_ids = self._tools_carrying(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        _refresh_tools(tool_ids)


for _taxonomy in TAXONOMIES:
    admin.site.register(_taxonomy, TaxonomyAdmin)


def _table(headers: list, rows: list[tuple], empty: str) -> str:
    if not rows:
        return format_html("<p>{}</p>", empty)
    head = format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def _decision_table(decisions: QuerySet[ToolDecision]) -> str:
    rows = [
        (
            _when(decision.decided_at),
            decision.get_action_display(),
            decision.decided_by or EMPTY,
            decision.reason,
            decision.summary or EMPTY,
            decision.guidance or EMPTY,
        )
        for decision in decisions.order_by("-decided_at", "-pk")
    ]
    return _table(
        [_("When"), _("Decision"), _("By"), _("Reason (staff only)"), _("Summary for users"),
         _("Guidance for officers")],
        rows,
        gettext("No decisions yet."),
    )  # fmt: skip


# Tools ----------------------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (for staff only)"),
        help_text=_("Kept in the decision record and the audit log; never shown to officers or "
                    "the provider."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )  # fmt: skip
    summary = forms.CharField(
        label=_("Summary for officers and the provider"),
        help_text=_(
            "Shown in the removal log, on the tool's page, in the notices and in the emails. "
            "Plain words, no personal data, and never who reported a concern."
        ),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    guidance = forms.CharField(
        label=_("Guidance for officers who use the tool"),
        required=False,
        help_text=_("What an officer who relies on this tool should do now, for example which "
                    "data to check again or whom to contact."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )  # fmt: skip


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (for staff only)"),
        help_text=_("Kept in the decision record and the audit log."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    summary = forms.CharField(
        label=_("Message for officers and the provider (optional)"),
        required=False,
        help_text=_("Sent with the news that the tool is listed again."),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )


DECISION_SERVICES = {
    ToolDecision.Action.SUSPEND: removal.tool_suspend,
    ToolDecision.Action.REMOVE: removal.tool_remove,
    ToolDecision.Action.REINSTATE: removal.tool_reinstate,
}
DECISION_VERBS = {
    ToolDecision.Action.SUSPEND: _("Suspend"),
    ToolDecision.Action.REMOVE: _("Remove"),
    ToolDecision.Action.REINSTATE: _("Reinstate"),
}
DECISION_TITLES = {
    ToolDecision.Action.SUSPEND: _("Suspend tools"),
    ToolDecision.Action.REMOVE: _("Remove tools"),
    ToolDecision.Action.REINSTATE: _("Reinstate tools"),
}


def _concern_from(request) -> Concern | None:
    """The concern a decision is taken from (its page posts its id along), if any."""
    pk = id_from(request.POST.get("concern"))
    return None if pk is None else Concern.objects.filter(pk=pk).first()


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
class ToolAdmin(QueryInitialMixin, TabbedTranslationAdmin):
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
    search_fields = ["name", *_localized("summary"), "provider__name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["provider"]
    filter_horizontal = [
        "purposes",
        "technologies",
        "crime_phases",
        "media_types",
        "deployment_options",
        "operating_systems",
        "cost_models",
    ]
    actions = ["publish", "mark_verified", "suspend", "remove", "reinstate"]
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
        (_("Concerns and decisions"), {"fields": ["concern_list", "decision_history"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = [
            "region_of_origin",
            "languages_now",
            "published_at",
            "last_verified_at",
            "created_at",
            "updated_at",
            "concern_list",
            "decision_history",
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
        catalogue_changed()  # a direct update sends no signal
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

    @admin.display(description=_("concerns reported"))
    def concern_list(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        rows = [
            (
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:tools_catalog_concern_change", args=[concern.pk]),
                    _when(concern.created_at),
                ),
                concern.get_category_display(),
                concern.get_status_display(),
            )
            for concern in obj.concerns.order_by("-created_at", "-pk")
        ]
        return _table([_("Reported"), _("Kind"), _("Status")], rows, gettext("No concerns."))

    @admin.display(description=_("decisions"))
    def decision_history(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        return _decision_table(obj.decisions.select_related("decided_by"))

    # Suspend, remove, reinstate: a reason, a summary for users and guidance first, then the
    # service for each selected tool. From a concern's page the concern is recorded with them.

    @admin.action(description=_("Suspend selected tools…"), permissions=["change"])
    def suspend(self, request, queryset):
        return self._decide(request, queryset, ToolDecision.Action.SUSPEND)

    @admin.action(description=_("Remove selected tools…"), permissions=["change"])
    def remove(self, request, queryset):
        return self._decide(request, queryset, ToolDecision.Action.REMOVE)

    @admin.action(description=_("Reinstate selected suspended tools…"), permissions=["change"])
    def reinstate(self, request, queryset):
        return self._decide(request, queryset, ToolDecision.Action.REINSTATE)

    def _decide(self, request, queryset, action: str):
        concern = _concern_from(request)
        form_class = ReinstateForm if action == ToolDecision.Action.REINSTATE else DecisionForm
        form = form_class(request.POST if request.POST.get("confirm") == "yes" else None)
        if not (form.is_bound and form.is_valid()):
            return self._decision_page(request, queryset, action, form, concern)
        decide = DECISION_SERVICES[action]
        done, skipped = [], []
        for tool in queryset:
            try:
                about = concern if concern is not None and concern.tool_id == tool.pk else None
                decide(tool=tool, by=request.user, request=request, concern=about,
                       **form.cleaned_data)  # fmt: skip
            except removal.DecisionNotAllowed:
                skipped.append(tool)
            else:
                done.append(tool)
                self.log_change(request, tool, ToolDecision.Action(action).label)
        if done:
            self.message_user(
                request,
                gettext(
                    "%(decision)s: %(names)s. The provider and officers are being told."
                ) % {"decision": ToolDecision.Action(action).label,
                     "names": ", ".join(str(tool) for tool in done)},
                messages.SUCCESS,
            )  # fmt: skip
        if skipped:
            self.message_user(
                request,
                gettext("Not changed, because “%(decision)s” does not apply to their status: "
                        "%(names)s.")
                % {"decision": ToolDecision.Action(action).label,
                   "names": ", ".join(str(tool) for tool in skipped)},
                messages.WARNING,
            )  # fmt: skip
        if concern is not None:
            return HttpResponseRedirect(
                reverse("admin:tools_catalog_concern_change", args=[concern.pk])
            )
        return None

    def _decision_page(self, request, queryset, action, form, concern) -> TemplateResponse:
        changelist_url = reverse("admin:tools_catalog_tool_changelist")
        cancel_url = (
            reverse("admin:tools_catalog_concern_change", args=[concern.pk])
            if concern is not None
            else changelist_url
        )
        context = {
            **self.admin_site.each_context(request),
            "title": DECISION_TITLES[action],
            "subtitle": None,
            "opts": self.opts,
            "objects": list(queryset.select_related("provider")),
            "form": form,
            "action_name": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": DECISION_VERBS[action],
            "changelist_url": changelist_url,
            "cancel_url": cancel_url,
            "concern": concern,
            "applies_to": [
                label
                for value, label in Tool.Status.choices
                if value in removal.DECISIONS[action][1]
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/tools_catalog/tool_decision_form.html", context)

    @admin.action(description=_("Mark selected tools as verified now"), permissions=["change"])
    def mark_verified(self, request, queryset):
        tools = list(queryset)
        Tool.objects.filter(pk__in=[tool.pk for tool in tools]).update(
            last_verified_at=timezone.now()
        )
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


# Feedback -------------------------------------------------------------------------------------------


class OpenReportsFilter(admin.SimpleListFilter):
    title = _("has open reports")
    parameter_name = "open_reports"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_reports__gt=0)
        if self.value() == "no":
            return queryset.filter(open_reports=0)
        return queryset


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=Feedback._meta.get_field("hidden_reason").max_length,
        help_text=_("Kept with the post for staff. Open reports on it are marked as handled."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


def _report_table(reports: QuerySet[FeedbackReport]) -> str:
    rows = [
        (
            _when(report.created_at),
            report.reporter or EMPTY,
            report.reason,
            _when(report.resolved_at) if report.resolved_at else gettext("Open"),
        )
        for report in reports.select_related("reporter").order_by("-created_at", "-pk")
    ]
    if not rows:
        return format_html("<p>{}</p>", gettext("No reports."))
    head = format_html_join(
        "",
        '<th scope="col">{}</th>',
        ((h,) for h in [_("When"), _("Reported by"), _("Reason"), _("Handled")]),
    )
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Officers' feedback is read here and hidden or shown again; nobody edits what they wrote."""

    list_display = ["tool", "author", "created_at", "is_hidden", "open_reports"]
    list_filter = ["is_hidden", OpenReportsFilter]
    list_select_related = ["tool", "author"]
    search_fields = ["body", "tool__name", "author__email"]
    date_hierarchy = "created_at"
    actions = ["hide", "show_again", "close_reports"]
    fields = [
        "tool",
        "author",
        "created_at",
        "edited_at",
        "body_text",
        "is_hidden",
        "hidden_reason",
        "reports",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
            )
        )

    def has_add_permission(self, request) -> bool:
        return False  # feedback is posted by officers on the tool page

    def has_change_permission(self, request, obj=None) -> bool:
        # The list runs the actions; a post's own page is for reading only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # hide it: the record of what was said and why it was hidden stays

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, obj) -> int:
        return obj.open_reports

    @admin.display(description=_("feedback"))
    def body_text(self, obj) -> str:
        # Sanitised on save (SanitizedRichTextMixin), shown as the officers see it.
        return mark_safe(obj.body)  # noqa: S308

    @admin.display(description=_("reports"))
    def reports(self, obj) -> str:
        return _report_table(obj.reports.all())

    @admin.action(description=_("Hide selected feedback…"), permissions=["change"])
    def hide(self, request, queryset):
        data = request.POST if request.POST.get("confirm") == "yes" else None
        form = HideForm(data)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            posts = list(queryset)
            handled = services.feedback_hide(
                posts=posts, reason=reason, by=request.user, request=request
            )
            for post in posts:
                self.log_change(request, post, gettext("Hidden: %(reason)s") % {"reason": reason})
            self.message_user(
                request,
                ngettext(
                    "%(count)d post hidden; %(reports)d open reports marked as handled.",
                    "%(count)d posts hidden; %(reports)d open reports marked as handled.",
                    len(posts),
                )
                % {"count": len(posts), "reports": handled},
                messages.SUCCESS,
            )
            return None
        changelist_url = reverse("admin:tools_catalog_feedback_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Hide feedback"),
            "subtitle": None,
            "opts": self.opts,
            "objects": [(post, Truncator(strip_tags(post.body)).chars(200)) for post in queryset],
            "form": form,
            "action_name": "hide",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": gettext("Hide"),
            "changelist_url": changelist_url,
            "cancel_url": changelist_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/tools_catalog/hide_form.html", context)

    @admin.action(description=_("Show selected feedback again"), permissions=["change"])
    def show_again(self, request, queryset):
        posts = list(queryset.filter(is_hidden=True))
        services.feedback_show(posts=posts, by=request.user, request=request)
        for post in posts:
            self.log_change(request, post, gettext("Shown again."))
        self.message_user(
            request,
            ngettext("%(count)d post shown again.", "%(count)d posts shown again.", len(posts))
            % {"count": len(posts)},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Mark open reports on selected feedback as handled (keep it visible)"),
        permissions=["change"],
    )
    def close_reports(self, request, queryset):
        handled = services.feedback_reports_close(
            posts=list(queryset), by=request.user, request=request
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d open report marked as handled.",
                "%(count)d open reports marked as handled.",
                handled,
            )
            % {"count": handled},
            messages.SUCCESS,
        )


@admin.register(FeedbackReport)
class FeedbackReportAdmin(ReadOnlyAdmin):
    """What officers flagged. Handled by hiding the post (or not) on the feedback's page."""

    list_display = ["created_at", "reason", "feedback_link", "reporter", "resolved_at"]
    list_filter = [HandledFilter]
    list_select_related = ["feedback__tool", "reporter"]
    list_display_links = None
    search_fields = ["reason", "feedback__tool__name", "reporter__email"]
    ordering = ["-created_at", "-pk"]

    @admin.display(description=_("feedback"), ordering="feedback__created_at")
    def feedback_link(self, obj) -> str:
        url = reverse("admin:tools_catalog_feedback_change", args=[obj.feedback_id])
        return format_html('<a href="{}">{}</a>', url, obj.feedback)


# Concerns and decisions -----------------------------------------------------------------------------


class ConcernAdminForm(forms.ModelForm):
    evidence_links = EvidenceLinksField()

    class Meta:
        model = Concern
        fields = ["tool", "category", "description", "evidence_links", "status", "assignee",
                  "staff_notes"]  # fmt: skip


@admin.register(Concern)
class ConcernAdmin(QueryInitialMixin, admin.ModelAdmin):
    """Triage: status, notes and who handles it. A status change tells the reporter (a service)."""

    form = ConcernAdminForm
    change_form_template = "admin/tools_catalog/concern_change_form.html"
    list_display = ["created_at", "tool", "category", "status", "assignee", "status_changed_at"]
    list_filter = ["status", "category", ("assignee", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["tool", "assignee"]
    search_fields = ["description", "staff_notes", "tool__name", "reporter__email"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["tool"]
    ordering = ["-created_at", "-pk"]
    add_fields = ["tool", "category", "description", "evidence_links"]
    change_fields = [
        "tool_link",
        "tool_status",
        "reporter",
        "created_at",
        "category",
        "description",
        "evidence",
        "status",
        "status_changed_at",
        "assignee",
        "staff_notes",
        "decisions",
    ]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.change_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = {"status", "assignee", "staff_notes"}
        return [name for name in self.change_fields if name not in editable]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of what was reported, and how it was handled, stays

    def save_model(self, request, obj, form, change):
        if not change:
            saved = removal.concern_report(
                tool=obj.tool, reporter=request.user, category=obj.category,
                description=obj.description, evidence_links=obj.evidence_links, request=request,
            )  # fmt: skip
            obj.pk, obj.reporter, obj.created_at = saved.pk, saved.reporter, saved.created_at
            obj.status, obj.status_changed_at = saved.status, saved.status_changed_at
            obj._state.adding = False
            return
        new_status = obj.status
        obj.status = form.initial.get("status", new_status)
        super().save_model(request, obj, form, change)  # notes and assignee
        if removal.concern_status_set(
            concern=obj, status=new_status, by=request.user, request=request
        ):
            obj.status = new_status
            self.message_user(
                request,
                gettext("The reporter was told that the status is now “%(status)s”.")
                % {"status": Concern.Status(new_status).label},
                messages.SUCCESS,
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["tool_actions"] = self._tool_actions(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _tool_actions(self, request, obj) -> list[tuple[str, str]]:
        """The decisions staff can take on the tool from a substantiated concern."""
        if obj is None or obj.status != Concern.Status.SUBSTANTIATED:
            return []
        if not request.user.has_perm("tools_catalog.change_tool"):
            return []
        return [
            (action, DECISION_VERBS[action])
            for action, (_status, applies_to, _template) in removal.DECISIONS.items()
            if obj.tool.status in applies_to
        ]

    @admin.display(description=_("tool"))
    def tool_link(self, obj) -> str:
        url = reverse("admin:tools_catalog_tool_change", args=[obj.tool_id])
        return format_html('<a href="{}">{}</a> ({})', url, obj.tool, obj.tool.provider)

    @admin.display(description=_("tool's status"))
    def tool_status(self, obj) -> str:
        return obj.tool.get_status_display()

    @admin.display(description=_("links to evidence"))
    def evidence(self, obj) -> str:
        if not obj.evidence_links:
            return EMPTY
        # Links reported by a member: shown as text to copy, so that nobody opens one by mistake.
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><code dir="ltr">{}</code></li>', ((link,) for link in obj.evidence_links)
            ),
        )

    @admin.display(description=_("decisions on the tool taken from this concern"))
    def decisions(self, obj) -> str:
        return _decision_table(obj.decisions.select_related("decided_by"))


@admin.register(ToolDecision)
class ToolDecisionAdmin(ReadOnlyAdmin):
    """Every suspension, removal and reinstatement: taken through the actions on tools."""

    list_display = ["decided_at", "tool", "action", "summary_short", "decided_by", "concern"]
    list_filter = ["action", "decided_at"]
    list_select_related = ["tool", "decided_by", "concern"]
    search_fields = ["tool__name", "summary", "reason"]
    date_hierarchy = "decided_at"
    ordering = ["-decided_at", "-pk"]
    fields = ["tool", "action", "previous_status", "decided_at", "decided_by", "reason",
              "summary", "guidance", "concern"]  # fmt: skip

    @admin.display(description=_("summary for users"))
    def summary_short(self, obj) -> str:
        return Truncator(obj.summary).chars(80)
