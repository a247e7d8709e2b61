"""What waits for trust and safety on the staff home: open concerns, unhandled reports of forum posts
and of feedback, and suspended tools that wait for staff to remove or reinstate them."""

from django.contrib import admin
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from community.models import PostReport
from hub.core.admin_site import AdminQueue
from tools_catalog.models import Concern, FeedbackReport, Tool

OPEN_CONCERNS = (Concern.Status.RECEIVED, Concern.Status.UNDER_REVIEW)


def _reports_unhandled(title, model: type[PostReport | FeedbackReport]) -> AdminQueue:
    """The reports nobody has handled yet, as the report list's "handled: no" filter shows them."""
    return AdminQueue(
        title=title,
        model=model,
        pending=lambda: model.objects.filter(resolved_at__isnull=True),
        since="created_at",
        query={"handled": "no"},
    )


admin.site.queue_register(
    AdminQueue(
        title=_("Concerns about tools to triage"),
        model=Concern,
        pending=lambda: Concern.objects.filter(status__in=OPEN_CONCERNS),
        since="created_at",
        query={"status__in": ",".join(OPEN_CONCERNS)},
    )
)
admin.site.queue_register(_reports_unhandled(_("Reported forum posts"), PostReport))
admin.site.queue_register(_reports_unhandled(_("Reported feedback"), FeedbackReport))
# A suspended tool waits for its removal or reinstatement, since its latest decision (the suspension).
admin.site.queue_register(
    AdminQueue(
        title=_("Suspended tools to remove or reinstate"),
        model=Tool,
        pending=lambda: Tool.objects.filter(status=Tool.Status.SUSPENDED).annotate(
            suspended_at=Max("decisions__decided_at")
        ),
        since="suspended_at",
        query={"status__exact": Tool.Status.SUSPENDED},
    )
)
