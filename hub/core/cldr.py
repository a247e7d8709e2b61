"""Dates and time zones as the reader's language writes them, from the Unicode CLDR (through Babel).

Django's own formats are written per language by hand and do not all follow CLDR (its Arabic has
no date-and-time format at all, so an Arabic page fell back to the English order); Babel carries
CLDR's patterns, month names and time-zone names for every language the hub speaks. No database
access.
"""

from datetime import date, datetime, tzinfo
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, to_locale

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"})


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale of a Django language code ("zh-hans" -> zh_Hans); the active one by default."""
    return _locale(language or get_language() or settings.LANGUAGE_CODE)


@cache
def _locale(code: str) -> Locale:
    try:
        return Locale.parse(to_locale(code))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(to_locale(settings.LANGUAGE_CODE))


# Dates ----------------------------------------------------------------------------------------------


def date_shown(value: date | datetime | None, style: str = "date", language: str | None = None):
    """A date, or a date and time, as CLDR writes it in the reader's language.

    ``style`` is "date" (5 March 2026), "datetime" (5 March 2026, 14:30) or "time" (14:30). An aware
    datetime is shown in the current time zone (``{% timezone %}`` or the default), as Django's
    ``date`` filter does.
    """
    if value is None or value == "":
        return ""
    locale = babel_locale(language)
    if isinstance(value, datetime):
        # As Django's ``date`` filter: into the current time zone, unless ``|timezone:`` chose one.
        value = timezone.template_localtime(value)
    if style == "time":
        return format_time(value, "short", locale=locale)
    shown = format_date(value, "long", locale=locale)
    if style == "datetime" and isinstance(value, datetime):
        time = format_time(value, "short", locale=locale)
        return locale.datetime_formats["medium"].format(time, shown)
    return shown


# Time zones -----------------------------------------------------------------------------------------


def zone_name(zone: str | tzinfo, language: str | None = None) -> str:
    """A time zone as a place in the reader's language: "Senegal" (not "Africa/Dakar"), or the
    country with a city where the country spans several zones: "United States (New York)"."""
    name = str(zone or "UTC")
    if name in UTC_NAMES:
        return "UTC"
    locale = babel_locale(language)
    canonical = get_global("zone_aliases").get(name, name)
    territory = get_global("zone_territories").get(canonical)
    country = locale.territories.get(territory) if territory not in (None, "001", "ZZ") else None
    if not country:
        return name.replace("_", " ")
    if len(get_global("territory_zones").get(territory, ())) <= 1:
        return country
    return locale.zone_formats["fallback"] % {"0": _city(canonical, locale), "1": country}


def _city(zone: str, locale: Locale) -> str:
    # CLDR may name the city under an older name of the zone (Europe/Kiev for Europe/Kyiv).
    older = [old for old, new in get_global("zone_aliases").items() if new == zone]
    for key in (zone, *older):
        city = locale.time_zones.get(key, {}).get("city")
        if city:
            return city
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_choices(names, *, keep: str = "", language: str | None = None) -> list[tuple[str, str]]:
    """Choices for a time-zone select: one per place (old aliases of a zone left out, as are
    zones that name no place), in the reader's language, in alphabetical order; ``keep`` is
    listed whatever it is (the value already chosen)."""
    aliases = get_global("zone_aliases")
    zones = get_global("zone_territories")
    picked = {
        name
        for name in names
        if name == keep
        or name == "UTC"
        or (name not in aliases and zones.get(name) not in (None, "001", "ZZ"))
    }
    choices = [(name, zone_name(name, language)) for name in picked]
    return sorted(choices, key=lambda choice: (choice[0] != "UTC", choice[1].casefold()))
