"""What the trust-and-safety admin screens share: dates, empty values, small tables, the list of a
tool's decisions, and the page of an action that asks for something first."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tools_catalog.models import ToolDecision

EMPTY = "–"


def when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else EMPTY


def table(headers: list, rows: list[tuple], empty: str) -> str:
    if not rows:
        return format_html("<p>{}</p>", empty)
    head = format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


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


def action_form(modeladmin, request, queryset, *, form, title, action, submit_label, excerpt):
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
    return TemplateResponse(request, "admin/safety/action_form.html", context)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (kept with the record)"),
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
    )


def reason_action(
    modeladmin, request, queryset, *, apply, done, title, action, submit_label, excerpt
):
    """An admin action that asks for a reason first: the form page, then ``apply(reason)`` (a
    moderation service returning how many objects changed) and ``done(count)`` as the message."""
    form = ReasonForm(request.POST if request.POST.get("confirm") == "yes" else None)
    if form.is_bound and form.is_valid():
        count = apply(form.cleaned_data["reason"])
        modeladmin.message_user(request, done(count), messages.SUCCESS)
        return None
    return action_form(
        modeladmin,
        request,
        queryset,
        form=form,
        title=title,
        action=action,
        submit_label=submit_label,
        excerpt=excerpt,
    )
