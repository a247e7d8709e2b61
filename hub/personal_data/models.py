"""A member's data export and their request to erase the account (app label ``hub``)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


# The path the migrations know it by: hub.models imports it from here.
@deconstructible(path="hub.models.ExportStorage")
class ExportStorage(FileSystemStorage):
    """Data exports under ``MEDIA_ROOT/private/exports/``.

    Nothing serves this folder directly (a web server in front of the hub must keep
    ``MEDIA_ROOT/private/`` internal); the owner downloads their file through the access-checked
    view, which looks the export up by its owner.
    """

    def __init__(self):
        super().__init__()

    # Read from settings on use, so a test that moves MEDIA_ROOT moves the exports too.
    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private", "exports")

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Exports are downloaded through the hub, never by a file address.")


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
