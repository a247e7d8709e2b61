"""Reads of the watches: a member's own, one by id (404 for anyone else), one by its signed
unsubscribe link, and the changes each reported."""

from django.core import signing
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from hub.models import User

from .models import Watch, WatchChange, WatchedTool
from .services import UNSUBSCRIBE_SALT


def watches_of(user: User) -> QuerySet[Watch]:
    """The member's watches, newest first, each with how many tools it matches now and its last
    change."""
    last = WatchChange.objects.filter(watch=OuterRef("pk")).order_by("-created_at", "-pk")
    matching = (
        WatchedTool.objects.filter(watch=OuterRef("pk"), matching=True)
        .values("watch")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Watch.objects.filter(owner=user)
        .select_related("shortlist")
        .annotate(
            matching=Coalesce(Subquery(matching), 0),
            last_kind=Subquery(last.values("kind")[:1]),
            last_tool=Subquery(last.values("tool_name")[:1]),
            last_reasons=Subquery(last.values("reasons")[:1]),
            last_at=Subquery(last.values("created_at")[:1]),
        )
        .order_by("-created_at", "-pk")
    )


def watch_of(*, user: User, pk: int) -> Watch:
    """The member's own watch, or 404."""
    return get_object_or_404(Watch.objects.select_related("shortlist"), owner=user, pk=pk)


def watch_from_token(token: str) -> Watch:
    """The watch a signed unsubscribe link names, or 404 (a changed link, or a watch since gone)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    if not isinstance(pk, int):
        raise Http404
    return get_object_or_404(Watch.objects.select_related("shortlist"), pk=pk)


def changes_of(watch: Watch) -> QuerySet[WatchChange]:
    return WatchChange.objects.filter(watch=watch).order_by("-created_at", "-pk")
