"""Events: registration with capacity and a waiting list (also under concurrent registrations on
PostgreSQL), time zones, the online link, .ics files, the calendar feed and reminders."""

import re
import threading
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import Event, Registration
from community.selectors import upcoming_trainings
from community.tasks import send_event_reminders
from hub.models import Notice, OutboxEmail, Status
from tests.community.factories import make_event, profile_of
from tests.factories import login_verified, make_officer, make_provider, make_staff

SECRET_LINK = "https://meet.example/secret-room-42"


def register(client, event):
    return client.post(reverse("community:event_register", args=[event.pk]))


def cancel(client, event):
    return client.post(reverse("community:event_cancel", args=[event.pk]))


def states(event) -> dict[str, str]:
    return {
        r.user.name: r.state
        for r in Registration.objects.filter(event=event).select_related("user")
    }


# Registration and the waiting list ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_full_event_puts_officers_on_a_waiting_list_that_moves_up(deliver):
    event = make_event("Hash matching basics", capacity=1)
    ana, ben, cai = (make_officer(name=name) for name in ("Ana", "Ben", "Cai"))
    clients = {user.name: login_verified(Client(), user) for user in (ana, ben, cai)}
    for name in ("Ana", "Ben", "Cai"):
        assert register(clients[name], event).status_code == 302
    assert states(event) == {"Ana": "registered", "Ben": "waiting", "Cai": "waiting"}
    page = clients["Cai"].get(event.get_absolute_url()).content.decode()
    assert "waiting list (number 2)" in page

    with deliver():
        cancel(clients["Ana"], event)

    assert states(event) == {"Ana": "cancelled", "Ben": "registered", "Cai": "waiting"}
    assert [m.to for m in mail.outbox] == [[ben.email]]
    assert "Hash matching basics" in mail.outbox[0].subject
    assert Notice.objects.filter(user=ben, link=event.get_absolute_url()).exists()
    assert (
        "waiting list (number 1)" in clients["Cai"].get(event.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_registering_twice_keeps_one_place_and_a_newcomer_never_jumps_the_queue():
    event = make_event(capacity=2)
    first, second, third = make_officer(), make_officer(), make_officer()
    services.event_register(event=event, user=first)
    services.event_register(event=event, user=first)
    assert event.registrations.count() == 1
    services.event_register(event=event, user=second)
    waiting = services.event_register(event=event, user=third)
    assert waiting.state == Registration.State.WAITING
    # Staff raise the capacity: the waiting officer moves up.
    Event.objects.filter(pk=event.pk).update(capacity=3)
    services.waiting_list_promote(event=event)
    waiting.refresh_from_db()
    assert waiting.state == Registration.State.REGISTERED


@pytest.mark.django_db
def test_registration_closes_at_the_deadline():
    event = make_event(registration_deadline=timezone.now() - timedelta(minutes=1))
    client = login_verified(Client(), make_officer())
    response = register(client, event)
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert (
        "Registration for this event is closed."
        in client.get(event.get_absolute_url()).content.decode()
    )


@pytest.mark.django_db
def test_drafts_are_not_shown_and_providers_see_nothing():
    draft = make_event(status=Event.Status.DRAFT)
    officer = login_verified(Client(), make_officer())
    assert officer.get(draft.get_absolute_url()).status_code == 404
    assert register(officer, draft).status_code == 404
    published = make_event()
    provider = login_verified(Client(), make_provider())
    for url in (
        reverse("community:events"),
        published.get_absolute_url(),
        reverse("community:event_ics", args=[published.pk]),
    ):
        assert provider.get(url).status_code == 404
    assert register(provider, published).status_code == 404


def _register_concurrently(event, users, before=None) -> list[Exception]:
    errors: list[Exception] = []
    barrier = threading.Barrier(len(users) + (len(before) if before else 0))

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    actions = [lambda user=user: services.event_register(event=event, user=user) for user in users]
    actions += before or []
    workers = [threading.Thread(target=run, args=(action,)) for action in actions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    return errors


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one write transaction at a time, so it cannot show a race; "
    "run with DATABASE_URL=postgres://... to test the row lock",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook_the_event():
    event = make_event(capacity=3)
    officers = [make_officer(name=f"Racer {number}") for number in range(12)]
    errors = _register_concurrently(event, officers)
    assert errors == []
    registered = Registration.objects.filter(event=event, state=Registration.State.REGISTERED)
    waiting = Registration.objects.filter(event=event, state=Registration.State.WAITING)
    assert registered.count() == 3
    assert waiting.count() == 9


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_registrations_never_overbook_the_event():
    event = make_event(capacity=3)
    holders = [make_officer(name=f"Holder {number}") for number in range(3)]
    for holder in holders:
        services.event_register(event=event, user=holder)
    newcomers = [make_officer(name=f"Newcomer {number}") for number in range(8)]
    leaving = [
        lambda registration=registration: services.registration_cancel(registration=registration)
        for registration in Registration.objects.filter(user__in=holders[:2])
    ]
    errors = _register_concurrently(event, newcomers, before=leaving)
    assert errors == []
    registered = Registration.objects.filter(event=event, state=Registration.State.REGISTERED)
    assert registered.count() == 3
    assert Registration.objects.filter(event=event, state=Registration.State.WAITING).count() == 6


# Time zones -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_times_are_shown_in_the_events_zone_and_in_the_officers_own():
    start = datetime(2031, 1, 15, 1, 0, tzinfo=UTC)
    event = make_event(start=start, hours=2, time_zone="Asia/Tokyo")
    officer = make_officer()
    client = login_verified(Client(), officer)
    client.post(reverse("community:my_events"), {"time_zone": "America/New_York"})
    assert profile_of(officer).time_zone == "America/New_York"

    page = client.get(event.get_absolute_url()).content.decode()
    assert 'datetime="2031-01-15T10:00:00+09:00"' in page  # in Tokyo
    assert "(Japan)" in page
    assert 'datetime="2031-01-14T20:00:00-05:00"' in page  # the officer's own time
    assert "(United States (New York))" in page
    listing = client.get(reverse("community:events")).content.decode()
    assert 'datetime="2031-01-15T10:00:00+09:00"' in listing
    assert 'datetime="2031-01-14T20:00:00-05:00"' in listing


@pytest.mark.django_db
def test_an_unknown_time_zone_is_refused():
    officer = make_officer()
    client = login_verified(Client(), officer)
    response = client.post(reverse("community:my_events"), {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert profile_of(officer).time_zone == "UTC"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_event(time_zone="Mars/Olympus_Mons").full_clean()


# The online link ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_online_link_is_shown_only_to_registered_officers():
    event = make_event(capacity=1)
    holder, waiting = make_officer(), make_officer()
    holder_client = login_verified(Client(), holder)
    waiting_client = login_verified(Client(), waiting)
    assert SECRET_LINK not in holder_client.get(event.get_absolute_url()).content.decode()
    ics = holder_client.get(reverse("community:event_ics", args=[event.pk])).content.decode()
    assert SECRET_LINK not in ics

    register(holder_client, event)
    register(waiting_client, event)
    assert SECRET_LINK in holder_client.get(event.get_absolute_url()).content.decode()
    ics = holder_client.get(reverse("community:event_ics", args=[event.pk])).content.decode()
    assert SECRET_LINK in ics.replace("\r\n ", "")
    assert SECRET_LINK not in waiting_client.get(event.get_absolute_url()).content.decode()


# .ics and the calendar feed -------------------------------------------------------------------------


def parse_events(content: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
def test_the_ics_file_parses_and_has_the_right_times_and_text():
    start = datetime(2031, 6, 3, 7, 30, tzinfo=UTC)
    title = "Triage, hashing; and a back\\slash: “ünïcödé” 研讨会"
    event = make_event(
        title,
        start=start,
        hours=3,
        time_zone="Europe/Paris",
        description="<p>" + "Long description with commas, semicolons; and more. " * 6 + "</p>",
    )
    client = login_verified(Client(), make_officer())
    response = client.get(reverse("community:event_ics", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (RFC 5545 §3.1)
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")

    (vevent,) = parse_events(raw)
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
    assert vevent.decoded("DTEND") == start + timedelta(hours=3)
    assert str(vevent["SUMMARY"]) == title
    assert "commas, semicolons; and more." in str(vevent["DESCRIPTION"])
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert str(vevent["URL"]).endswith(event.get_absolute_url())


@pytest.mark.django_db
def test_the_personal_feed_holds_only_the_officers_registered_events():
    officer = make_officer(name="Fay Feed")
    mine, waiting_for, other = (
        make_event("Mine"),
        make_event("Full", capacity=0),
        make_event("Other"),
    )
    services.event_register(event=mine, user=officer)
    services.event_register(event=waiting_for, user=officer)
    client = login_verified(Client(), officer)
    page = client.get(reverse("community:my_events")).content.decode()
    token = profile_of(officer).calendar_token
    feed_url = reverse("community:calendar_feed", args=[token])
    assert feed_url in page

    anonymous = Client()  # a calendar program: no session
    response = anonymous.get(feed_url)
    assert response.status_code == 200
    events = parse_events(response.content)
    assert [str(e["SUMMARY"]) for e in events] == ["Mine"]
    assert SECRET_LINK in str(events[0]["DESCRIPTION"])
    assert other.title not in response.content.decode()


@pytest.mark.django_db
def test_resetting_the_feed_address_disables_the_old_one():
    officer = make_officer()
    client = login_verified(Client(), officer)
    client.get(reverse("community:my_events"))
    old = profile_of(officer).calendar_token
    client.post(reverse("community:calendar_reset"))
    new = profile_of(officer).calendar_token
    assert new != old
    assert Client().get(reverse("community:calendar_feed", args=[old])).status_code == 404
    assert Client().get(reverse("community:calendar_feed", args=[new])).status_code == 200


@pytest.mark.django_db
def test_the_feed_stops_when_the_officer_is_suspended():
    officer = make_officer()
    services.profile_ensure(user=officer)
    url = reverse("community:calendar_feed", args=[profile_of(officer).calendar_token])
    assert Client().get(url).status_code == 200
    officer.status = Status.SUSPENDED
    officer.save()
    assert Client().get(url).status_code == 404


# Reminders ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reminders_go_once_to_registered_officers_the_day_before(deliver):
    soon = make_event("Tomorrow's workshop", start=timezone.now() + timedelta(hours=20), capacity=1)
    later = make_event("Next week", start=timezone.now() + timedelta(days=6))
    holder, waiting = make_officer(name="Holder"), make_officer(name="Waiting")
    services.event_register(event=soon, user=holder)
    services.event_register(event=soon, user=waiting)
    services.event_register(event=later, user=holder)

    with deliver():
        assert send_event_reminders.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[holder.email]]
    assert "Tomorrow's workshop" in mail.outbox[0].subject

    with deliver():
        assert services.event_reminders_queue() == 0  # a second run sends nothing
    assert len(mail.outbox) == 1
    assert OutboxEmail.objects.filter(template="event_reminder").count() == 1


# The list of events ---------------------------------------------------------------------------------


def _titles(response) -> list[str]:
    return re.findall(
        r'<h2 id="event-\d+-title"><a href="[^"]+"[^>]*><span[^>]*>([^<]+)</span>',
        response.content.decode(),
    )


@pytest.mark.django_db
def test_the_list_shows_upcoming_events_soonest_first_and_past_ones_on_asking():
    now = timezone.now()
    make_event("Next week", start=now + timedelta(days=7))
    make_event("Tomorrow", start=now + timedelta(days=1))
    make_event("Called off", start=now + timedelta(days=3), status=Event.Status.CANCELLED)
    make_event("Not yet public", start=now + timedelta(days=2), status=Event.Status.DRAFT)
    make_event("Last month", start=now - timedelta(days=30))
    make_event("Last week", start=now - timedelta(days=7))
    officer = login_verified(Client(), make_officer())

    upcoming = officer.get(reverse("community:events"))
    past = officer.get(reverse("community:events"), {"when": "past"})

    assert _titles(upcoming) == ["Tomorrow", "Called off", "Next week"]
    assert _titles(past) == ["Last week", "Last month"]
    assert "<h1>Past events</h1>" in past.content.decode()


@pytest.mark.django_db
def test_the_list_filters_by_kind_and_mode_and_reports_an_unknown_value_next_to_its_field():
    now = timezone.now()
    workshop = {"kind": Event.Kind.WORKSHOP}
    make_event("Online training", start=now + timedelta(days=1))
    make_event(
        "Workshop in Vienna", mode=Event.Mode.IN_PERSON, start=now + timedelta(days=2), **workshop
    )
    make_event("Hybrid workshop", mode=Event.Mode.HYBRID, start=now + timedelta(days=3), **workshop)
    make_event("Old workshop", mode=Event.Mode.IN_PERSON, start=now - timedelta(days=3), **workshop)
    officer = login_verified(Client(), make_officer())

    def titles(**query) -> list[str]:
        return _titles(officer.get(reverse("community:events"), query))

    assert titles(kind="workshop") == ["Workshop in Vienna", "Hybrid workshop"]
    assert titles(kind="workshop", mode="in_person") == ["Workshop in Vienna"]
    assert titles(mode="in_person", when="past") == ["Old workshop"]
    response = officer.get(
        reverse("community:events"), {"kind": "workshop", "mode": "by-pigeon", "when": "past"}
    )
    assert response.status_code == 200
    assert 'id="id_mode_error"' in response.content.decode()
    assert _titles(response) == ["Old workshop"]  # the other filters still apply


# Learning centre ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upcoming_trainings_for_the_learning_centre():
    now = timezone.now()
    later = make_event("Later training", start=now + timedelta(days=9))
    sooner = make_event("Sooner training", start=now + timedelta(days=2))
    make_event("Past training", start=now - timedelta(days=2))
    make_event("Draft training", start=now + timedelta(days=3), status=Event.Status.DRAFT)
    make_event("A meeting", kind=Event.Kind.MEETING, start=now + timedelta(days=1))
    assert list(upcoming_trainings()) == [sooner, later]
    assert list(upcoming_trainings(limit=1)) == [sooner]


# Admin ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_enter_times_in_the_events_zone_and_see_registrations():
    staff = login_verified(Client(), make_staff())
    data = {
        "kind": "workshop",
        "title_en": "Admin workshop",
        "description_en": "<p>Hi <script>alert(1)</script></p>",
        "status": "published",
        "language": "en",
        "time_zone": "Europe/Paris",
        "start_0": "2031-03-01",
        "start_1": "10:00:00",
        "end_0": "2031-03-01",
        "end_1": "12:00:00",
        "mode": "in_person",
        "place": "Lyon",
        "capacity": "10",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    response = staff.post(reverse("admin:community_event_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title_en="Admin workshop")
    assert event.start == datetime(2031, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 in Paris (CET)
    assert "<script>" not in event.description

    registered = make_officer(name="Reg Istered")
    services.event_register(event=event, user=registered)
    page = staff.get(reverse("admin:community_event_change", args=[event.pk])).content.decode()
    assert registered.email in page
    assert 'value="10:00:00"' in page  # shown again in the event's zone
