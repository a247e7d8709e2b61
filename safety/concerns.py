"""Triage of the concerns officers report about tools: staff move a concern from one status to the
next, and its reporter is told each time. (Reporting one is the officer's own write, in
tools_catalog.services; a decision on the tool is in :mod:`safety.removal`.)"""

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext

from hub.audit.services import audit_record
from hub.models import AuditEvent, User
from hub.outbox.services import email_queue, notice_send
from tools_catalog.models import Concern


def _status_title(tool_name: str) -> str:
    return gettext("Your concern about “%(tool)s” has a new status") % {"tool": tool_name}


def _status_body(label) -> str:
    return gettext("Status: %(status)s.") % {"status": label}


@transaction.atomic
def concern_status_set(
    *, concern: Concern, status: str, by: User, request: HttpRequest | None = None
) -> bool:
    """Staff move a concern to another status; the reporter gets an email and a notice.

    Returns False when the concern already has that status (nothing is written or sent).
    """
    if status not in Concern.Status.values:
        raise ValueError(f"unknown concern status {status!r}")
    concern = (
        Concern.objects.select_for_update(of=("self",))
        .select_related("tool", "reporter")
        .get(pk=concern.pk)
    )
    if concern.status == status:
        return False
    previous = concern.status
    concern.status = status
    concern.status_changed_at = timezone.now()
    concern.save(update_fields=["status", "status_changed_at"])
    event = audit_record(
        event=AuditEvent.Event.CONCERN,
        actor=by,
        target=concern,
        request=request,
        change="status",
        previous=previous,
        status=status,
    )
    reporter = concern.reporter
    if reporter is not None and reporter.is_active:
        link = reverse("tools:my_concerns")
        key = f"concern-status:{concern.pk}:{event.pk}"
        email_queue(
            to=reporter.email,
            recipient=reporter,
            template="concern_status",
            context={"user": reporter, "concern": concern, "tool_name": concern.tool.name,
                     "path": link},
            dedupe_key=key,
        )  # fmt: skip
        notice_send(
            user=reporter,
            title=lazy(_status_title, str)(concern.tool.name),
            body=lazy(_status_body, str)(Concern.Status(status).label),
            link=link,
            dedupe_key=key,
        )
    return True
