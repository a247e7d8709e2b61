"""What the catalogue holds about one member, for their own data export.

Only what the member did: the tools they saved, their feedback, the reports and concerns they sent,
and a provider's replies contesting a decision on their tool.
Nothing written by someone else and nobody else's identity is included. Their shortlists are the
wizard's (wizard/personal_data.py), in this same section of the export.
"""

from django.dispatch import receiver

from hub.models import Role, User
from hub.personal_data.registry import (
    MeSection,
    PersonalData,
    register_me_sections,
    register_personal_data,
)

from .models import Concern, DecisionContest, Feedback, FeedbackReport, SavedTool, ToolDecision
from .selectors import concerns_of_reporter

# Every relation to the user model in this app, and the key of member_data() that holds its rows.
COVERED = {
    "tools_catalog.SavedTool.user": "saved_tools",
    "tools_catalog.Feedback.author": "feedback",
    "tools_catalog.FeedbackReport.reporter": "feedback_reports",
    "tools_catalog.Concern.reporter": "concerns_reported",
    "tools_catalog.Concern.assignee": "concerns_handled",
    "tools_catalog.ToolDecision.decided_by": "tool_decisions_made",
    "tools_catalog.DecisionContest.author": "decisions_contested",
}


def member_data(user: User) -> dict:
    return {
        "saved_tools": [
            {"tool": saved.tool.name, "saved_at": saved.saved_at}
            for saved in SavedTool.objects.filter(user=user)
            .select_related("tool")
            .order_by("saved_at", "pk")
        ],
        "feedback": [
            {
                "tool": feedback.tool.name,
                "text": feedback.body,
                "posted_at": feedback.created_at,
                "edited_at": feedback.edited_at,
                "hidden_by_staff": feedback.is_hidden,
                "why_hidden": feedback.hidden_reason,
            }
            for feedback in Feedback.objects.filter(author=user)
            .select_related("tool")
            .order_by("created_at", "pk")
        ],
        "feedback_reports": [
            {
                "tool": report.feedback.tool.name,
                "reason": report.reason,
                "reported_at": report.created_at,
                "handled_at": report.resolved_at,
            }
            for report in FeedbackReport.objects.filter(reporter=user)
            .select_related("feedback__tool")
            .order_by("created_at", "pk")
        ],
        "concerns_reported": [
            {
                "tool": concern.tool.name,
                "kind": concern.category,
                "description": concern.description,
                "evidence_links": concern.evidence_links,
                "status": concern.status,
                "reported_at": concern.created_at,
                "status_changed_at": concern.status_changed_at,
            }
            for concern in Concern.objects.filter(reporter=user)
            .select_related("tool")
            .order_by("created_at", "pk")
        ],
        "concerns_handled": [
            {"tool": concern.tool.name, "status": concern.status, "reported_at": concern.created_at}
            for concern in Concern.objects.filter(assignee=user)
            .select_related("tool")
            .order_by("created_at", "pk")
        ],
        "tool_decisions_made": [
            {"tool": decision.tool.name, "decision": decision.action, "at": decision.decided_at}
            for decision in ToolDecision.objects.filter(decided_by=user)
            .select_related("tool")
            .order_by("decided_at", "pk")
        ],
        "decisions_contested": [
            {
                "tool": contest.decision.tool.name,
                "decision": contest.decision.action,
                "message": contest.message,
                "sent_at": contest.sent_at,
            }
            for contest in DecisionContest.objects.filter(author=user)
            .select_related("decision__tool")
            .order_by("sent_at", "pk")
        ],
    }


@receiver(register_personal_data, dispatch_uid="tools_catalog.personal_data")
def _personal_data(sender, **kwargs) -> PersonalData:
    return PersonalData(section="tools_catalog", member_data=member_data, covered=COVERED)


ME_CONCERNS_SHOWN = 5  # the newest; the full list is on the concerns page


@receiver(register_me_sections, dispatch_uid="tools_catalog.concerns")
def _me_concerns(sender, request, **kwargs) -> MeSection | None:
    """The member's newest concerns about tools, on their own page (/me/)."""
    user = request.user
    if not (user.is_vetted and user.role in (Role.OFFICER, Role.STAFF)):
        return None
    concerns = list(concerns_of_reporter(user)[: ME_CONCERNS_SHOWN + 1])
    return MeSection(
        template="tools_catalog/includes/me_concerns.html",
        context={
            "concerns": concerns[:ME_CONCERNS_SHOWN],
            "more_concerns": len(concerns) > ME_CONCERNS_SHOWN,
        },
    )
