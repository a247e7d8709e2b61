"""Moderation of what members write, one pattern for every kind of content (feedback on tools,
forum threads and posts, ...): a staff decision changes the content and leaves an audit entry naming
the staff member and the content, in one transaction. Feature apps call :func:`moderate` from their
services; the admin calls those services.

Content that members can report has a ``reports`` relation whose rows carry ``resolved_at``.
"""

from typing import NamedTuple

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEvent, User
from .services import audit_record


class Moderated(NamedTuple):
    changed: bool  # something changed, and the decision was recorded
    reports_closed: int


@transaction.atomic
def moderate(
    *,
    target: Model,
    decision: str,
    by: User,
    changes: dict | None = None,
    close_reports: bool = False,
    request: HttpRequest | None = None,
    **details,
) -> Moderated:
    """Apply staff's ``decision`` to ``target`` and record it in the audit log.

    ``changes`` are field values written to the target, unless it has them already;
    ``close_reports`` marks its open reports as handled. When neither changes anything (the
    decision was taken before), nothing is written, so repeating an action records nothing new.
    ``details`` go into the audit entry and must be JSON values, never secrets.
    """
    changed = False
    if changes:
        # One conditional update: it also decides between two staff members acting at once.
        rows = type(target)._default_manager.filter(pk=target.pk).exclude(**changes)
        changed = rows.update(**changes) == 1
        for field, value in changes.items():
            setattr(target, field, value)
    closed = 0
    if close_reports:
        closed = target.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    if changed or closed:
        audit_record(
            event=AuditEvent.Event.MODERATION,
            actor=by,
            target=target,
            request=request,
            decision=decision,
            **details,
        )
    return Moderated(changed=bool(changed or closed), reports_closed=closed)
