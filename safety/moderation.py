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


def _each(
    targets: Iterable[Model], *, by: User, request: HttpRequest | None, **decision
) -> list[Moderated]:
    """One decision (the other arguments of :func:`moderate`) on each of ``targets``."""
    return [moderate(target=target, by=by, request=request, **decision) for target in targets]


def _hide(
    targets: Iterable[Model],
    *,
    reason: str,
    close_reports: bool,
    by: User,
    request: HttpRequest | None,
) -> list[Moderated]:
    return _each(
        targets,
        by=by,
        request=request,
        decision="hide",
        changes={"is_hidden": True, "hidden_reason": reason},
        close_reports=close_reports,
        reason=reason,
    )


def _show(targets: Iterable[Model], *, by: User, request: HttpRequest | None) -> list[Moderated]:
    shown = {"is_hidden": False, "hidden_reason": ""}
    return _each(targets, by=by, request=request, decision="show", changes=shown)


def _reports_close(targets: Iterable[Model], *, by: User, request: HttpRequest | None) -> int:
    """The open reports on ``targets`` are handled; the content stays. Returns how many were open."""
    handled = _each(targets, by=by, request=request, decision="reports_handled", close_reports=True)
    return sum(done.reports_closed for done in handled)


def _changed(results: list[Moderated]) -> int:
    return sum(done.changed for done in results)


# Feedback on tools --------------------------------------------------------------------------------


@transaction.atomic
def feedback_hide(
    *, posts: Iterable[Feedback], reason: str, by: User, request: HttpRequest | None = None
) -> int:
    """Staff hide feedback posts; their open reports count as handled. Returns how many reports."""
    hidden = _hide(posts, reason=reason, close_reports=True, by=by, request=request)
    return sum(done.reports_closed for done in hidden)


@transaction.atomic
def feedback_show(
    *, posts: Iterable[Feedback], by: User, request: HttpRequest | None = None
) -> int:
    return _changed(_show(posts, by=by, request=request))


@transaction.atomic
def feedback_reports_close(
    *, posts: Iterable[Feedback], by: User, request: HttpRequest | None = None
) -> int:
    """Staff mark the open reports on these posts as handled, leaving the posts visible.
    Returns how many reports were open."""
    return _reports_close(posts, by=by, request=request)


# Threads --------------------------------------------------------------------------------------------


@transaction.atomic
def thread_lock(*, threads: Iterable[Thread], by: User, request: HttpRequest | None = None) -> int:
    """No more replies or edits in these threads. Returns how many were open."""
    return _changed(
        _each(threads, decision="lock", changes={"is_locked": True}, by=by, request=request)
    )


@transaction.atomic
def thread_unlock(
    *, threads: Iterable[Thread], by: User, request: HttpRequest | None = None
) -> int:
    return _changed(
        _each(threads, decision="unlock", changes={"is_locked": False}, by=by, request=request)
    )


@transaction.atomic
def thread_hide(
    *, threads: Iterable[Thread], reason: str, by: User, request: HttpRequest | None = None
) -> int:
    """Officers no longer see these threads, nor any post in them."""
    return _changed(_hide(threads, reason=reason, close_reports=False, by=by, request=request))


@transaction.atomic
def thread_show(*, threads: Iterable[Thread], by: User, request: HttpRequest | None = None) -> int:
    return _changed(_show(threads, by=by, request=request))


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
    return _changed(_hide(posts, reason=reason, close_reports=True, by=by, request=request))


@transaction.atomic
def post_show(*, posts: Iterable[Post], by: User, request: HttpRequest | None = None) -> int:
    return _changed(_show(posts, by=by, request=request))


@transaction.atomic
def post_reports_close(
    *, posts: Iterable[Post], by: User, request: HttpRequest | None = None
) -> int:
    """The open reports on these posts are handled and the posts stay visible. Returns how many
    reports were open."""
    return _reports_close(posts, by=by, request=request)


# Relayed messages -----------------------------------------------------------------------------------


@transaction.atomic
def message_reports_close(
    *, messages: Iterable[Message], by: User, request: HttpRequest | None = None
) -> int:
    """Staff have dealt with what the recipients reported. Returns how many reports were open."""
    return _reports_close(messages, by=by, request=request)
