"""What the community holds about one member, for their own data export and account erasure.

The export holds what the member wrote and chose: their directory entry and its consent history,
event registrations, forum threads, posts and subscriptions, the messages they sent, and the fact
of each conversation. The other person in a conversation is not named and their messages are not
copied: those are the other member's words. The secret address of the calendar feed is left out.
"""

from django.db.models import Count, Q
from django.dispatch import receiver
from django.utils import timezone

from hub.models import Role, User
from hub.personal_data.registry import (
    MeSection,
    PersonalData,
    register_me_sections,
    register_personal_data,
)

from .models import (
    Block,
    CommunityProfile,
    Conversation,
    Message,
    MessageReport,
    Post,
    PostReport,
    Registration,
    Thread,
    ThreadSubscription,
)

# Every relation to the user model in this app, and the key of member_data() that holds its rows.
COVERED = {
    "community.CommunityProfile.user": "directory_entry",
    "community.Registration.user": "event_registrations",
    "community.Conversation.started_by": "conversations",
    "community.Conversation.recipient": "conversations",
    "community.Message.sender": "messages_sent",
    "community.Block.blocker": "members_blocked",
    "community.MessageReport.reporter": "message_reports",
    "community.Thread.author": "forum_threads",
    "community.Post.author": "forum_posts",
    "community.ThreadSubscription.user": "forum_subscriptions",
    "community.PostReport.reporter": "forum_post_reports",
}

# Relations to a user that the export leaves out on purpose, and why.
NOT_EXPORTED = {
    # That another member blocked this one is the other member's decision, and reporting it would
    # tell who blocked them.
    "community.Block.blocked": "the other member's decision",
}


def member_data(user: User) -> dict:
    return {
        "directory_entry": _directory_entry(user),
        "event_registrations": [
            {
                "event": registration.event.title,
                "starts": registration.event.start,
                "state": registration.state,
                "registered_at": registration.created_at,
                "waiting_list_since": registration.queued_at,
                "moved_up_at": registration.promoted_at,
                "cancelled_at": registration.cancelled_at,
            }
            for registration in Registration.objects.filter(user=user)
            .select_related("event")
            .order_by("created_at", "pk")
        ],
        "conversations": _conversations(user),
        "messages_sent": [
            {
                "conversation": message.conversation_id,
                "sent_at": message.created_at,
                "text": message.body,
            }
            for message in Message.objects.filter(sender=user).order_by("created_at", "pk")
        ],
        # Whom the member blocked is the other member's identity: only the fact and the date.
        "members_blocked": [
            {"since": block.created_at}
            for block in Block.objects.filter(blocker=user).order_by("created_at", "pk")
        ],
        "message_reports": [
            {
                "reason": report.reason,
                "reported_at": report.created_at,
                "handled_at": report.resolved_at,
            }
            for report in MessageReport.objects.filter(reporter=user).order_by("created_at", "pk")
        ],
        "forum_threads": [
            {
                "title": thread.title,
                "category": thread.category.name,
                "started_at": thread.created_at,
                "hidden_by_staff": thread.is_hidden,
                "why_hidden": thread.hidden_reason,
            }
            for thread in Thread.objects.filter(author=user)
            .select_related("category")
            .order_by("created_at", "pk")
        ],
        "forum_posts": [
            {
                "thread": post.thread.title,
                "text": post.body,
                "posted_at": post.created_at,
                "edited_at": post.edited_at,
                "deleted_by_you_at": post.deleted_at,
                "hidden_by_staff": post.is_hidden,
                "why_hidden": post.hidden_reason,
            }
            for post in Post.objects.filter(author=user)
            .select_related("thread")
            .order_by("created_at", "pk")
        ],
        "forum_subscriptions": [
            {"thread": subscription.thread.title, "since": subscription.created_at}
            for subscription in ThreadSubscription.objects.filter(user=user)
            .select_related("thread")
            .order_by("created_at", "pk")
        ],
        "forum_post_reports": [
            {
                "thread": report.post.thread.title,
                "reason": report.reason,
                "reported_at": report.created_at,
                "handled_at": report.resolved_at,
            }
            for report in PostReport.objects.filter(reporter=user)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        ],
    }


def _directory_entry(user: User) -> dict | None:
    profile = CommunityProfile.objects.filter(user=user).prefetch_related("tools").first()
    if profile is None:
        return None
    return {
        "listed": profile.listed,
        "consented_at": profile.consented_at,
        "agency": profile.agency,
        "unit": profile.unit,
        "country": str(profile.country or ""),
        "languages": profile.languages,
        "other_languages": profile.other_languages,
        "expertise": profile.expertise,
        "tools_used": sorted(tool.name for tool in profile.tools.all()),
        "phone": profile.phone,
        "details_shown": profile.visible_fields(),
        "time_zone": profile.time_zone,
        "updated_at": profile.updated_at,
        "consent_history": [
            {
                "at": change.at,
                "what": change.action,
                "details_shown": change.visible_fields,
                "details_changed": change.changed_fields,
            }
            for change in profile.history.order_by("at", "pk")
        ],
    }


def _conversations(user: User) -> list[dict]:
    conversations = (
        Conversation.objects.filter(Q(started_by=user) | Q(recipient=user))
        .annotate(
            from_you=Count("messages", filter=Q(messages__sender=user)),
            from_other=Count("messages", filter=~Q(messages__sender=user)),
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "conversation": conversation.pk,
            "started_at": conversation.created_at,
            "started_by_you": conversation.started_by_id == user.pk,
            "last_message_at": conversation.last_message_at,
            "messages_from_you": conversation.from_you,
            "messages_from_the_other_member": conversation.from_other,
            "you_showed_your_address": conversation.has_revealed(user),
        }
        for conversation in conversations
    ]


def member_erase(user: User) -> None:
    """Before the account goes: give up places at events still to come, so the waiting list moves.

    Everything else follows from the models: the directory entry, registrations, conversations
    and subscriptions are deleted with the account; threads, posts and reports stay, without an
    author.
    """
    from .services import registration_cancel

    upcoming = Registration.objects.filter(
        user=user,
        state__in=[Registration.State.REGISTERED, Registration.State.WAITING],
        event__start__gt=timezone.now(),
    )
    for registration in upcoming:
        registration_cancel(registration=registration)


@receiver(register_personal_data, dispatch_uid="community.personal_data")
def _personal_data(sender, **kwargs) -> PersonalData:
    return PersonalData(
        section="community",
        member_data=member_data,
        covered=COVERED,
        not_exported=NOT_EXPORTED,
        member_erase=member_erase,
    )


@receiver(register_me_sections, dispatch_uid="community.directory")
def _me_directory(sender, request, **kwargs) -> MeSection | None:
    """Whether the member is listed in the officer directory, under "What you agreed to" on their
    own page (/me/). Providers are never listed."""
    user = request.user
    if user.role == Role.PROVIDER:
        return None
    return MeSection(
        template="community/includes/me_directory.html",
        context={"directory": getattr(user, "community_profile", None)},
        place="consents",
    )
