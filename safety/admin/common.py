"""What the trust-and-safety admin screens share: dates, empty values, small tables, the list of a
tool's decisions, the page of an action that asks for something first, and the actions that apply
a moderation service."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from hub.core.admin import EMPTY, table, when
from tools_catalog.models import ToolDecision


def decision_table(decisions: QuerySet[ToolDecision]) -> str:
    rows = [
        (
            when(decision.decided_at),
            decision.get_action_display(),
            decision.decided_by or EMPTY,
            decision.reason,
            decision.summary or EMPTY,
            decision.guidance or EMPTY,
        )
        for decision in decisions.order_by("-decided_at", "-pk")
    ]
    return table(
        [_("When"), _("Decision"), _("By"), _("Reason (staff only)"), _("Summary for users"),
         _("Guidance for officers")],
        rows,
        gettext("No decisions yet."),
    )  # fmt: skip


def action_form(
    modeladmin,
    request,
    queryset,
    *,
    form,
    title,
    action,
    submit_label,
    excerpt,
    template="admin/safety/action_form.html",
):
    """The intermediate page of an admin action that asks for something (a reason, a category)."""
    changelist_url = reverse(
        f"admin:{modeladmin.opts.app_label}_{modeladmin.opts.model_name}_changelist"
    )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": modeladmin.opts,
        "objects": [(obj, excerpt(obj)) for obj in queryset],
        "form": form,
        "action_name": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit_label": submit_label,
        "changelist_url": changelist_url,
        "cancel_url": changelist_url,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, template, context)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (kept with the record)"),
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
    )


def reason_action(modeladmin, request, queryset, *, apply, done, form_class=ReasonForm, **page):
    """An admin action that asks for a reason first: the form page (``page`` as for
    :func:`action_form`), then ``apply(reason)`` (a moderation service, usually returning how many
    objects changed) and ``done(what apply returned)`` as the message."""
    form = form_class(request.POST if request.POST.get("confirm") == "yes" else None)
    if form.is_bound and form.is_valid():
        result = apply(form.cleaned_data["reason"])
        modeladmin.message_user(request, done(result), messages.SUCCESS)
        return None
    return action_form(modeladmin, request, queryset, form=form, **page)


# The message of the actions that mark reports as handled.
REPORTS_HANDLED = ngettext_lazy(
    "%(count)d open report marked as handled.",
    "%(count)d open reports marked as handled.",
    "count",
)


def moderation_action(service, *, on: str, description, done, reason_page: dict | None = None):
    """An admin action that applies a moderation service (audited) to the selected objects, given
    to it as the argument ``on``, and tells staff ``done % {"count": what it returned}``: ``done`` is
    an ``ngettext_lazy(singular, plural, "count")``. With ``reason_page`` (the page's arguments for
    :func:`action_form`), it asks for a reason first and gives the service that too."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        def apply(**reason) -> int:
            return service(**{on: queryset}, **reason, by=request.user, request=request)

        if reason_page is not None:
            return reason_action(
                modeladmin,
                request,
                queryset,
                apply=lambda reason: apply(reason=reason),
                done=lambda count: done % {"count": count},
                **reason_page,
            )
        modeladmin.message_user(request, done % {"count": apply()}, messages.SUCCESS)
        return None

    return action
