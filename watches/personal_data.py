"""What the watches hold about a member: their watches, for their data export and their own page
(/me/). The watches go with the account (their owner's foreign key cascades)."""

from django.dispatch import receiver

from hub.models import Role, User
from hub.personal_data.registry import (
    MeSection,
    PersonalData,
    register_me_sections,
    register_personal_data,
)

from .models import Watch
from .reasons import reason_text
from .selectors import watches_of

COVERED = {"watches.Watch.owner": "watches"}
ME_WATCHES_SHOWN = 5  # the newest; the full list is on the watches page


def member_data(user: User) -> dict:
    language = user.language or "en"
    watches = (
        Watch.objects.filter(owner=user).select_related("shortlist").order_by("created_at", "pk")
    )
    return {
        "watches": [
            {
                "name": watch.shortlist.name if watch.shortlist else watch.name,
                "kind": watch.kind,
                "search": watch.query,
                "email": watch.frequency,
                "watched_since": watch.created_at,
                "changes": [
                    {
                        "tool": change.tool_name,
                        "kind": change.kind,
                        "reason": reason_text(change.reasons, language),
                        "noticed": change.created_at,
                        "emailed": change.emailed_at,
                    }
                    for change in watch.changes.order_by("created_at", "pk")
                ],
            }
            for watch in watches
        ]
    }


@receiver(register_personal_data, dispatch_uid="watches.personal_data")
def _personal_data(sender, **kwargs) -> PersonalData:
    return PersonalData(section="watches", member_data=member_data, covered=COVERED)


@receiver(register_me_sections, dispatch_uid="watches.me")
def _me_watches(sender, request, **kwargs) -> MeSection | None:
    """The member's newest watches with their last result, on their own page (/me/)."""
    user = request.user
    if not (user.is_vetted and user.role in (Role.OFFICER, Role.STAFF)):
        return None
    watches = list(watches_of(user)[: ME_WATCHES_SHOWN + 1])
    return MeSection(
        template="watches/includes/me_watches.html",
        context={
            "watches": watches[:ME_WATCHES_SHOWN],
            "more_watches": len(watches) > ME_WATCHES_SHOWN,
        },
    )
