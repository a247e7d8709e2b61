"""Community objects for tests: listed officers, events, forum categories and threads."""

from datetime import timedelta
from itertools import count

from django.utils import timezone

from community import services
from community.models import CommunityProfile, Event, ForumCategory, Thread
from tests.factories import make_officer

_serial = count(1)

ALL_SHOWN = {
    "show_name": True,
    "show_agency": True,
    "show_unit": True,
    "show_country": True,
    "show_languages": True,
    "show_expertise": True,
    "show_tools": True,
    "show_email": True,
    "show_phone": True,
}


def make_listed_officer(
    *, shows: dict | None = None, tools=(), phone: str = "", expertise: str = "", **officer
) -> tuple:
    """An officer who consented to be listed, showing what ``shows`` says (everything by default).

    Returns (user, profile).
    """
    user = make_officer(**officer)
    profile = services.profile_ensure(user=user)
    values = {}
    if phone:
        values["phone"] = phone
    if expertise:
        values["expertise"] = expertise
    services.profile_update(
        profile=profile, listed=True, tools=list(tools), **(ALL_SHOWN | (shows or {})), **values
    )
    profile.refresh_from_db()
    return user, profile


def profile_of(user) -> CommunityProfile:
    return CommunityProfile.objects.get(user=user)


def make_event(
    title: str | None = None,
    *,
    kind: str = Event.Kind.TRAINING,
    mode: str = Event.Mode.ONLINE,
    start=None,
    hours: int = 2,
    time_zone: str = "UTC",
    capacity: int | None = None,
    status: str = Event.Status.PUBLISHED,
    online_url: str = "https://meet.example/secret-room-42",
    place: str = "",
    **fields,
) -> Event:
    start = start or timezone.now() + timedelta(days=7)
    return Event.objects.create(
        title=title or f"Event {next(_serial)}",
        kind=kind,
        mode=mode,
        start=start,
        end=start + timedelta(hours=hours),
        time_zone=time_zone,
        capacity=capacity,
        status=status,
        online_url=online_url if mode != Event.Mode.IN_PERSON else "",
        place=place or ("Vienna International Centre" if mode != Event.Mode.ONLINE else ""),
        **fields,
    )


def make_category(slug: str | None = None, name: str = "Tools") -> ForumCategory:
    slug = slug or f"category-{next(_serial)}"
    return ForumCategory.objects.create(slug=slug, name=name)


def make_thread(
    *,
    author,
    category: ForumCategory | None = None,
    title: str = "A question",
    body: str = "<p>Hello</p>",
) -> Thread:
    return services.thread_start(
        category=category or make_category(), author=author, title=title, body=body
    )
