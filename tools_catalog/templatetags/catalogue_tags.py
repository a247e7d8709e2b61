"""Template filters for the tool catalogue's pages."""

from datetime import date, datetime, timedelta

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

from hub.core.languages import language_name
from tools_catalog.presenters import written_language

register = template.Library()

# A tool whose details the provider has not confirmed for this long is flagged on its page.
STALE_AFTER = timedelta(days=365)


@register.filter
def language_names(codes) -> str:
    """Language codes (["ar", "en"]) as their names in the reader's language, comma-separated."""
    language = get_language() or settings.LANGUAGE_CODE
    return ", ".join(language_name(code, language) for code in codes or [])


@register.filter
def is_stale(value: date | datetime | None) -> bool:
    """True when a verification date is missing or more than a year old."""
    if value is None:
        return True
    if isinstance(value, datetime):
        return value < timezone.now() - STALE_AFTER
    return value < timezone.localdate() - STALE_AFTER


@register.simple_tag
def written_text(obj, field: str) -> str:
    """The attributes for text a provider typed (``<dd{% written_text tool "integrations" %}>``).

    ``dir="auto"`` lets the text's own first strong letter set its direction, so an English
    sentence in an Arabic page keeps its full stop at the end; ``lang`` names the language it is
    in when that is not the page's (see :func:`tools_catalog.presenters.written_language`).
    """
    language = written_language(obj, field, get_language() or settings.LANGUAGE_CODE)
    if language:
        return format_html(' lang="{}" dir="auto"', language)
    return format_html(' dir="{}"', "auto")


@register.simple_tag
def facet_link(params, facet: str = "") -> str:
    """The catalogue's query string with every value of ``facet`` listed ("" for the short
    panel again): the search, filters and order stay, the page starts again at the first."""
    kept = params.copy()
    for name in ("page", "more"):
        kept.pop(name, None)
    if facet:
        kept["more"] = facet
    return f"?{kept.urlencode()}"
