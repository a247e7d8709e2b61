import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from hub.core.cldr import zone_name

from . import session_rescue
from .middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT, session_ends_at


def hub(request) -> dict:
    return {
        "HUB_ENV": settings.HUB_ENV,
        # Worked out only on the pages that show it (includes/session_notice.html).
        "session_notice": SimpleLazyObject(lambda: session_notice(request)),
    }


@dataclass(frozen=True)
class SessionNotice:
    """What a long form says about its session, and the mark it carries (hub.accounts.session_rescue)."""

    ends_at: datetime
    zone: zoneinfo.ZoneInfo
    idle: bool  # ends through inactivity; False when the absolute lifetime comes first
    owner: str
    field: str = session_rescue.FIELD

    @property
    def zone_label(self) -> str:
        return zone_name(self.zone)


def session_notice(request) -> SessionNotice | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if not (user and user.is_authenticated and session and SESSION_SEEN_AT in session):
        return None
    ends_at = session_ends_at(session)
    return SessionNotice(
        ends_at=datetime.fromtimestamp(ends_at, tz=UTC),
        zone=_time_zone(user),
        idle=ends_at < session[SESSION_LOGIN_AT] + settings.SESSION_COOKIE_AGE,
        owner=session_rescue.form_owner(user),
    )


def _time_zone(user) -> zoneinfo.ZoneInfo:
    # The hub knows a person's time zone only from an officer's community profile ("your time
    # zone"); everyone else reads UTC.
    name = getattr(getattr(user, "community_profile", None), "time_zone", "") or "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
