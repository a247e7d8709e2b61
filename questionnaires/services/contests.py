"""A provider contests a decision that suspended or removed their tool."""

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse

from hub.audit.services import audit_record
from hub.models import AuditEvent, User
from hub.outbox.services import emails_queue_many
from tools_catalog.models import DecisionContest, ToolDecision

from .common import SubmissionError


def staff_recipients():
    """Hub staff who can act on a reply: active staff accounts."""
    return User.objects.filter(is_staff=True, is_active=True).only("pk", "email", "language")


@transaction.atomic
def decision_contest(
    *, decision: ToolDecision, by: User, message: str, request: HttpRequest | None = None
) -> DecisionContest:
    """Record the provider's reply with the decision, audit it and email hub staff."""
    message = message.strip()
    if not message:
        raise SubmissionError("a message is required")
    if decision.tool.provider_id != by.organisation_id:
        raise SubmissionError("only the tool's own provider can contest a decision on it")
    contest = DecisionContest.objects.create(decision=decision, author=by, message=message)
    audit_record(
        event=AuditEvent.Event.REMOVAL,
        actor=by,
        target=decision.tool,
        request=request,
        decision=decision.action,
        record=decision.pk,
        contest=contest.pk,
    )
    emails_queue_many(
        recipients=staff_recipients(),
        template="decision_contested",
        context={
            "tool_name": decision.tool.name,
            "provider_name": decision.tool.provider.name,
            "decided_at": decision.decided_at,
            "decision": decision.get_action_display(),
            "message": message,
            "path": reverse("admin:tools_catalog_tooldecision_change", args=[decision.pk]),
        },
        dedupe_prefix=f"decision-contest:{contest.pk}:email",
    )
    return contest
