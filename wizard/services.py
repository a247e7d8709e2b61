"""Writes of the selection wizard: saving, renaming, deleting and sharing shortlists."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hub.core.idempotency import creates_once
from hub.models import Role, Status, User
from hub.outbox.services import email_queue, notice_send
from tools_catalog.selectors import tool_and_provider_names

from .models import Shortlist, ShortlistItem
from .selectors import WizardResults

SHORTLIST_MAX_TOOLS = 500


class ShortlistTooLong(ValueError):
    pass


@creates_once
@transaction.atomic
def shortlist_save(
    *, owner: User, name: str, notes: str, results: WizardResults, sort: str
) -> Shortlist:
    """Save the wizard's answers and the tools they found now."""
    if results.total > SHORTLIST_MAX_TOOLS:
        raise ShortlistTooLong(f"{results.total} tools; at most {SHORTLIST_MAX_TOOLS}")
    shortlist = Shortlist.objects.create(
        owner=owner, name=name, notes=notes, criteria=results.criteria.as_dict(), sort=sort
    )
    names = tool_and_provider_names(results.ids)
    ShortlistItem.objects.bulk_create(
        ShortlistItem(
            shortlist=shortlist,
            tool_id=pk,
            position=position,
            tool_name=names[pk][0],
            provider_name=names[pk][1],
            score=results.scores.get(pk),
        )
        for position, pk in enumerate(results.ids, start=1)
        if pk in names
    )
    return shortlist


def shortlist_update(*, shortlist: Shortlist, name: str, notes: str) -> Shortlist:
    shortlist.name, shortlist.notes = name, notes
    shortlist.save(update_fields=["name", "notes"])
    return shortlist


def shortlist_delete(*, shortlist: Shortlist) -> None:
    shortlist.delete()


def _shortlist_recipient(email: str, sender: User) -> User | None:
    return (
        User.objects.filter(
            email__iexact=email, role=Role.OFFICER, status=Status.APPROVED, is_active=True
        )
        .exclude(pk=sender.pk)
        .first()
    )


@creates_once
@transaction.atomic
def shortlist_share(*, shortlist: Shortlist, by: User, email: str) -> Shortlist | None:
    """Give the vetted officer with ``email`` a read-only copy they own, a notice and an email.

    Returns the copy, or None when no vetted officer has the address (the caller says the same
    thing either way, so that nobody can find out who is a member by trying addresses).
    """
    recipient = _shortlist_recipient(email, by)
    if recipient is None:
        return None
    copy = Shortlist.objects.create(
        owner=recipient,
        name=shortlist.name,
        notes=shortlist.notes,
        criteria=shortlist.criteria,
        sort=shortlist.sort,
        saved_at=shortlist.saved_at,  # what changed is still counted from the original save
        read_only=True,
        shared_by=by,
        shared_at=timezone.now(),
    )
    ShortlistItem.objects.bulk_create(
        ShortlistItem(
            shortlist=copy,
            tool_id=item.tool_id,
            position=item.position,
            tool_name=item.tool_name,
            provider_name=item.provider_name,
            score=item.score,
        )
        for item in shortlist.items.all()
    )
    link = reverse("wizard:shortlist", args=[copy.pk])
    sender = by.get_full_name()
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        title = gettext("%(name)s shared a shortlist of tools with you") % {"name": sender}
        body = gettext("“%(shortlist)s” is now in your shortlists, as a read-only copy.") % {
            "shortlist": copy.name
        }
    notice_send(
        user=recipient, title=title, body=body, link=link, dedupe_key=f"shortlist-shared:{copy.pk}"
    )
    email_queue(
        to=recipient.email,
        recipient=recipient,
        template="shortlist_shared",
        context={"sender": sender, "shortlist": copy.name, "path": link, "user": recipient},
        dedupe_key=f"shortlist-shared:{copy.pk}",
    )
    return copy
