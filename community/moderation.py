"""Staff moderation of the community: forum threads and posts, and reported messages.

Each decision goes through the hub's one moderation pattern (``hub.moderation.moderate``): the
change and its audit entry, naming the staff member and the content, are written together.
"""

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from hub.models import User
from hub.moderation import moderate

from .models import ForumCategory, Message, Post, Thread

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
