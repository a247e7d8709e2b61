"""Yearly re-confirmation: a provider confirms its tool's details are still right, and is reminded
when the year is nearly over."""

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.audit.services import audit_record
from hub.models import User
from hub.outbox.services import email_queue, notice_send
from tools_catalog.models import Tool

from .. import selectors
from .common import REVIEW_EVENT, SubmissionError, portal_link, provider_users


@transaction.atomic
def tool_confirm(*, tool: Tool, by: User, request: HttpRequest | None = None) -> Tool:
    """The provider confirms that the published details and answers are still accurate."""
    tool = Tool.objects.select_for_update().get(pk=tool.pk)
    if tool.status != Tool.Status.PUBLISHED:
        raise SubmissionError("only a published tool can be confirmed")
    tool.last_verified_at = timezone.now()
    tool.save(update_fields=["last_verified_at"])
    audit_record(
        event=REVIEW_EVENT,
        actor=by,
        target=tool,
        request=request,
        subject="tool_submission",
        action="confirmed_accurate",
    )
    return tool


def reconfirmation_reminders_send(*, now: datetime | None = None) -> int:
    """Remind providers of published tools last confirmed 11 or 12 months ago. Returns emails queued.

    Each reminder is sent once per tool and confirmation: its dedupe key names the date the tool
    was last confirmed and the month of the reminder, so a daily run only sends what is new, and a
    confirmation starts the year again.
    """
    now = now or timezone.now()
    queued = 0
    for tool in selectors.tools_verified_before(
        selectors.months_before(now, selectors.REMINDER_MONTHS[0])
    ):
        months = max(
            m
            for m in selectors.REMINDER_MONTHS
            if tool.last_verified_at <= selectors.months_before(now, m)
        )
        stamp = tool.last_verified_at.strftime("%Y%m%d%H%M%S")
        with transaction.atomic():
            for user in provider_users(tool.provider):
                key = f"reconfirm:{tool.pk}:{stamp}:{months}:{user.pk}"
                sent = email_queue(
                    to=user.email,
                    recipient=user,
                    template="tool_reconfirm_reminder",
                    context={
                        "user": user,
                        "tool": tool,
                        "months": months,
                        "link": portal_link(tool),
                    },
                    dedupe_key=key,
                )
                if sent is not None:
                    queued += 1
                    notice_send(
                        user=user,
                        title=_("Please confirm that the details of %(tool)s are still accurate")
                        % {"tool": tool.name},
                        link=portal_link(tool),
                        dedupe_key=key,
                    )
    return queued
