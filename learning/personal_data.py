"""What the learning centre holds about one member, for their own data export."""

from django.dispatch import receiver

from hub.models import User
from hub.personal_data.registry import PersonalData, register_personal_data

from .models import ChecklistTick, ResourceCompletion, StepCompletion

# Every relation to the user model in this app, and the key of member_data() that holds its rows.
# tests/hub/test_export.py checks that no relation to a user is left out of the export unnoticed.
COVERED = {
    "learning.ResourceCompletion.user": "resources_done",
    "learning.StepCompletion.user": "steps_read",
    "learning.ChecklistTick.user": "checklist_ticked",
}


def member_data(user: User) -> dict:
    return {
        "resources_done": [
            {"resource": done.resource.title, "done_at": done.completed_at}
            for done in ResourceCompletion.objects.filter(user=user)
            .select_related("resource")
            .order_by("completed_at", "pk")
        ],
        "steps_read": [
            {
                "path": read.step.path.title,
                "step": read.step.display_title,
                "read_at": read.completed_at,
            }
            for read in StepCompletion.objects.filter(user=user)
            .select_related("step__path", "step__resource")
            .order_by("completed_at", "pk")
        ],
        "checklist_ticked": [
            {
                "step": tick.item.step.display_title,
                "item": tick.item.text,
                "ticked_at": tick.ticked_at,
            }
            for tick in ChecklistTick.objects.filter(user=user)
            .select_related("item__step__resource")
            .order_by("ticked_at", "pk")
        ],
    }


@receiver(register_personal_data, dispatch_uid="learning.personal_data")
def _personal_data(sender, **kwargs) -> PersonalData:
    return PersonalData(section="learning", member_data=member_data, covered=COVERED)
