"""The wizard's answers to the catalogue's signals (the catalogue does not import the wizard)."""

from django.dispatch import receiver

from tools_catalog.signals import tool_users

from .selectors import shortlist_owner_ids


@receiver(tool_users, dispatch_uid="wizard-shortlist-owners")
def shortlist_owners(sender, *, tool, **kwargs):
    """Officers who keep a tool in a shortlist hear when staff withdraw it, as those who saved it."""
    return shortlist_owner_ids(tool=tool)
