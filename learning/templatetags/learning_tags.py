"""Template filters for the learning centre's pages."""

from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.utils.translation import get_language, ngettext

from hub.core.languages import language_name
from learning.media import CONTENT_TYPES

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """Minutes as "25 minutes", "1 hour" or "1 hour 30 minutes", in the reader's language."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if rest:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", rest) % {"count": rest})
    return " ".join(parts)


@register.filter
def language_label(code: str) -> str:
    """One language code ("fr", "zh-Hans") as the language's name in the reader's language."""
    reader = get_language() or settings.LANGUAGE_CODE
    base = (code or "").replace("-", "_")
    name = language_name(base, reader)
    if name == base:
        name = language_name(base.split("_")[0].lower(), reader)
    return name


@register.filter
def host(url: str) -> str:
    """The website a link leads to ("www.unesco.org"), to say where the reader is going."""
    return urlsplit(url or "").hostname or ""


@register.filter
def media_type(name: str) -> str:
    """The MIME type of a video file by its name ("video/webm"), for the <source type> hint."""
    extension = "." + (name or "").rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(extension, "").split(";")[0]
