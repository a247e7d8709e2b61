"""iCalendar (RFC 5545) for events: one event to download, or a member's personal feed.

The icalendar library escapes text, folds lines and ends them in CRLF. Times are given in UTC ("Z"),
which every calendar program converts to its own zone without needing a VTIMEZONE.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from html import unescape

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from .models import Event

PRODID = "-//Global Hub//Community events//EN"


def _plain(html: str) -> str:
    text = strip_tags(html.replace("</p>", "</p>\n").replace("<br>", "\n"))
    return "\n".join(line.strip() for line in unescape(text).splitlines()).strip()


def _vevent(event: Event, *, site_url: str, show_link: bool, stamp: datetime) -> icalendar.Event:
    url = site_url.rstrip("/") + event.get_absolute_url()
    description = _plain(event.description)
    if show_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    description = f"{description}\n\n{url}".strip()
    location = event.place if event.is_in_person else ""
    if not location and show_link and event.online_url:
        location = event.online_url
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.pk}@{settings.HUB_MAIL_DOMAIN}")
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("dtstart", event.start.astimezone(UTC))
    vevent.add("dtend", event.end.astimezone(UTC))
    vevent.add("last-modified", event.updated_at.astimezone(UTC))
    vevent.add("summary", event.title)
    vevent.add("description", description)
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    if location:
        vevent.add("location", location)
    return vevent


def calendar(events: Iterable[Event], *, name: str, show_link_for: set[int] | None = None) -> str:
    """A VCALENDAR of ``events``; the online link goes only into the events in ``show_link_for``."""
    stamp = timezone.now()
    show_link_for = show_link_for or set()
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", PRODID)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(
            _vevent(
                event, site_url=settings.SITE_URL, show_link=event.pk in show_link_for, stamp=stamp
            )
        )
    return cal.to_ical().decode("utf-8")
