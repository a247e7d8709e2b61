"""Reads of the community: the directory, conversations, events and the forum."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.models import Role, Status, User
from tools_catalog.selectors import published_tools

from .models import (
    Block,
    CommunityProfile,
    Conversation,
    Event,
    ForumCategory,
    Message,
    Post,
    Registration,
    Thread,
    ThreadSubscription,
)

DIRECTORY_PAGE_SIZE = 20
EVENTS_PAGE_SIZE = 15
THREADS_PAGE_SIZE = 20
POSTS_PAGE_SIZE = 20
CONVERSATIONS_PAGE_SIZE = 20

# Directory ------------------------------------------------------------------------------------------


def listed_profiles() -> QuerySet[CommunityProfile]:
    """Officers who consented to be listed and who are members now (vetted, not suspended).

    This is the only way into the directory: its page, search, counts and export all start here,
    so a withdrawal or a suspension takes effect everywhere at once.
    """
    return CommunityProfile.objects.filter(
        listed=True,
        user__role=Role.OFFICER,
        user__status=Status.APPROVED,
        user__is_active=True,
    )


def directory_entries(profiles: QuerySet[CommunityProfile]) -> QuerySet[CommunityProfile]:
    """The directory's entries among ``profiles`` (found from :func:`listed_profiles`), in name
    order, with the published tools each one uses."""
    return (
        profiles.distinct()
        .select_related("user")
        .prefetch_related(Prefetch("tools", queryset=_published_tools(), to_attr="published_tools"))
        .order_by("user__name", "pk")
    )


def _published_tools():
    return published_tools().order_by("name")


def directory_count() -> int:
    return listed_profiles().count()


def listed_profile(*, pk: int) -> CommunityProfile:
    """A listed officer's entry, or 404 (not listed, withdrawn, suspended, or never existed)."""
    return get_object_or_404(
        listed_profiles()
        .select_related("user")
        .prefetch_related(
            Prefetch("tools", queryset=_published_tools(), to_attr="published_tools")
        ),
        pk=pk,
    )


# How many tools the directory's "tool used" list offers: the most used. Any other is found by
# typing its name in the search, which matches the tools officers show.
DIRECTORY_TOOL_CHOICES = 40


def tools_in_directory(*, chosen: int | None = None) -> QuerySet:
    """The published tools that the most listed officers show as tools they use (the filter's
    choices), with ``chosen`` if some officer shows it, by name."""
    usage = (
        CommunityProfile.tools.through.objects.filter(
            communityprofile__in=listed_profiles().filter(show_tools=True),
            tool__in=published_tools(),
        )
        .values("tool_id")
        .annotate(users=Count("communityprofile_id"))
        .order_by("-users", "tool_id")
    )
    top = Q(pk__in=usage[:DIRECTORY_TOOL_CHOICES].values("tool_id"))
    if chosen:
        top |= Q(pk__in=usage.filter(tool_id=chosen).values("tool_id"))
    return _published_tools().filter(top).only("pk", "name")


def profile_history(profile: CommunityProfile):
    return profile.history.all()[:20]


# Conversations --------------------------------------------------------------------------------------


def member_label(user: User) -> str:
    """How a member is named to an officer they write to: as in the directory when listed,
    otherwise by their account name. Never their email address."""
    from django.utils.translation import gettext

    profile = CommunityProfile.objects.filter(user=user).select_related("user").first()
    if profile is not None and profile.listed:
        return profile.public_label
    return user.name or gettext("A Global Hub officer")


@dataclass(frozen=True)
class ConversationRow:
    conversation: Conversation
    other_label: str
    unread: bool


def conversation_rows(conversations, user: User) -> list[ConversationRow]:
    rows = []
    for conversation in conversations:
        read_at = getattr(conversation, f"{conversation.side(user)}_read_at")
        rows.append(
            ConversationRow(
                conversation=conversation,
                other_label=member_label(conversation.other(user)),
                unread=read_at is None or read_at < conversation.last_message_at,
            )
        )
    return rows


def conversations_of(user: User) -> QuerySet[Conversation]:
    return (
        Conversation.objects.filter(Q(started_by=user) | Q(recipient=user))
        .filter(messages__isnull=False)
        .distinct()
        .select_related("started_by", "recipient")
        .order_by("-last_message_at", "-pk")
    )


def conversation_for_user(*, user: User, pk: int) -> Conversation:
    """A conversation the user takes part in, or 404 for everyone else."""
    return get_object_or_404(
        Conversation.objects.filter(Q(started_by=user) | Q(recipient=user)).select_related(
            "started_by", "recipient"
        ),
        pk=pk,
    )


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("sender")


def message_for_recipient(*, user: User, pk: int) -> Message:
    """A message someone sent to the user (the only messages they may report), or 404."""
    message = get_object_or_404(
        Message.objects.select_related("conversation", "sender").filter(
            Q(conversation__started_by=user) | Q(conversation__recipient=user)
        ),
        pk=pk,
    )
    if message.sender_id == user.pk:
        raise Http404
    return message


def has_blocked(*, blocker: User, blocked: User) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def unread_conversation_count(user: User) -> int:
    started = Q(started_by=user) & (
        Q(started_by_read_at__isnull=True) | Q(started_by_read_at__lt=F("last_message_at"))
    )
    received = Q(recipient=user) & (
        Q(recipient_read_at__isnull=True) | Q(recipient_read_at__lt=F("last_message_at"))
    )
    return (
        Conversation.objects.filter(started | received)
        .filter(Exists(Message.objects.filter(conversation=OuterRef("pk")).exclude(sender=user)))
        .count()
    )


# Events ---------------------------------------------------------------------------------------------


def upcoming_trainings(*, limit: int = 5) -> QuerySet[Event]:
    """Published trainings that have not started yet, soonest first (also shown in the learning
    centre)."""
    return (
        Event.objects.published()
        .filter(kind=Event.Kind.TRAINING, start__gte=timezone.now())
        .order_by("start", "pk")[:limit]
    )


def events_for_members() -> QuerySet[Event]:
    """Published and cancelled events (drafts are for staff only), with the places taken."""
    return Event.objects.exclude(status=Event.Status.DRAFT).annotate(
        taken=Count("registrations", filter=Q(registrations__state=Registration.State.REGISTERED))
    )


def events_in_time(events: QuerySet[Event], *, past: bool = False) -> QuerySet[Event]:
    """Of ``events``, the upcoming ones soonest first, or the past ones most recent first."""
    now = timezone.now()
    if past:
        return events.filter(end__lt=now).order_by("-start", "-pk")
    return events.filter(end__gte=now).order_by("start", "pk")


def event_for_member(*, pk: int) -> Event:
    return get_object_or_404(events_for_members(), pk=pk)


def registration_of(*, event: Event, user: User) -> Registration | None:
    return (
        Registration.objects.filter(event=event, user=user)
        .exclude(state=Registration.State.CANCELLED)
        .first()
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line on the waiting list."""
    if registration.state != Registration.State.WAITING:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, state=Registration.State.WAITING
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_of(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .exclude(state=Registration.State.CANCELLED)
        .exclude(event__status=Event.Status.DRAFT)
        .filter(event__end__gte=timezone.now())
        .select_related("event")
        .order_by("event__start", "pk")
    )


def calendar_owner(*, token: str) -> CommunityProfile:
    """The profile whose secret calendar address this is, while they are a member; else 404."""
    profile = get_object_or_404(
        CommunityProfile.objects.select_related("user"), calendar_token=token
    )
    user = profile.user
    if user.role not in {Role.OFFICER, Role.STAFF} or not user.is_vetted or user.is_locked_out:
        raise Http404
    return profile


def calendar_events(user: User) -> QuerySet[Event]:
    """The events the member has a place at (cancelled events stay, marked cancelled, so that
    calendar programs take them out)."""
    return (
        Event.objects.exclude(status=Event.Status.DRAFT)
        .filter(registrations__user=user, registrations__state=Registration.State.REGISTERED)
        .order_by("start", "pk")
    )


# Forum ----------------------------------------------------------------------------------------------


def visible_threads() -> QuerySet[Thread]:
    return Thread.objects.filter(is_hidden=False)


def forum_categories() -> QuerySet[ForumCategory]:
    return ForumCategory.objects.annotate(
        thread_count=Count("threads", filter=Q(threads__is_hidden=False))
    ).order_by("position", "slug")


def category_threads(category: ForumCategory) -> QuerySet[Thread]:
    return (
        visible_threads()
        .filter(category=category)
        .select_related("author")
        .annotate(
            reply_count=Count("posts") - 1,
        )
        .order_by("-last_post_at", "-pk")
    )


def thread_for_member(*, pk: int) -> Thread:
    return get_object_or_404(visible_threads().select_related("category", "author"), pk=pk)


def thread_posts(thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author").order_by("created_at", "pk")


def post_page_number(post_pk: int, thread: Thread) -> int:
    """The page of the thread on which a post appears (links from emails land on it)."""
    post = thread.posts.filter(pk=post_pk).first()
    if post is None:
        return 1
    before = thread.posts.filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    ).count()
    return before // POSTS_PAGE_SIZE + 1


def is_following(*, thread: Thread, user: User) -> bool:
    return ThreadSubscription.objects.filter(thread=thread, user=user).exists()


def own_post(*, user: User, pk: int) -> Post:
    """The user's own post, still there and in a visible thread; anyone else's is 404."""
    return get_object_or_404(
        Post.objects.select_related("thread"),
        pk=pk,
        author=user,
        deleted_at__isnull=True,
        is_hidden=False,
        thread__is_hidden=False,
    )


def post_for_report(*, pk: int) -> Post:
    return get_object_or_404(
        Post.objects.select_related("thread"),
        pk=pk,
        deleted_at__isnull=True,
        is_hidden=False,
        thread__is_hidden=False,
    )
