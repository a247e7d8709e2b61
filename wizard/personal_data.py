"""What the wizard holds about one member, for their own data export: their shortlists.

Nothing written by someone else and nobody else's identity is included (a shortlist a colleague
shared says only that it was shared).
"""

from django.dispatch import receiver

from hub.models import User
from hub.personal_data.registry import PersonalData, register_personal_data

from .models import Shortlist

# The section of the export these keys are in: the catalogue's, where members' exports have always
# had their shortlists (the wizard was part of the catalogue app before it became an app).
SECTION = "tools_catalog"

# Every relation to the user model in this app, and the key of member_data() that holds its rows.
COVERED = {
    "wizard.Shortlist.owner": "shortlists",
    "wizard.Shortlist.shared_by": "shortlists_shared",
}


def member_data(user: User) -> dict:
    return {
        "shortlists": [_shortlist(shortlist) for shortlist in _shortlists(user)],
        "shortlists_shared": [
            {"name": copy.name, "shared_at": copy.shared_at}
            for copy in Shortlist.objects.filter(shared_by=user).order_by("shared_at", "pk")
        ],
    }


def _shortlists(user: User):
    return Shortlist.objects.filter(owner=user).prefetch_related("items").order_by("saved_at", "pk")


def _shortlist(shortlist: Shortlist) -> dict:
    return {
        "name": shortlist.name,
        "notes": shortlist.notes,
        "answers": shortlist.criteria,
        "order": shortlist.sort,
        "saved_at": shortlist.saved_at,
        "shared_with_you_by_a_colleague": shortlist.read_only,
        "tools": [
            {
                "position": item.position,
                "tool": item.tool_name,
                "provider": item.provider_name,
                "match_percent": item.score,
            }
            for item in shortlist.items.all()
        ],
    }


@receiver(register_personal_data, dispatch_uid="wizard.personal_data")
def _personal_data(sender, **kwargs) -> PersonalData:
    return PersonalData(section=SECTION, member_data=member_data, covered=COVERED)
