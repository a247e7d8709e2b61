"""Decisions on tools: suspend, remove, reinstate, and telling everyone concerned.

A decision on a tool is one transaction: the tool row is locked, the decision recorded, the tool's
status set, the audit log written, and every message it causes written to the outbox and the
notices. Nothing is sent if the transaction rolls back, and the outbox sends each row once.

Who is told, once per decision (each key is ``tool-decision:<id>:email|notice:<user id>``):

* the users of the provider organisation: an email;
* officers who saved the tool or have it in a shortlist: an email and a notice, with guidance;
* every other vetted officer: a notice.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext

from hub.audit.services import audit_record
from hub.models import AuditEvent, Role, Status, User
from hub.outbox.services import emails_queue_many, notices_send_many
from tools_catalog.models import Concern, SavedTool, Tool, ToolDecision
from tools_catalog.selectors import catalogue_changed
from tools_catalog.signals import tool_users

Action = ToolDecision.Action

# What each decision does: the status it sets, the statuses it applies to, the email it sends.
DECISIONS = {
    Action.SUSPEND: (Tool.Status.SUSPENDED, {Tool.Status.PUBLISHED}, "tool_suspended"),
    Action.REMOVE: (
        Tool.Status.REMOVED,
        {Tool.Status.PUBLISHED, Tool.Status.SUSPENDED},
        "tool_removed",
    ),
    Action.REINSTATE: (Tool.Status.PUBLISHED, {Tool.Status.SUSPENDED}, "tool_reinstated"),
}
# Fields a recipient list needs, and nothing more: announcements may go to every officer.
RECIPIENT_FIELDS = ("pk", "email", "language")


class DecisionNotAllowed(ValueError):
    """The decision does not apply to the tool's status, or something it needs is missing."""


# Decisions on tools ---------------------------------------------------------------------------------


def tool_suspend(
    *,
    tool: Tool,
    by: User,
    reason: str,
    summary: str,
    guidance: str,
    request: HttpRequest | None = None,
    concern: Concern | None = None,
) -> ToolDecision:
    """Take a published tool out of the hub for now; it can be reinstated."""
    return _tool_decide(
        tool=tool, action=Action.SUSPEND, by=by, reason=reason, summary=summary,
        guidance=guidance, request=request, concern=concern,
    )  # fmt: skip


def tool_remove(
    *,
    tool: Tool,
    by: User,
    reason: str,
    summary: str,
    guidance: str,
    request: HttpRequest | None = None,
    concern: Concern | None = None,
) -> ToolDecision:
    """Remove a published or suspended tool from the hub for good; it goes into the removal log."""
    return _tool_decide(
        tool=tool, action=Action.REMOVE, by=by, reason=reason, summary=summary,
        guidance=guidance, request=request, concern=concern,
    )  # fmt: skip


def tool_reinstate(
    *,
    tool: Tool,
    by: User,
    reason: str,
    summary: str = "",
    request: HttpRequest | None = None,
    concern: Concern | None = None,
) -> ToolDecision:
    """List a suspended tool again (a removed one stays removed)."""
    return _tool_decide(
        tool=tool, action=Action.REINSTATE, by=by, reason=reason, summary=summary, guidance="",
        request=request, concern=concern,
    )  # fmt: skip


@transaction.atomic
def _tool_decide(
    *,
    tool: Tool,
    action: str,
    by: User,
    reason: str,
    summary: str,
    guidance: str,
    request: HttpRequest | None,
    concern: Concern | None,
) -> ToolDecision:
    new_status, applies_to, _template = DECISIONS[action]
    reason, summary, guidance = reason.strip(), summary.strip(), guidance.strip()
    if not reason:
        raise DecisionNotAllowed("a reason is required")
    if action != Action.REINSTATE and not summary:
        raise DecisionNotAllowed("a summary for officers and the provider is required")
    tool = Tool.objects.select_for_update().get(pk=tool.pk)
    if tool.status not in applies_to:
        raise DecisionNotAllowed(f"cannot {action} a tool whose status is {tool.status}")
    decision = ToolDecision.objects.create(
        tool=tool,
        action=action,
        previous_status=tool.status,
        reason=reason,
        summary=summary,
        guidance=guidance,
        concern=concern,
        decided_by=by,
    )
    # A direct update: "last updated" is about the tool's details, which have not changed.
    Tool.objects.filter(pk=tool.pk).update(status=new_status)
    audit_record(
        event=AuditEvent.Event.REMOVAL,
        actor=by,
        target=tool,
        request=request,
        decision=action,
        previous=tool.status,
        status=new_status,
        record=decision.pk,
        concern=concern.pk if concern else None,
    )
    _catalogue_refresh()
    tool_decision_announce(decision=decision)
    return decision


def _catalogue_refresh() -> None:
    """Cached facet counts, results and the facet index are read again, now and after commit.

    After commit as well: a page that rebuilt the cache between now and the commit saw the tool
    as it was before the decision.
    """
    catalogue_changed()
    transaction.on_commit(catalogue_changed)


# Telling everyone -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Announced:
    emails: int
    notices: int


def provider_recipients(tool: Tool) -> QuerySet[User]:
    """The provider organisation's users who can hear from the hub."""
    return User.objects.filter(
        organisation_id=tool.provider_id, role=Role.PROVIDER, status=Status.APPROVED,
        is_active=True,
    ).only(*RECIPIENT_FIELDS)  # fmt: skip


def _officers() -> QuerySet[User]:
    return User.objects.filter(role=Role.OFFICER, status=Status.APPROVED, is_active=True)


def _uses(tool: Tool) -> Q:
    """Officers who saved (follow) the tool, or use it otherwise (keep it in one of their
    shortlists: the wizard answers ``tool_users``)."""
    uses = Q(pk__in=SavedTool.objects.filter(tool=tool).values("user_id"))
    for _receiver, user_ids in tool_users.send(sender=Tool, tool=tool):
        uses |= Q(pk__in=user_ids)
    return uses


def officers_using(tool: Tool) -> QuerySet[User]:
    return _officers().filter(_uses(tool)).only(*RECIPIENT_FIELDS)


def officers_not_using(tool: Tool) -> QuerySet[User]:
    return _officers().exclude(_uses(tool)).only(*RECIPIENT_FIELDS)


_TITLES = {
    Action.SUSPEND: lambda name: gettext("“%(tool)s” is suspended for now") % {"tool": name},
    Action.REMOVE: lambda name: (
        gettext("“%(tool)s” was removed from the Global Hub") % {"tool": name}
    ),
    Action.REINSTATE: lambda name: gettext("“%(tool)s” is listed again") % {"tool": name},
}


def _notice_title(action: str, name: str) -> str:
    return _TITLES[action](name)


def _notice_body(action: str, summary: str, guidance: str, uses: bool) -> str:
    parts = [summary] if summary else []
    if uses:
        parts.append(gettext("You saved this tool or keep it in a shortlist."))
        if guidance:
            parts.append(gettext("If you use it: %(guidance)s") % {"guidance": guidance})
    if action == Action.REINSTATE:
        parts.append(gettext("It is in the catalogue again."))
    return "\n\n".join(parts)


@transaction.atomic
def tool_decision_announce(*, decision: ToolDecision) -> Announced:
    """Write the decision's emails and notices; calling it again for the same decision adds none."""
    decision = ToolDecision.objects.select_related("tool__provider").get(pk=decision.pk)
    tool = decision.tool
    _new_status, _applies_to, template = DECISIONS[decision.action]
    prefix = f"tool-decision:{decision.pk}"
    if decision.action == Action.REINSTATE:
        officer_link = tool.get_absolute_url()
    else:
        officer_link = f"{reverse('tools:removed')}#decision-{decision.pk}"
    context = {
        "tool_name": tool.name,
        "provider_name": tool.provider.name,
        "summary": decision.summary,
        "guidance": decision.guidance,
        "decided_at": decision.decided_at,
    }
    emails = emails_queue_many(
        recipients=provider_recipients(tool),
        template=template,
        context={**context, "for_provider": True,
                 "path": reverse("provider:tool", args=[tool.pk])},
        dedupe_prefix=f"{prefix}:email",
    )  # fmt: skip
    using = list(officers_using(tool))
    emails += emails_queue_many(
        recipients=using,
        template=template,
        context={**context, "for_provider": False, "path": officer_link},
        dedupe_prefix=f"{prefix}:email",
    )
    title = lazy(_notice_title, str)(decision.action, tool.name)
    notices = notices_send_many(
        users=using,
        title=title,
        body=lazy(_notice_body, str)(decision.action, decision.summary, decision.guidance, True),
        link=officer_link,
        dedupe_prefix=f"{prefix}:notice",
    )
    notices += notices_send_many(
        users=officers_not_using(tool),
        title=title,
        body=lazy(_notice_body, str)(decision.action, decision.summary, decision.guidance, False),
        link=officer_link,
        dedupe_prefix=f"{prefix}:notice",
    )
    return Announced(emails=emails, notices=notices)
