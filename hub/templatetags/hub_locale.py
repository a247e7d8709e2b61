"""Showing content in the reader's language: text that fell back to English says so, and dates and
time zones are written the way the reader's language writes them (CLDR, hub.core.cldr).

    {% load hub_locale %}
    <h2><a href="...">{% shown_text event "title" %}</a></h2>
    <time datetime="{{ start|date:'c' }}">{{ start|shown_date:"datetime" }}</time> ({{ zone|zone_name }})
"""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from hub.core import cldr

register = template.Library()


def shown_language(obj, field: str, language: str | None = None) -> str:
    """The language ``obj.field`` is shown in when the page is in ``language`` and it is not the
    page's language, else "". A field the hub translates (modeltranslation) falls back to the
    English original where the translation is missing; a field it does not translate is always
    the original, written in English."""
    language = language or get_language() or settings.LANGUAGE_CODE
    source = settings.LANGUAGE_CODE
    if language == source:
        return ""
    if hasattr(obj, f"{field}_{source}") and getattr(obj, f"{field}_{language.replace('-', '_')}"):
        return ""
    return source


@register.simple_tag
def shown_text(obj, field: str):
    """``obj.field`` in its own direction (``dir="auto"``); where it is shown in English on a page in
    another language, it carries ``lang="en"`` and is followed by a visible "(in English)"."""
    value = getattr(obj, field, "")
    if not value:
        return ""
    if shown_language(obj, field):
        return format_html(
            # The space is written as a character reference so that {% spaceless %} keeps it.
            '<span lang="{}" dir="auto">{}</span>&#32;<span class="in-english">{}</span>',
            settings.LANGUAGE_CODE,
            value,
            gettext("(in English)"),
        )
    return format_html('<span dir="auto">{}</span>', value)


@register.filter
def shown_date(value, style: str = "date") -> str:
    """A date ("date"), a date and time ("datetime") or a time ("time") as CLDR writes it in the
    reader's language; aware datetimes in the current time zone."""
    return cldr.date_shown(value, style)


@register.filter
def zone_name(zone) -> str:
    """ "Africa/Dakar" as a place in the reader's language ("Senegal", "السنغال")."""
    return cldr.zone_name(zone)
