from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lacks_translation(obj, field: str) -> bool:
    """True when ``obj.field`` has no text in the current language and English is shown instead."""
    language = (get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    if language == settings.LANGUAGE_CODE:
        return False
    english = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", None)
    return bool(english) and not getattr(obj, f"{field}_{language}", None)
