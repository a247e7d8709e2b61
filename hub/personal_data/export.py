"""The data export: everything the hub holds about a member, gathered from every app that answers
:data:`~hub.personal_data.registry.register_personal_data`, written to a file the member downloads.
"""

import json
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import User
from hub.outbox.services import email_queue, notice_send

from .models import DataExport, export_storage
from .registry import personal_data_registered

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "global-hub-personal-data/1"


def member_export(user: User) -> dict:
    """Everything the hub holds about the member, from every app, as JSON-ready data."""
    data = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "about": str(
            _(
                "A copy of the personal data the Global Hub holds about you. Posts, feedback and "
                "messages you wrote are included; what other members wrote is not."
            )
        ),
    }
    for provider in personal_data_registered():
        data.setdefault(provider.section, {}).update(provider.member_data(user))
    return data


def data_export_build(*, export_id: int) -> bool:
    """Write the export file, then tell the member it is ready. Returns False if nothing to do."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.ready_at is not None:
        return False
    user = export.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        content = json.dumps(
            member_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
    name = f"export-{secrets.token_hex(16)}.json"
    export.file.save(name, ContentFile(content.encode("utf-8")), save=False)
    with transaction.atomic():
        now = timezone.now()
        claimed = DataExport.objects.filter(pk=export.pk, ready_at__isnull=True).update(
            file=export.file.name, ready_at=now, expires_at=now + settings.EXPORT_TTL
        )
        if claimed != 1:  # another worker finished first: keep its file, drop this one
            files_delete_after_commit([export.file.name])
            return False
        export.refresh_from_db()
        _older_exports_expire(export)
        link = reverse("me_export_download", args=[export.pk])
        email_queue(
            to=user.email,
            recipient=user,
            template="data_export_ready",
            context={"user": user, "export": export, "link": link},
            dedupe_key=f"data-export-ready:{export.pk}",
        )
        notice_send(
            user=user,
            title=_("Your copy of your data is ready"),
            body=_("You can download it from the “Your data” page until it expires."),
            link=reverse("me"),
            dedupe_key=f"data-export-ready:{export.pk}",
        )
    return True


def _older_exports_expire(export: DataExport) -> None:
    """A new copy replaces the older ones: their files go at once."""
    older = DataExport.objects.filter(user_id=export.user_id, pk__lt=export.pk).exclude(file="")
    names = list(older.values_list("file", flat=True))
    now = timezone.now()
    older.update(file="", expires_at=now)
    DataExport.objects.filter(user_id=export.user_id, pk__lt=export.pk, expires_at__gt=now).update(
        expires_at=now
    )
    files_delete_after_commit(names)


def files_delete_after_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            try:
                export_storage.delete(name)
            except OSError:
                logger.warning("could not delete an export file", exc_info=True)

    if names:
        transaction.on_commit(delete)
