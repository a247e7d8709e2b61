"""Concerns officers report about tools, in the admin: triage (status, notes, who handles it), and
from a substantiated concern, a decision on its tool (:mod:`.removal`). A status change tells the
reporter (:mod:`safety.concerns`)."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.admin import QueryInitialMixin
from tools_catalog.forms import EvidenceLinksField
from tools_catalog.models import Concern
from tools_catalog.services import concern_report

from .. import removal
from ..concerns import concern_status_set
from .common import EMPTY, decision_table
from .removal import DECISION_VERBS


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
    change_form_template = "admin/safety/concern_change_form.html"
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
            saved = concern_report(
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
        if concern_status_set(concern=obj, status=new_status, by=request.user, request=request):
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
        return decision_table(obj.decisions.select_related("decided_by"))
