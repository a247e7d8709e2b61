"""Reads about a member's own data: their latest export, and their request to erase the account."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.models import User

from .models import DataExport, DeletionRequest

# An export not ready after this long is taken as failed: the member may ask again.
EXPORT_GIVE_UP_AFTER = timedelta(hours=1)


def data_export_latest(user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user).first()


def data_export_in_progress(export: DataExport | None) -> bool:
    return (
        export is not None
        and export.ready_at is None
        and export.created_at > timezone.now() - EXPORT_GIVE_UP_AFTER
    )


def data_export_for_download(*, user: User, pk: int) -> DataExport:
    """The member's own export while it can be downloaded; 404 for anyone else's or once expired."""
    export = DataExport.objects.filter(
        pk=pk, user=user, ready_at__isnull=False, expires_at__gt=timezone.now()
    ).first()
    if export is None or not export.file:
        raise Http404
    return export


def deletion_pending(user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, cancelled_at__isnull=True).first()


def deletion_needs_code(user: User) -> bool:
    """Members confirm with their second factor; an applicant who has none yet, with the password."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def deletion_grace() -> timedelta:
    return timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)
