"""What the portal's writes share: the audit entry of a submission, the provider's users, links."""

from django.urls import reverse

from hub.audit.services import audit_record
from hub.models import AuditEvent, Organisation, Role, Status, User
from tools_catalog.models import Tool

from ..models import ToolRevision

# Until the hub has an audit event of its own for reviews ("review"), review decisions are recorded
# as vetting decisions, told apart by ``subject="tool_submission"`` in the details.
REVIEW_EVENT = getattr(AuditEvent.Event, "REVIEW", AuditEvent.Event.VETTING)


class SubmissionError(ValueError):
    """The submission is not in a state that allows this."""


def audit(*, action: str, revision: ToolRevision, by: User | None, request=None, **details):
    audit_record(
        event=REVIEW_EVENT,
        actor=by,
        target=revision.tool,
        request=request,
        subject="tool_submission",
        action=action,
        submission=revision.number,
        kind=revision.kind,
        **details,
    )


def provider_users(organisation: Organisation) -> list[User]:
    return list(
        organisation.users.filter(is_active=True, role=Role.PROVIDER, status=Status.APPROVED)
    )


def portal_link(tool: Tool) -> str:
    return reverse("provider:tool", args=[tool.pk])
