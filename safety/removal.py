"""Decisions on tools: suspend, remove, reinstate.

A decision on a tool is one short transaction: the tool row is locked, the decision recorded, the
tool's status set and the audit log written. Telling everyone (:mod:`safety.announce`) is queued
after commit (:mod:`safety.tasks`), so nothing is told of a decision that rolled back and the
staff member does not wait for ten thousand messages.
"""

from django.db import transaction
from django.http import HttpRequest

from hub.audit.services import audit_record
from hub.models import AuditEvent, User
from tools_catalog.models import Concern, Tool, ToolDecision
from tools_catalog.selectors import catalogue_changed

from . import tasks
from .announce import EMAIL_TEMPLATES

Action = ToolDecision.Action

# What each decision does: the status it sets, the statuses it applies to, the email it sends.
DECISIONS = {
    Action.SUSPEND: (
        Tool.Status.SUSPENDED,
        {Tool.Status.PUBLISHED},
        EMAIL_TEMPLATES[Action.SUSPEND],
    ),
    Action.REMOVE: (
        Tool.Status.REMOVED,
        {Tool.Status.PUBLISHED, Tool.Status.SUSPENDED},
        EMAIL_TEMPLATES[Action.REMOVE],
    ),
    Action.REINSTATE: (
        Tool.Status.PUBLISHED,
        {Tool.Status.SUSPENDED},
        EMAIL_TEMPLATES[Action.REINSTATE],
    ),
}


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
    # The catalogue's indexes re-read this one tool, in every process, now and after commit.
    catalogue_changed([tool.pk])
    transaction.on_commit(lambda: tasks.tool_decision_announce.delay(decision.pk))
    return decision
