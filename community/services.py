"""Writes of the community: directory consent, messages relayed through the hub, event registration
with its waiting list and reminders, and the forum."""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from hub.core.idempotency import creates_once
from hub.models import User
from hub.outbox.services import email_queue, notice_send

from .models import (
    DIRECTORY_FIELDS,
    Block,
    CommunityProfile,
    Conversation,
    Event,
    ForumCategory,
    Message,
    MessageReport,
    Post,
    PostReport,
    ProfileChange,
    Registration,
    Thread,
    ThreadSubscription,
    calendar_token,
)
from .selectors import member_label

# Directory ------------------------------------------------------------------------------------------

# What an officer can edit in their entry (the name is always the account's vetted name).
PROFILE_VALUE_FIELDS = (
    "agency",
    "unit",
    "country",
    "languages",
    "other_languages",
    "expertise",
    "phone",
)
PROFILE_SHOW_FIELDS = tuple(f"show_{name}" for name in DIRECTORY_FIELDS)


def profile_ensure(*, user: User) -> CommunityProfile:
    """The member's community profile, made on first use and prefilled from their application.

    Prefilled details are not shown to anyone until the officer consents to be listed.
    """
    profile = CommunityProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    application = getattr(user, "application", None)
    defaults = {}
    if application is not None:
        defaults = {
            "agency": application.agency,
            "unit": application.unit,
            "country": application.country,
            "languages": list(application.languages or []),
            "other_languages": application.other_languages,
            "expertise": application.areas_of_work[:1000],
        }
    profile, _created = CommunityProfile.objects.get_or_create(user=user, defaults=defaults)
    return profile


def _profile_snapshot(profile: CommunityProfile) -> dict:
    values = {name: getattr(profile, name) for name in PROFILE_VALUE_FIELDS + PROFILE_SHOW_FIELDS}
    values["country"] = str(values["country"] or "")
    values["languages"] = sorted(values["languages"] or [])
    values["tools"] = sorted(profile.tools.values_list("pk", flat=True)) if profile.pk else []
    return values


@transaction.atomic
def profile_update(*, profile: CommunityProfile, listed: bool, tools=None, **values) -> list[str]:
    """Save the officer's entry and their consent; every change is written to its history.

    ``values`` are the entry's details and "show" switches. Returns the names of what changed.
    Withdrawing (``listed=False``) takes the officer out of the directory in this transaction.
    """
    profile = CommunityProfile.objects.select_for_update().get(pk=profile.pk)
    before = _profile_snapshot(profile)
    was_listed = profile.listed
    for name, value in values.items():
        if name not in PROFILE_VALUE_FIELDS + PROFILE_SHOW_FIELDS:
            raise ValueError(f"not a directory detail: {name}")
        setattr(profile, name, value)
    profile.listed = listed
    now = timezone.now()
    if listed and not was_listed:
        profile.consented_at = now
    elif was_listed and not listed:
        profile.consented_at = None
    profile.full_clean(exclude=["user", "calendar_token", "time_zone"])
    profile.save()
    if tools is not None:
        profile.tools.set(tools)
    after = _profile_snapshot(profile)
    changed = [name for name in after if after[name] != before[name]]
    if listed and not was_listed:
        action = ProfileChange.Action.CONSENTED
    elif was_listed and not listed:
        action = ProfileChange.Action.WITHDRAWN
    elif changed:
        action = ProfileChange.Action.CHANGED
    else:
        return []
    ProfileChange.objects.create(
        profile=profile,
        action=action,
        visible_fields=profile.visible_fields() if listed else [],
        changed_fields=changed,
        at=now,
    )
    return changed


@transaction.atomic
def profile_withdraw(*, profile: CommunityProfile) -> bool:
    """Take the officer out of the directory now. Their details are kept for them, shown to nobody."""
    profile = CommunityProfile.objects.select_for_update().get(pk=profile.pk)
    if not profile.listed:
        return False
    profile.listed = False
    profile.consented_at = None
    profile.save(update_fields=["listed", "consented_at", "updated_at"])
    ProfileChange.objects.create(profile=profile, action=ProfileChange.Action.WITHDRAWN)
    return True


def profile_time_zone_set(*, profile: CommunityProfile, time_zone: str) -> None:
    profile.time_zone = time_zone
    profile.full_clean(exclude=["user", "calendar_token"])
    profile.save(update_fields=["time_zone", "updated_at"])


def calendar_token_reset(*, profile: CommunityProfile) -> str:
    """A new secret address for the calendar feed; the old one stops working at once."""
    profile.calendar_token = calendar_token()
    profile.save(update_fields=["calendar_token", "updated_at"])
    return profile.calendar_token


# Messages relayed through the hub -------------------------------------------------------------------


class MessageRefused(Exception):
    """The message was not sent. ``reason`` is "rate_limited" or "undeliverable"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def messages_per_hour() -> int:
    return getattr(settings, "COMMUNITY_MESSAGES_PER_HOUR", 10)


def _rate_limit_take(user: User) -> bool:
    """Count one message against the sender's hourly allowance; False once it is used up.

    A fixed one-hour window in the shared cache (Redis in production), so the limit holds across
    web workers.
    """
    window = 3600
    key = f"community:messages:{user.pk}:{int(time.time() // window)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= messages_per_hour()


_sender_label_lazy = lazy(member_label, str)


def _is_blocked(*, sender: User, recipient: User) -> bool:
    return Block.objects.filter(blocker=recipient, blocked=sender).exists()


def _message_post(*, conversation: Conversation, sender: User, body: str) -> Message:
    recipient = conversation.other(sender)
    if not _rate_limit_take(sender):
        raise MessageRefused("rate_limited")
    if _is_blocked(sender=sender, recipient=recipient) or not recipient.is_active:
        raise MessageRefused("undeliverable")
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, created_at=now
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=now, **{f"{conversation.side(sender)}_read_at": now}
    )
    # Rendered in the recipient's language; the sender is named as the directory shows them.
    email_queue(
        to=recipient.email,
        recipient=recipient,
        template="community_message",
        context={
            "sender_label": _sender_label_lazy(sender),
            "body": body,
            "conversation_path": conversation.get_absolute_url(),
        },
        dedupe_key=f"community-message:{message.pk}",
    )
    return message


def _conversation_between(a: User, b: User) -> Conversation | None:
    return (
        Conversation.objects.filter(Q(started_by=a, recipient=b) | Q(started_by=b, recipient=a))
        .order_by("pk")
        .first()
    )


@creates_once
@transaction.atomic
def conversation_start(*, sender: User, profile: CommunityProfile, body: str) -> Message:
    """Write to an officer listed in the directory. Goes into the conversation the two already
    have, if any."""
    from .selectors import listed_profiles

    if not listed_profiles().filter(pk=profile.pk).exists() or profile.user_id == sender.pk:
        raise MessageRefused("undeliverable")
    conversation = _conversation_between(sender, profile.user)
    if conversation is None:
        conversation = Conversation.objects.create(started_by=sender, recipient=profile.user)
    return _message_post(conversation=conversation, sender=sender, body=body)


@creates_once
@transaction.atomic
def message_reply(*, conversation: Conversation, sender: User, body: str) -> Message:
    return _message_post(conversation=conversation, sender=sender, body=body)


def conversation_mark_read(*, conversation: Conversation, user: User) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(
        **{f"{conversation.side(user)}_read_at": timezone.now()}
    )


@transaction.atomic
def conversation_reveal(*, conversation: Conversation, user: User) -> bool:
    """Show the user's own email address to the other person in the conversation."""
    field = f"{conversation.side(user)}_revealed_at"
    changed = Conversation.objects.filter(pk=conversation.pk, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    if changed:
        notice_send(
            user=conversation.other(user),
            title=_("An officer shared their email address with you"),
            body=_sender_label_lazy(user),
            link=conversation.get_absolute_url(),
        )
    return bool(changed)


def sender_block(*, blocker: User, blocked: User) -> None:
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)


def sender_unblock(*, blocker: User, blocked: User) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


def message_report(*, message: Message, reporter: User, reason: str) -> MessageReport:
    report, _created = MessageReport.objects.get_or_create(
        message=message, reporter=reporter, defaults={"reason": reason}
    )
    return report


# Events ---------------------------------------------------------------------------------------------


class RegistrationClosed(Exception):
    pass


def _zone_of(user: User) -> str:
    return (
        CommunityProfile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        or "UTC"
    )


def _places_taken(event: Event) -> int:
    return event.registrations.filter(state=Registration.State.REGISTERED).count()


@transaction.atomic
def event_register(*, event: Event, user: User) -> Registration:
    """A place at the event, or a place on its waiting list when it is full.

    The event row is locked for the decision, so concurrent registrations are decided one after the
    other and the event is never over-booked. Someone already waiting keeps their turn: a newcomer
    never gets a place before them.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.is_registration_open:
        raise RegistrationClosed
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.state != Registration.State.CANCELLED:
        return registration
    waiting = event.registrations.filter(state=Registration.State.WAITING).exists()
    has_place = event.capacity is None or _places_taken(event) < event.capacity
    now = timezone.now()
    state = (
        Registration.State.REGISTERED if has_place and not waiting else Registration.State.WAITING
    )
    if registration is None:
        registration = Registration(event=event, user=user, created_at=now)
    registration.state = state
    registration.queued_at = now if state == Registration.State.WAITING else None
    registration.promoted_at = None
    registration.cancelled_at = None
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> bool:
    """The officer gives up their place (or leaves the waiting list); the next in line moves up."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.state == Registration.State.CANCELLED or event.start <= timezone.now():
        return False
    registration.state = Registration.State.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["state", "cancelled_at"])
    waiting_list_promote(event=event)
    return True


@transaction.atomic
def waiting_list_promote(*, event: Event) -> list[Registration]:
    """Give free places to the waiting list, first come first served, and tell those who moved up.

    Called when someone cancels and when staff add places. Nobody moves up once the event started.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED or event.start <= timezone.now():
        return []
    waiting = event.registrations.filter(state=Registration.State.WAITING).order_by(
        "queued_at", "pk"
    )
    if event.capacity is not None:
        free = event.capacity - _places_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_related("user"))
    now = timezone.now()
    for registration in promoted:
        registration.state = Registration.State.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["state", "promoted_at"])
        stamp = int(now.timestamp())
        email_queue(
            to=registration.user.email,
            recipient=registration.user,
            template="event_place_offered",
            context={
                "user": registration.user,
                "event": event,
                "my_zone": _zone_of(registration.user),
            },
            dedupe_key=f"event-promoted:{registration.pk}:{stamp}",
        )
        notice_send(
            user=registration.user,
            title=_("You have a place at an event"),
            body=event.title,
            link=event.get_absolute_url(),
            dedupe_key=f"event-promoted:{registration.pk}:{stamp}",
        )
    return promoted


@transaction.atomic
def event_cancel(*, event: Event) -> int:
    """Staff call an event off; everyone registered or waiting is told. Returns how many."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        return 0
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    people = event.registrations.exclude(state=Registration.State.CANCELLED).select_related("user")
    count = 0
    for registration in people:
        count += 1
        email_queue(
            to=registration.user.email,
            recipient=registration.user,
            template="event_cancelled",
            context={
                "user": registration.user,
                "event": event,
                "my_zone": _zone_of(registration.user),
            },
            dedupe_key=f"event-cancelled:{registration.pk}",
        )
    return count


REMINDER_AHEAD = timedelta(hours=24)


def event_reminders_queue(*, now: datetime | None = None) -> int:
    """Remind everyone registered for an event that starts within the next day.

    Run every hour. Each reminder has a dedupe key (registration and start time), so a second run
    sends nothing, while a rescheduled event is reminded of again.
    """
    now = now or timezone.now()
    registrations = Registration.objects.filter(
        state=Registration.State.REGISTERED,
        event__status=Event.Status.PUBLISHED,
        event__start__gt=now,
        event__start__lte=now + REMINDER_AHEAD,
        user__is_active=True,
    ).select_related("event", "user")
    queued = 0
    for registration in registrations:
        event = registration.event
        with transaction.atomic():
            message = email_queue(
                to=registration.user.email,
                recipient=registration.user,
                template="event_reminder",
                context={
                    "user": registration.user,
                    "event": event,
                    "my_zone": _zone_of(registration.user),
                },
                dedupe_key=f"event-reminder:{registration.pk}:{event.start:%Y%m%dT%H%M}",
            )
        queued += message is not None
    return queued


# Forum ----------------------------------------------------------------------------------------------


class ThreadLocked(Exception):
    pass


def _subscribe(*, thread: Thread, user: User) -> None:
    ThreadSubscription.objects.get_or_create(thread=thread, user=user)


@creates_once
@transaction.atomic
def thread_start(*, category: ForumCategory, author: User, title: str, body: str) -> Thread:
    """A new thread with its first post. The author follows it."""
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title, author=author, created_at=now, last_post_at=now
    )
    Post.objects.create(thread=thread, author=author, body=body, created_at=now)
    _subscribe(thread=thread, user=author)
    return thread


@creates_once
@transaction.atomic
def post_reply(*, thread: Thread, author: User, body: str) -> Post:
    """A reply; everyone following the thread, except its author, hears of it by email."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_locked or thread.is_hidden:
        raise ThreadLocked
    now = timezone.now()
    post = Post.objects.create(thread=thread, author=author, body=body, created_at=now)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now)
    _subscribe(thread=thread, user=author)
    followers = (
        ThreadSubscription.objects.filter(thread=thread, user__is_active=True)
        .exclude(user=author)
        .select_related("user")
    )
    for subscription in followers:
        reader = subscription.user
        if not reader.is_vetted:
            continue
        email_queue(
            to=reader.email,
            recipient=reader,
            template="forum_reply",
            context={
                "user": reader,
                "thread": thread,
                "author_name": author.name or _("An officer"),
                "post_path": f"{thread.get_absolute_url()}?post={post.pk}#post-{post.pk}",
            },
            dedupe_key=f"forum-reply:{post.pk}:{reader.pk}",
        )
    return post


def post_edit(*, post: Post, body: str) -> None:
    if post.thread.is_locked:
        raise ThreadLocked
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])


def post_delete(*, post: Post) -> None:
    """The author deletes their post: its text goes, a "post deleted" marker keeps the thread
    readable."""
    post.body = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "deleted_at"])


def post_report(*, post: Post, reporter: User, reason: str) -> PostReport:
    report, _created = PostReport.objects.get_or_create(
        post=post, reporter=reporter, defaults={"reason": reason}
    )
    return report


def thread_follow_toggle(*, thread: Thread, user: User) -> bool:
    """Follow or stop following a thread. Returns True when the user now follows it."""
    deleted, _ = ThreadSubscription.objects.filter(thread=thread, user=user).delete()
    if deleted:
        return False
    _subscribe(thread=thread, user=user)
    return True
