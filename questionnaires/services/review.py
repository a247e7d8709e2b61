"""Staff review of a revision sent by a provider: the decision, its audit entry, and telling the
provider."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.models import User
from hub.outbox.services import email_queue, notice_send
from tools_catalog.models import Tool

from .. import selectors, technical
from ..models import ReviewDecision, ToolRevision
from .common import SubmissionError, audit, portal_link, provider_users
from .revisions import tool_apply

DECISION_EMAILS = {
    ReviewDecision.Action.PUBLISH: "review_published",
    ReviewDecision.Action.REQUEST_CHANGES: "review_changes_requested",
    ReviewDecision.Action.REJECT: "review_rejected",
}
DECISION_NOTICES = {
    ReviewDecision.Action.PUBLISH: _("%(tool)s: published by the hub team"),
    ReviewDecision.Action.REQUEST_CHANGES: _("%(tool)s: the hub team asks for changes"),
    ReviewDecision.Action.REJECT: _("%(tool)s: not accepted by the hub team"),
}


@transaction.atomic
def revision_decide(
    *,
    revision: ToolRevision,
    action: str,
    by: User,
    message: str = "",
    comments: dict[str, str] | None = None,
    request: HttpRequest | None = None,
) -> ReviewDecision:
    """Publish, ask for changes or reject a submission in review; the provider's users are told.

    Publishing writes the proposed details into the tool (the version officers see), makes the
    submission's answers the ones shown beside it, and counts as the provider's confirmation.
    """
    revision = ToolRevision.objects.select_for_update().select_related("tool").get(pk=revision.pk)
    if revision.state != ToolRevision.State.IN_REVIEW:
        raise SubmissionError("only a submission in review can be decided")
    if action not in DECISION_EMAILS:
        raise SubmissionError(f"unknown decision {action}")
    comments = {key: text for key, text in (comments or {}).items() if text.strip()}
    if action == ReviewDecision.Action.REJECT and not message.strip():
        raise SubmissionError("a rejection needs a reason")
    if action == ReviewDecision.Action.REQUEST_CHANGES and not (message.strip() or comments):
        raise SubmissionError("say what should change")
    now = timezone.now()
    tool = Tool.objects.select_for_update().get(pk=revision.tool_id)
    previous_status = tool.status
    if action == ReviewDecision.Action.PUBLISH:
        tool_apply(tool=tool, data=revision.proposed)
        if tool.status in (Tool.Status.DRAFT, Tool.Status.IN_REVIEW, Tool.Status.PUBLISHED):
            tool.status = Tool.Status.PUBLISHED
        tool.published_at = tool.published_at or now
        tool.last_verified_at = now
        tool.save(update_fields=["status", "published_at", "last_verified_at", "updated_at"])
        ToolRevision.objects.filter(tool=tool, is_live=True).update(is_live=False)
        revision.state, revision.is_live = ToolRevision.State.PUBLISHED, True
    elif action == ReviewDecision.Action.REQUEST_CHANGES:
        revision.state = ToolRevision.State.CHANGES_REQUESTED
    else:
        revision.state = ToolRevision.State.REJECTED
    if action != ReviewDecision.Action.PUBLISH and tool.status == Tool.Status.IN_REVIEW:
        tool.status = Tool.Status.DRAFT  # back with the provider; still hidden from officers
        tool.save(update_fields=["status", "updated_at"])
    revision.decided_at = now
    revision.save(update_fields=["state", "is_live", "decided_at", "updated_at"])
    decision = ReviewDecision.objects.create(
        revision=revision,
        action=action,
        message=message.strip(),
        comments=comments,
        decided_by=by,
        reviewed=selectors.review_snapshot(revision),
    )
    audit(
        action=action,
        revision=revision,
        by=by,
        request=request,
        decision=action,
        previous=previous_status,
        status=tool.status,
        commented_sections=sorted(comments),
    )
    _tell_provider(revision=revision, decision=decision)
    return decision


def _comment_items(revision: ToolRevision, comments: dict[str, str]) -> list[dict]:
    """Each section comment with its section, whose title the email shows in the reader's language."""
    outline = selectors.question_set_outline(revision.question_set)
    items = []
    for section in technical.SECTIONS:
        if text := comments.get(f"technical:{section.key}"):
            items.append({"title": section.title, "text": text})
    for section in outline.sections:
        if text := comments.get(f"ethics:{section.key}"):
            items.append({"section": section, "text": text})
    return items


def _tell_provider(*, revision: ToolRevision, decision: ReviewDecision) -> None:
    tool = revision.tool
    link = portal_link(tool)
    comments = _comment_items(revision, decision.comments)
    for user in provider_users(tool.provider):
        email_queue(
            to=user.email,
            recipient=user,
            template=DECISION_EMAILS[decision.action],
            context={
                "user": user,
                "tool_name": revision.name,
                "revision": revision,
                "decision": decision,
                "comments": comments,
                "link": link,
            },
            dedupe_key=f"review:{decision.pk}:{user.pk}",
        )
        notice_send(
            user=user,
            title=DECISION_NOTICES[decision.action] % {"tool": revision.name},
            body=decision.message,
            link=link,
            dedupe_key=f"review-notice:{decision.pk}:{user.pk}",
        )


@transaction.atomic
def revision_assign(
    *,
    revision: ToolRevision,
    reviewer: User | None,
    by: User,
    request: HttpRequest | None = None,
) -> ToolRevision:
    """Give a submission in review to a staff member (or to nobody), so that two people do not
    review the same one; recorded in the audit log."""
    revision = ToolRevision.objects.select_for_update().select_related("tool").get(pk=revision.pk)
    if revision.state != ToolRevision.State.IN_REVIEW:
        raise SubmissionError("only a submission in review can be assigned")
    if reviewer is not None and not (reviewer.is_staff and reviewer.is_active):
        raise SubmissionError("only active staff review submissions")
    if revision.reviewer_id == (reviewer.pk if reviewer else None):
        return revision
    previous = revision.reviewer
    revision.reviewer = reviewer
    revision.save(update_fields=["reviewer", "updated_at"])
    audit(
        action="assigned",
        revision=revision,
        by=by,
        request=request,
        reviewer=str(reviewer) if reviewer else "",
        previous_reviewer=str(previous) if previous else "",
    )
    return revision
