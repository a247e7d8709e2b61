"""What the provider portal holds about one person, for their own data export.

The questionnaires themselves describe the organisation's tools, not the person: the export lists
the submissions the person started or sent, and (for staff) the submissions assigned to them for
review and the review decisions they made.
"""

from django.db.models import Q
from django.dispatch import receiver

from hub.models import User
from hub.personal_data.registry import PersonalData, register_personal_data

from .models import ReviewDecision, ToolRevision

# Every relation to the user model in this app, and the key of member_data() that holds its rows.
COVERED = {
    "questionnaires.ToolRevision.created_by": "tool_submissions",
    "questionnaires.ToolRevision.submitted_by": "tool_submissions",
    "questionnaires.ReviewDecision.decided_by": "review_decisions_made",
    "questionnaires.ToolRevision.reviewer": "submissions_assigned_to_review",
}


def member_data(user: User) -> dict:
    revisions = (
        ToolRevision.objects.filter(Q(created_by=user) | Q(submitted_by=user))
        .select_related("tool")
        .order_by("created_at", "pk")
    )
    return {
        "tool_submissions": [
            {
                "tool": revision.name,
                "number": revision.number,
                "kind": revision.kind,
                "state": revision.state,
                "started_at": revision.created_at,
                "started_by_you": revision.created_by_id == user.pk,
                "sent_for_review_at": revision.submitted_at,
                "sent_by_you": revision.submitted_by_id == user.pk,
            }
            for revision in revisions
        ],
        "submissions_assigned_to_review": [
            {"tool": revision.name, "number": revision.number, "state": revision.state}
            for revision in ToolRevision.objects.filter(reviewer=user).order_by("created_at", "pk")
        ],
        "review_decisions_made": [
            {
                "tool": decision.revision.name,
                "decision": decision.action,
                "decided_at": decision.decided_at,
            }
            for decision in ReviewDecision.objects.filter(decided_by=user)
            .select_related("revision__tool")
            .order_by("decided_at", "pk")
        ],
    }


@receiver(register_personal_data, dispatch_uid="questionnaires.personal_data")
def _personal_data(sender, **kwargs) -> PersonalData:
    return PersonalData(section="questionnaires", member_data=member_data, covered=COVERED)
