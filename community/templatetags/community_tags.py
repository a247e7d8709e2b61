from django import template

from community import selectors
from hub.core.cldr import zone_name

register = template.Library()


@register.simple_tag
def unread_conversations(user) -> int:
    """How many conversations have a message the member has not read yet."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return selectors.unread_conversation_count(user)


@register.filter
def zone_label(name: str) -> str:
    """ "Africa/Dakar" as a place in the reader's language: "Senegal", "السنغال"."""
    return zone_name(name)
