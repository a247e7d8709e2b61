"""The community: a consent-based directory of officers, messages relayed through the hub, events
with registration, and a moderated discussion forum. Every model is imported here, so Django finds
them all."""

from .directory import DIRECTORY_FIELDS, CommunityProfile, ProfileChange
from .events import (
    Event,
    EventQuerySet,
    Registration,
    calendar_token,
    time_zone_choices,
    time_zone_names,
    validate_time_zone,
)
from .forum import (
    RESERVED_CATEGORY_SLUGS,
    ForumCategory,
    Post,
    PostReport,
    Thread,
    ThreadSubscription,
    validate_category_slug,
)
from .messages import Block, Conversation, Message, MessageReport

__all__ = [
    "DIRECTORY_FIELDS",
    "RESERVED_CATEGORY_SLUGS",
    "Block",
    "CommunityProfile",
    "Conversation",
    "Event",
    "EventQuerySet",
    "ForumCategory",
    "Message",
    "MessageReport",
    "Post",
    "PostReport",
    "ProfileChange",
    "Registration",
    "Thread",
    "ThreadSubscription",
    "calendar_token",
    "time_zone_choices",
    "time_zone_names",
    "validate_time_zone",
    "validate_category_slug",
]
