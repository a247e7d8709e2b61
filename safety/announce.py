"""Telling everyone of a decision on a tool, once each, in the background.

Who is told, once per decision (each key is ``tool-decision:<id>:email|notice:<user id>``, unique
in the outbox and the notices, so a retried or resumed fan-out never tells anyone twice):

* the users of the provider organisation: an email and a notice;
* officers who saved the tool or have it in a shortlist: an email and a notice, with guidance;
* every other vetted officer: a notice.

The fan-out writes its rows in chunks, each chunk in its own transaction under a lock on the
decision row, so two workers running it at once take turns and the second finds the first's
rows. When it has told everyone it says so in the cache; the beat's sweep runs again the fan-out
of any recent decision without that mark (a worker killed half-way).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext

from hub.models import Role, Status, User
from hub.outbox.services import emails_queue_many, notices_send_many
from tools_catalog.models import SavedTool, Tool, ToolDecision
from tools_catalog.signals import tool_users

Action = ToolDecision.Action

EMAIL_TEMPLATES = {
    Action.SUSPEND: "tool_suspended",
    Action.REMOVE: "tool_removed",
    Action.REINSTATE: "tool_reinstated",
}
# Fields a recipient list needs, and nothing more: announcements may go to every officer.
RECIPIENT_FIELDS = ("pk", "email", "language")
# Recipients written per transaction: a killed worker loses at most one chunk's work.
CHUNK_SIZE = 1000
# How long a fan-out may take before the sweep starts it again, and how far back it looks.
ANNOUNCE_RESUME_AFTER = timedelta(minutes=5)
ANNOUNCE_RESUME_WITHIN = timedelta(days=2)


# Who is told -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Announced:
    emails: int
    notices: int


def provider_recipients(tool: Tool) -> QuerySet[User]:
    """The provider organisation's users who can hear from the hub."""
    return User.objects.filter(
        organisation_id=tool.provider_id, role=Role.PROVIDER, status=Status.APPROVED,
        is_active=True,
    ).only(*RECIPIENT_FIELDS)  # fmt: skip


def _officers() -> QuerySet[User]:
    return User.objects.filter(role=Role.OFFICER, status=Status.APPROVED, is_active=True)


def _uses(tool: Tool) -> Q:
    """Officers who saved (follow) the tool, or use it otherwise (keep it in one of their
    shortlists: the wizard answers ``tool_users``)."""
    uses = Q(pk__in=SavedTool.objects.filter(tool=tool).values("user_id"))
    for _receiver, user_ids in tool_users.send(sender=Tool, tool=tool):
        uses |= Q(pk__in=user_ids)
    return uses


def officers_using(tool: Tool) -> QuerySet[User]:
    return _officers().filter(_uses(tool)).only(*RECIPIENT_FIELDS)


def officers_not_using(tool: Tool) -> QuerySet[User]:
    return _officers().exclude(_uses(tool)).only(*RECIPIENT_FIELDS)


_TITLES = {
    Action.SUSPEND: lambda name: gettext("“%(tool)s” is suspended for now") % {"tool": name},
    Action.REMOVE: lambda name: (
        gettext("“%(tool)s” was removed from the Global Hub") % {"tool": name}
    ),
    Action.REINSTATE: lambda name: gettext("“%(tool)s” is listed again") % {"tool": name},
}


def _notice_title(action: str, name: str) -> str:
    return _TITLES[action](name)


def _provider_notice_body(action: str, summary: str) -> str:
    parts = [summary] if summary else []
    if action != Action.REINSTATE:
        parts.append(
            gettext(
                "The page of the tool in the provider portal says why, and how to contest the "
                "decision."
            )
        )
    else:
        parts.append(gettext("It is in the catalogue again."))
    return "\n\n".join(parts)


def _notice_body(action: str, summary: str, guidance: str, uses: bool) -> str:
    parts = [summary] if summary else []
    if uses:
        parts.append(gettext("You saved this tool or keep it in a shortlist."))
        if guidance:
            parts.append(gettext("If you use it: %(guidance)s") % {"guidance": guidance})
    if action == Action.REINSTATE:
        parts.append(gettext("It is in the catalogue again."))
    return "\n\n".join(parts)


def _announced_key(decision_id: int) -> str:
    return f"tool-decision:{decision_id}:announced"


def tool_decision_announce(*, decision: ToolDecision) -> Announced:
    """Write the decision's emails and notices, a chunk of recipients per transaction.

    Calling it again for the same decision (a retry, a second worker, the sweep) adds none: each
    chunk locks the decision row and skips the recipients whose dedupe key is taken. Each email
    and notice is rendered once per language.
    """
    decision = ToolDecision.objects.select_related("tool__provider").get(pk=decision.pk)
    tool = decision.tool
    template = EMAIL_TEMPLATES[decision.action]
    prefix = f"tool-decision:{decision.pk}"
    if decision.action == Action.REINSTATE:
        officer_link = tool.get_absolute_url()
    else:
        officer_link = f"{reverse('tools:removed')}#decision-{decision.pk}"
    provider_link = reverse("provider:tool", args=[tool.pk])
    context = {
        "tool_name": tool.name,
        "provider_name": tool.provider.name,
        "summary": decision.summary,
        "guidance": decision.guidance,
        "decided_at": decision.decided_at,
    }
    title = lazy(_notice_title, str)(decision.action, tool.name)
    audiences = [
        # (who, email context or None, notice body, notice link)
        (
            provider_recipients(tool),
            {**context, "for_provider": True, "path": provider_link},
            lazy(_provider_notice_body, str)(decision.action, decision.summary),
            provider_link,
        ),
        (
            officers_using(tool),
            {**context, "for_provider": False, "path": officer_link},
            lazy(_notice_body, str)(decision.action, decision.summary, decision.guidance, True),
            officer_link,
        ),
        (
            officers_not_using(tool),
            None,
            lazy(_notice_body, str)(decision.action, decision.summary, decision.guidance, False),
            officer_link,
        ),
    ]
    emails = notices = 0
    for recipients, email_context, body, link in audiences:
        for chunk in _chunks(recipients):
            with transaction.atomic():
                # Two fan-outs of one decision take turns, chunk by chunk.
                list(ToolDecision.objects.select_for_update().filter(pk=decision.pk).values("pk"))
                if email_context is not None:
                    emails += emails_queue_many(
                        recipients=chunk,
                        template=template,
                        context=email_context,
                        dedupe_prefix=f"{prefix}:email",
                    )
                notices += notices_send_many(
                    users=chunk, title=title, body=body, link=link,
                    dedupe_prefix=f"{prefix}:notice",
                )  # fmt: skip
    cache.set(_announced_key(decision.pk), True, int(ANNOUNCE_RESUME_WITHIN.total_seconds()) * 2)
    return Announced(emails=emails, notices=notices)


def _chunks(recipients: QuerySet[User]):
    """The recipients in chunks of :data:`CHUNK_SIZE`, by id (no list of everyone in memory)."""
    last = 0
    while True:
        chunk = list(recipients.filter(pk__gt=last).order_by("pk")[:CHUNK_SIZE])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def tool_decisions_unannounced() -> list[int]:
    """Recent decisions whose fan-out has not said it finished, and should have by now."""
    now = timezone.now()
    recent = ToolDecision.objects.filter(
        decided_at__gte=now - ANNOUNCE_RESUME_WITHIN,
        decided_at__lte=now - ANNOUNCE_RESUME_AFTER,
    ).values_list("pk", flat=True)
    ids = list(recent)
    done = cache.get_many([_announced_key(pk) for pk in ids])
    return [pk for pk in ids if _announced_key(pk) not in done]


def audience_counts(tool: Tool) -> dict[str, int]:
    """How many people a decision on ``tool`` tells, by kind (for the confirmation page)."""
    return {
        "providers": provider_recipients(tool).count(),
        "officers_using": officers_using(tool).count(),
        "officers_other": officers_not_using(tool).count(),
    }
