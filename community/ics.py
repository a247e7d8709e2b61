"""iCalendar (RFC 5545) for events: one event to download, or a member's personal feed.

Written by hand because it is small: text values are escaped (§3.3.11), lines are folded at 75
octets without splitting a UTF-8 character (§3.1), lines end in CRLF, and times are given in UTC
("Z"), which every calendar program converts to its own zone without needing a VTIMEZONE.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from html import unescape

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from .models import Event

PRODID = "-//Global Hub//Community events//EN"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuation lines starting with a
    space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # the leading space counts
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _plain(html: str) -> str:
    text = strip_tags(html.replace("</p>", "</p>\n").replace("<br>", "\n"))
    return "\n".join(line.strip() for line in unescape(text).splitlines()).strip()


def _event_lines(event: Event, *, site_url: str, show_link: bool, stamp: datetime) -> list[str]:
    url = site_url.rstrip("/") + event.get_absolute_url()
    description = _plain(event.description)
    if show_link and event.online_url:
        description = f"{description}\n\n{event.online_url}".strip()
    description = f"{description}\n\n{url}".strip()
    location = event.place if event.is_in_person else ""
    if not location and show_link and event.online_url:
        location = event.online_url
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{settings.HUB_MAIL_DOMAIN}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(event.start)}",
        f"DTEND:{_utc(event.end)}",
        f"LAST-MODIFIED:{_utc(event.updated_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if event.status == Event.Status.CANCELLED else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, name: str, show_link_for: set[int] | None = None) -> str:
    """A VCALENDAR of ``events``; the online link goes only into the events in ``show_link_for``."""
    stamp = timezone.now()
    show_link_for = show_link_for or set()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(
            event, site_url=settings.SITE_URL, show_link=event.pk in show_link_for, stamp=stamp
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
