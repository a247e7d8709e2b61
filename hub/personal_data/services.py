"""What a member asks about their own data: a copy of it, or their account erased after a grace
period (and changing their mind)."""

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hub.accounts.models import User
from hub.accounts.second_factor import second_factor_check
from hub.audit.models import AuditEvent
from hub.audit.services import audit_record
from hub.outbox.services import email_queue

from .models import DataExport, DeletionRequest
from .selectors import (
    data_export_in_progress,
    data_export_latest,
    deletion_grace,
    deletion_needs_code,
    deletion_pending,
)
from .tasks import build_data_export


@transaction.atomic
def data_export_request(*, user: User, request: HttpRequest | None = None) -> DataExport:
    """Ask for a copy of the member's data: a task writes it. One at a time per member."""
    user = User.objects.select_for_update().get(pk=user.pk)
    latest = data_export_latest(user)
    if data_export_in_progress(latest):
        return latest
    export = DataExport.objects.create(user=user)
    audit_record(
        event=AuditEvent.Event.DATA_EXPORT,
        actor=user,
        target=export,
        request=request,
        action="requested",
    )
    transaction.on_commit(lambda: build_data_export.delay(export.pk))
    return export


def data_export_downloaded(*, export: DataExport, request: HttpRequest | None = None) -> None:
    audit_record(
        event=AuditEvent.Event.DATA_EXPORT,
        actor=export.user,
        target=export,
        request=request,
        action="downloaded",
    )


def identity_confirm(
    *, user: User, code: str = "", password: str = "", request: HttpRequest | None = None
) -> bool:
    """Check the member's second-factor code (authenticator or recovery code), or their password
    when they have no authenticator yet. A wrong answer is audit-logged."""
    if deletion_needs_code(user):
        # The same check, throttle, alert and audit entries as every other code prompt.
        return bool(code) and (
            second_factor_check(user=user, token=code, stage="deletion", request=request)
            is not None
        )
    if not password or not user.check_password(password):
        audit_record(
            event=AuditEvent.Event.LOGIN_FAILED, actor=user, request=request, stage="deletion"
        )
        return False
    return True


@transaction.atomic
def deletion_request(*, user: User, request: HttpRequest | None = None) -> DeletionRequest:
    """The member asked for their account to be erased; it happens after the grace period.

    The caller has confirmed who is asking (:func:`identity_confirm`). Asking again while a request
    is pending changes nothing.
    """
    pending = deletion_pending(user)
    if pending is not None:
        return pending
    now = timezone.now()
    deletion, _created = DeletionRequest.objects.update_or_create(
        user=user,
        defaults={"requested_at": now, "erase_after": now + deletion_grace(), "cancelled_at": None},
    )
    audit_record(
        event=AuditEvent.Event.DELETION_REQUESTED,
        actor=user,
        target=user,
        request=request,
        erase_after=deletion.erase_after.isoformat(),
    )
    email_queue(
        to=user.email,
        recipient=user,
        template="deletion_requested",
        context={"user": user, "deletion": deletion},
    )
    return deletion


@transaction.atomic
def deletion_cancel(*, user: User, request: HttpRequest | None = None) -> bool:
    """The member keeps their account after all. Returns False when nothing was pending."""
    cancelled = DeletionRequest.objects.filter(user=user, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    if not cancelled:
        return False
    audit_record(
        event=AuditEvent.Event.DELETION_CANCELLED, actor=user, target=user, request=request
    )
    email_queue(
        to=user.email, recipient=user, template="deletion_cancelled", context={"user": user}
    )
    return True
