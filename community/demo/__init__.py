"""Demo data for the community, kept beside this module: a forum thread between the demo officers
(``forum.json``), their directory entries, and past and upcoming events of every kind in several
time zones (``events.json``). The forum categories are reference data
(community/reference/forum_categories.json), loaded first.

Idempotent: rows are looked up by a natural key (event and thread title, the officer)
and only created when missing, so a second run writes nothing. Event dates are set relative to the
day of the first run, so a fresh demo always has both past and upcoming events.
"""

import zoneinfo
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from hub.accounts.demo import DEMO_OFFICERS
from hub.core.reference import read, translated
from hub.models import Role, Status, User
from tools_catalog.selectors import published_tools

from .. import reference
from ..models import CommunityProfile, Event, ForumCategory, Post, Registration, Thread
from ..services import profile_ensure, profile_update, thread_start

DEMO_DIR = Path(__file__).resolve().parent


def _moment(day: date, hour: int, zone: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), zoneinfo.ZoneInfo(zone))


def seed_events() -> int:
    """Dates are days from today (the first run's), at a local hour in the event's time zone."""
    created = 0
    today = timezone.now().date()
    data = read(DEMO_DIR / "events.json")
    for event in data["events"]:
        title = event["title"]["en"]
        if Event.objects.filter(title_en=title).exists():
            continue
        start = _moment(
            today + timedelta(days=event["days_from_today"]),
            event["start_hour"],
            event["time_zone"],
        )
        online = event["mode"] in {Event.Mode.ONLINE, Event.Mode.HYBRID}
        Event.objects.create(
            kind=event["kind"],
            **translated("title", event["title"]),
            description_en=data["description"].format(title=title),
            mode=event["mode"],
            time_zone=event["time_zone"],
            start=start,
            end=start + timedelta(hours=event["hours"]),
            registration_deadline=start - timedelta(days=1) if event["capacity"] else None,
            place=event["place"],
            online_url="https://meet.globalhub.example/demo-" + event["kind"] if online else "",
            capacity=event["capacity"],
            language=event["language"],
            status=Event.Status.PUBLISHED,
        )
        created += 1
    return created


def _demo_officers() -> list[User]:
    emails = [officer["email"] for officer in DEMO_OFFICERS]
    return list(
        User.objects.filter(email__in=emails, role=Role.OFFICER, status=Status.APPROVED).order_by(
            "email"
        )
    )


def seed_directory() -> int:
    """The approved demo officers consent to be listed, each showing a different set of details."""
    tools = list(published_tools().order_by("name")[:3])
    listed = 0
    for index, officer in enumerate(_demo_officers()):
        if CommunityProfile.objects.filter(user=officer).exists():
            continue
        profile = profile_ensure(user=officer)
        shows = {
            "show_name": True,
            "show_agency": True,
            "show_unit": index % 2 == 1,
            "show_country": True,
            "show_languages": True,
            "show_expertise": True,
            "show_tools": True,
            "show_email": index % 2 == 1,
            "show_phone": False,
        }
        profile_update(profile=profile, listed=True, tools=tools[index : index + 2], **shows)
        listed += 1
    return listed


def seed_forum() -> int:
    """Each thread's posts are written by the demo officers in turn."""
    officers = _demo_officers()
    if len(officers) < 2:
        return 0
    created = 0
    for data in read(DEMO_DIR / "forum.json")["threads"]:
        if Thread.objects.filter(title=data["title"]).exists():
            continue
        first, *replies = data["posts"]
        thread = thread_start(
            category=ForumCategory.objects.get(slug=data["category"]),
            author=officers[0],
            title=data["title"],
            body=first,
        )
        for number, body in enumerate(replies, start=1):
            Post.objects.create(thread=thread, author=officers[number % len(officers)], body=body)
        created += 1
    return created


def seed_registrations() -> int:
    officers = _demo_officers()
    titles = [
        event["title"]["en"]
        for event in read(DEMO_DIR / "events.json")["events"]
        if event.get("demo_officers_registered")
    ]
    created = 0
    for event in Event.objects.filter(title_en__in=titles):
        for officer in officers:
            _registration, was_created = Registration.objects.get_or_create(
                event=event, user=officer, defaults={"state": Registration.State.REGISTERED}
            )
            created += was_created
    return created


def seed(*, stdout) -> None:
    categories = reference.forum_categories_load().created
    events = seed_events()
    listed = seed_directory()
    threads = seed_forum()
    registrations = seed_registrations()
    stdout.write(
        f"  community: {categories} forum categories, {events} events, {listed} directory entries, "
        f"{threads} threads, {registrations} registrations created"
    )
