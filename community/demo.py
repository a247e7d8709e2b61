"""Demo data for the community: a forum thread, directory entries of the demo officers, and past
and upcoming events of every kind in several time zones. The forum categories are reference data
(community/reference/forum_categories.json), loaded first.

Idempotent: rows are looked up by a natural key (event and thread title, the officer)
and only created when missing, so a second run writes nothing. Event dates are set relative to the
day of the first run, so a fresh demo always has both past and upcoming events.
"""

import zoneinfo
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hub.models import Role, Status, User

from . import reference
from .models import CommunityProfile, Event, ForumCategory, Post, Registration, Thread
from .services import profile_ensure, profile_update, thread_start

# (title in English, French title or "", kind, mode, time zone, days from today, local start hour,
#  hours long, capacity, place, language)
EVENTS = [
    ("Global Hub community call: spring round-up", "Réunion de la communauté : bilan du printemps",
     "meeting", "online", "Europe/Paris", -40, 15, 1, None, "", "en"),
    ("Hackathon: triage at scale", "", "hackathon", "in_person", "Asia/Singapore", -12, 9, 32, 40,
     "Singapore Police Training Centre (demo)", "en"),
    ("Introduction to hash matching (online training)", "Introduction à la comparaison d'empreintes",
     "training", "online", "Africa/Dakar", 3, 10, 2, 2, "", "fr"),
    ("Responsible use of AI in investigations", "Usage responsable de l'IA dans les enquêtes",
     "training", "hybrid", "America/Sao_Paulo", 9, 14, 3, 30, "Brasília (demo venue)", "es"),
    ("Technical workshop: offline deployment of classifiers", "", "workshop", "in_person",
     "Europe/Berlin", 16, 9, 6, 20, "Wiesbaden (demo venue)", "en"),
    ("Regional community meeting: Asia and the Pacific", "", "meeting", "online",
     "Asia/Bangkok", 23, 13, 2, None, "", "en"),
    ("Global Hub annual conference", "Conférence annuelle du Global Hub", "conference", "hybrid",
     "America/New_York", 60, 9, 8, 300, "New York (demo venue)", "en"),
]  # fmt: skip

DESCRIPTION = (
    "<p>{title}. A demo event of the Global Hub community.</p>"
    "<p>Bring your questions; the session is not recorded.</p>"
)


def _moment(day: date, hour: int, zone: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)), zoneinfo.ZoneInfo(zone))


def seed_events() -> int:
    created = 0
    today = timezone.now().date()
    for (
        title,
        title_fr,
        kind,
        mode,
        zone,
        days,
        hour,
        hours,
        capacity,
        place,
        language,
    ) in EVENTS:
        if Event.objects.filter(title_en=title).exists():
            continue
        start = _moment(today + timedelta(days=days), hour, zone)
        online = mode in {Event.Mode.ONLINE, Event.Mode.HYBRID}
        Event.objects.create(
            kind=kind,
            title_en=title,
            title_fr=title_fr,
            description_en=DESCRIPTION.format(title=title),
            mode=mode,
            time_zone=zone,
            start=start,
            end=start + timedelta(hours=hours),
            registration_deadline=start - timedelta(days=1) if capacity else None,
            place=place,
            online_url="https://meet.globalhub.example/demo-" + kind if online else "",
            capacity=capacity,
            language=language,
            status=Event.Status.PUBLISHED,
        )
        created += 1
    return created


def _demo_officers() -> list[User]:
    from hub.demo import DEMO_OFFICERS

    emails = [officer["email"] for officer in DEMO_OFFICERS]
    return list(
        User.objects.filter(email__in=emails, role=Role.OFFICER, status=Status.APPROVED).order_by(
            "email"
        )
    )


def seed_directory() -> int:
    """The approved demo officers consent to be listed, each showing a different set of details."""
    from tools_catalog.models import Tool

    tools = list(Tool.objects.published().order_by("name")[:3])
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
    officers = _demo_officers()
    title = "Running triage tools without an internet connection"
    if len(officers) < 2 or Thread.objects.filter(title=title).exists():
        return 0
    first, second = officers[0], officers[1]
    thread = thread_start(
        category=ForumCategory.objects.get(slug="tools"),
        author=first,
        title=title,
        body=(
            "<p>Our unit often works on seized devices in places without a reliable connection. "
            "Which tools have you used fully offline, and how do you update their hash lists?</p>"
        ),
    )
    Post.objects.create(
        thread=thread,
        author=second,
        body=(
            "<p>We copy the hash lists to an encrypted drive every week and update the laptops "
            "in the office. Check that the tool does not try to send usage data home.</p>"
        ),
    )
    return 1


def seed_registrations() -> int:
    officers = _demo_officers()
    event = Event.objects.filter(title_en=EVENTS[2][0]).first()
    if event is None or not officers:
        return 0
    created = 0
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
