from django import template
from django.utils.translation import get_language

from ..reasons import reason_text

register = template.Library()


@register.filter
def change_reason(reasons) -> str:
    """A change's reasons in words, in the page's language."""
    return reason_text(reasons or [], get_language()) if reasons else ""
