"""A member's data export and their request to erase the account (app label ``hub``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from hub.core.private_files import PrivateFolder


# The path the migrations know it by: hub.models imports it from here.
@deconstructible(path="hub.models.ExportStorage")
class ExportStorage(PrivateFolder):
    """Data exports, in the ``exports/`` folder of the hub's private storage.

    That is ``MEDIA_ROOT/private/exports/`` on a bare machine, or ``private/exports/`` in the S3
    bucket every host reads, so the worker that writes an export and the web host that serves it
    need not be the same machine. Nothing serves the files directly: the owner downloads theirs
    through the access-checked view, which looks the export up by its owner.
    """

    def __init__(self):
        super().__init__("exports")


export_storage = ExportStorage()


class DataExport(models.Model):
    """A member asked for a copy of their data: a JSON file kept for a short time, then deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    file = models.FileField(_("file"), storage=export_storage, upload_to="%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None and bool(self.file)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class DeletionRequest(models.Model):
    """A member asked for their account to be erased; it happens after a grace period.

    One row per member: a new request after a cancelled one starts the period again on the same row
    (the audit log keeps the history).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deletion_request"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    erase_after = models.DateTimeField(_("erased after"), db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")
        ordering = ["erase_after"]

    def __str__(self) -> str:
        return f"{self.user} · {self.erase_after:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None
