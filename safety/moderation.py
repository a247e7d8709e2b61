"""Moderation of what members write, one pattern for every kind of content: officers' feedback on
tools, forum threads and posts, and relayed messages that their recipients reported.

A staff decision (hide, show again, lock, move, handle the reports) changes the content and leaves
an audit entry naming the staff member and the content, in one transaction: :func:`moderate` is
that pattern, and each service below is one decision on one kind of content. The admin
(:mod:`safety.admin`) calls these services.

Content that members can report has a ``reports`` relation whose rows carry ``resolved_at``.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from community.models import ForumCategory, Message, Post, Thread
from hub.audit.services import audit_record
from hub.models import AuditEvent, User
from tools_catalog.models import Feedback


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


# Feedback on tools --------------------------------------------------------------------------------


@transaction.atomic
def feedback_hide(
    *, posts: Iterable[Feedback], reason: str, by: User, request: HttpRequest | None = None
) -> int:
    """Staff hide feedback posts; their open reports count as handled. Returns how many reports."""
    return sum(
        moderate(
            target=post,
            decision="hide",
            by=by,
            request=request,
            changes={"is_hidden": True, "hidden_reason": reason},
            close_reports=True,
            reason=reason,
        ).reports_closed
        for post in posts
    )


@transaction.atomic
def feedback_show(
    *, posts: Iterable[Feedback], by: User, request: HttpRequest | None = None
) -> None:
    for post in posts:
        moderate(
            target=post,
            decision="show",
            by=by,
            request=request,
            changes={"is_hidden": False, "hidden_reason": ""},
        )


@transaction.atomic
def feedback_reports_close(
    *, posts: Iterable[Feedback], by: User, request: HttpRequest | None = None
) -> int:
    """Staff mark the open reports on these posts as handled, leaving the posts visible.
    Returns how many reports were open."""
    return sum(
        moderate(
            target=post, decision="reports_handled", by=by, request=request, close_reports=True
        ).reports_closed
        for post in posts
    )


# Threads --------------------------------------------------------------------------------------------


@transaction.atomic
def thread_lock(*, threads: Iterable[Thread], by: User, request: HttpRequest | None = None) -> int:
    """No more replies or edits in these threads. Returns how many were open."""
    return sum(
        moderate(
            target=thread, decision="lock", by=by, request=request, changes={"is_locked": True}
        ).changed
        for thread in threads
    )


@transaction.atomic
def thread_unlock(
    *, threads: Iterable[Thread], by: User, request: HttpRequest | None = None
) -> int:
    return sum(
        moderate(
            target=thread, decision="unlock", by=by, request=request, changes={"is_locked": False}
        ).changed
        for thread in threads
    )


@transaction.atomic
def thread_hide(
    *, threads: Iterable[Thread], reason: str, by: User, request: HttpRequest | None = None
) -> int:
    """Officers no longer see these threads, nor any post in them."""
    return sum(
        moderate(
            target=thread,
            decision="hide",
            by=by,
            request=request,
            changes={"is_hidden": True, "hidden_reason": reason},
            reason=reason,
        ).changed
        for thread in threads
    )


@transaction.atomic
def thread_show(*, threads: Iterable[Thread], by: User, request: HttpRequest | None = None) -> int:
    return sum(
        moderate(
            target=thread,
            decision="show",
            by=by,
            request=request,
            changes={"is_hidden": False, "hidden_reason": ""},
        ).changed
        for thread in threads
    )


@transaction.atomic
def thread_move(
    *,
    threads: Iterable[Thread],
    category: ForumCategory,
    by: User,
    request: HttpRequest | None = None,
) -> int:
    moved = 0
    for thread in threads:
        previous = str(thread.category)
        moved += moderate(
            target=thread,
            decision="move",
            by=by,
            request=request,
            changes={"category": category},
            previous=previous,
            category=str(category),
        ).changed
    return moved


# Posts ----------------------------------------------------------------------------------------------


@transaction.atomic
def post_hide(
    *, posts: Iterable[Post], reason: str, by: User, request: HttpRequest | None = None
) -> int:
    """Hide posts from officers; their open reports count as handled. Returns how many posts."""
    return sum(
        moderate(
            target=post,
            decision="hide",
            by=by,
            request=request,
            changes={"is_hidden": True, "hidden_reason": reason},
            close_reports=True,
            reason=reason,
        ).changed
        for post in posts
    )


@transaction.atomic
def post_show(*, posts: Iterable[Post], by: User, request: HttpRequest | None = None) -> int:
    return sum(
        moderate(
            target=post,
            decision="show",
            by=by,
            request=request,
            changes={"is_hidden": False, "hidden_reason": ""},
        ).changed
        for post in posts
    )


@transaction.atomic
def post_reports_close(
    *, posts: Iterable[Post], by: User, request: HttpRequest | None = None
) -> int:
    """The open reports on these posts are handled and the posts stay visible. Returns how many
    reports were open."""
    return sum(
        moderate(
            target=post, decision="reports_handled", by=by, request=request, close_reports=True
        ).reports_closed
        for post in posts
    )


# Relayed messages -----------------------------------------------------------------------------------


@transaction.atomic
def message_reports_close(
    *, messages: Iterable[Message], by: User, request: HttpRequest | None = None
) -> int:
    """Staff have dealt with what the recipients reported. Returns how many reports were open."""
    return sum(
        moderate(
            target=message,
            decision="reports_handled",
            by=by,
            request=request,
            close_reports=True,
        ).reports_closed
        for message in messages
    )
