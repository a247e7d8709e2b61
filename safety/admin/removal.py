"""Suspension, removal and reinstatement of tools in the admin.

They are actions on the tools' list (and buttons on a substantiated concern's page) that ask for a
reason, a summary for users and guidance first, then call :mod:`safety.removal` for each selected
tool. The tool admin of the catalogue is registered again here with these actions and with the
concerns and decisions on each tool's page; every decision is listed, read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.admin import ReadOnlyAdmin
from hub.core.converters import id_from
from tools_catalog.admin import tools
from tools_catalog.models import Concern, Tool, ToolDecision

from .. import announce, removal
from .common import EMPTY, decision_table, table, when


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


def concern_from(request) -> Concern | None:
    """The concern a decision is taken from (its page posts its id along), if any."""
    pk = id_from(request.POST.get("concern"))
    return None if pk is None else Concern.objects.filter(pk=pk).first()


class ToolDecisionActions:
    """The tool admin's suspend, remove and reinstate actions, and the concerns and decisions on a
    tool's page.

    Each action asks for a reason, a summary for users and guidance first, then calls the service
    in :mod:`safety.removal` for each selected tool.
    """

    decision_actions = ("suspend", "remove", "reinstate")

    def get_fieldsets(self, request, obj=None):
        decisions = ["concern_list", "decision_history"]
        return [
            *super().get_fieldsets(request, obj),
            (_("Concerns and decisions"), {"fields": decisions}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "concern_list", "decision_history"]

    @admin.display(description=_("concerns reported"))
    def concern_list(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        rows = [
            (
                format_html(
                    '<a href="{}">{}</a>',
                    reverse("admin:tools_catalog_concern_change", args=[concern.pk]),
                    when(concern.created_at),
                ),
                concern.get_category_display(),
                concern.get_status_display(),
            )
            for concern in obj.concerns.order_by("-created_at", "-pk")
        ]
        return table([_("Reported"), _("Kind"), _("Status")], rows, gettext("No concerns."))

    @admin.display(description=_("decisions"))
    def decision_history(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        return decision_table(obj.decisions.select_related("decided_by"))

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
        concern = concern_from(request)
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
        applies_to = removal.DECISIONS[action][1]
        objects = list(queryset.select_related("provider"))
        for tool in objects:
            # Who will be told, before staff confirm (nobody, where the decision does not apply).
            tool.audience = announce.audience_counts(tool) if tool.status in applies_to else None
        context = {
            **self.admin_site.each_context(request),
            "title": DECISION_TITLES[action],
            "subtitle": None,
            "opts": self.opts,
            "objects": objects,
            "form": form,
            "action_name": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "submit_label": DECISION_VERBS[action],
            "changelist_url": changelist_url,
            "cancel_url": cancel_url,
            "concern": concern,
            "applies_to": [label for value, label in Tool.Status.choices if value in applies_to],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/safety/tool_decision_form.html", context)


admin.site.unregister(Tool)


@admin.register(Tool)
class ToolAdmin(ToolDecisionActions, tools.ToolAdmin):
    actions = [*tools.ToolAdmin.actions, *ToolDecisionActions.decision_actions]


def _paragraphs(text: str) -> str:
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 - escaped by linebreaks


@admin.register(ToolDecision)
class ToolDecisionAdmin(ReadOnlyAdmin):
    """Every suspension, removal and reinstatement: taken through the actions on tools."""

    list_display = [
        "decided_at", "tool", "action", "summary_short", "decided_by", "concern", "contested",
    ]  # fmt: skip
    list_filter = ["action", "decided_at"]
    list_select_related = ["tool", "decided_by", "concern"]
    search_fields = ["tool__name", "summary", "reason"]
    date_hierarchy = "decided_at"
    ordering = ["-decided_at", "-pk"]
    fields = ["tool", "action", "previous_status", "decided_at", "decided_by", "reason",
              "summary", "guidance", "concern", "contest_list"]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contest_count=Count("contests"))

    @admin.display(description=_("summary for users"))
    def summary_short(self, obj) -> str:
        return Truncator(obj.summary).chars(80)

    @admin.display(description=_("replies from the provider"), ordering="contest_count")
    def contested(self, obj) -> int:
        return obj.contest_count

    @admin.display(description=_("replies contesting the decision"))
    def contest_list(self, obj) -> str:
        rows = [
            (when(contest.sent_at), contest.author or EMPTY,
             format_html('<div dir="auto">{}</div>', _paragraphs(contest.message)))
            for contest in obj.contests.select_related("author")
        ]  # fmt: skip
        return table(
            [_("Sent"), _("By"), _("Message")], rows, gettext("The provider has not replied.")
        )
