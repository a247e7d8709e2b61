"""The data export: everything the hub holds about a member, gathered from every app."""

import json
import logging
import secrets
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.models import (
    AuditEvent,
    Consent,
    DataExport,
    DeletionRequest,
    Notice,
    OfficerApplication,
    OutboxEmail,
    ProviderInvitation,
    User,
    VettingDecision,
    export_storage,
)
from hub.services import audit_record, email_queue, notice_send

logger = logging.getLogger(__name__)

# The apps that hold personal data, each with a ``personal_data`` module (this one for the hub).
# Each module's data is the export's section named after its app, or its ``SECTION``.
PERSONAL_DATA_MODULES = (
    "hub.personal_data",
    "tools_catalog.personal_data",
    "wizard.personal_data",
    "questionnaires.personal_data",
    "learning.personal_data",
    "community.personal_data",
)

EXPORT_FORMAT = "global-hub-personal-data/1"
# An export not ready after this long is taken as failed: the member may ask again.
EXPORT_GIVE_UP_AFTER = timedelta(hours=1)

# Every relation to the user model in the hub app and in the libraries it uses, and the key of
# member_data() that holds its rows.
COVERED = {
    "hub.OfficerApplication.user": "application",
    "hub.VettingDecision.user": "vetting_decisions",
    "hub.VettingDecision.decided_by": "vetting_decisions_made",
    "hub.Consent.user": "consents",
    "hub.ProviderInvitation.invited_by": "invitations_sent",
    "hub.AuditEvent.actor": "audit_log",
    "hub.OutboxEmail.recipient": "emails",
    "hub.Notice.user": "notices",
    "hub.DataExport.user": "data_exports",
    "hub.DeletionRequest.user": "deletion_request",
    "account.EmailAddress.user": "email_addresses",
    # Only the names and dates of the member's authenticators: never a key, a code or a secret.
    "otp_totp.TOTPDevice.user": "authenticators",
    "otp_static.StaticDevice.user": "recovery_codes",
    # What a staff member changed in the admin: the kind of object and when, never the object's
    # name (often another person's email address).
    "admin.LogEntry.user": "admin_changes",
}

# Relations to a user that the export leaves out on purpose, and why. Never exported either, though
# not relations: the password hash, sessions, authenticator keys, recovery codes, and the secret
# address of the calendar feed (tests/hub/test_export.py checks the export for each of them).
NOT_EXPORTED = {
    # That another member blocked this one is the other member's decision, and reporting it would
    # tell who blocked them.
    "community.Block.blocked": "the other member's decision",
    # Random keys that stop a form sent twice from creating twice; what the forms created is in
    # the export with its own kind. Erased with the account.
    "hub.SubmissionToken.user": "one-time form keys against double submissions",
}

# Audit entries about a person: named in a member's export only when that person is the member.
PERSON_TARGETS = {"hub.User", "hub.OfficerApplication"}


def member_data(user: User) -> dict:
    """What the hub app itself holds about the member."""
    application = OfficerApplication.objects.filter(user=user).first()
    return {
        "profile": _profile(user),
        "email_addresses": [
            {"email": address.email, "primary": address.primary, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "application": _application(application) if application else None,
        "consents": [
            {
                "document": consent.page_version.page.slug,
                "version": consent.page_version.version,
                "title": consent.page_version.title,
                "accepted_at": consent.accepted_at,
            }
            for consent in Consent.objects.filter(user=user)
            .select_related("page_version__page")
            .order_by("accepted_at", "pk")
        ],
        "vetting_decisions": _vetting_decisions(user),
        "vetting_decisions_made": [
            {"decision": decision.action, "decided_at": decision.decided_at}
            for decision in VettingDecision.objects.filter(decided_by=user).order_by(
                "decided_at", "pk"
            )
        ],
        # The colleague's address is theirs: only when the member invited someone, and whether
        # the invitation was taken up.
        "invitations_sent": [
            {"sent_at": invitation.created_at, "accepted_at": invitation.accepted_at}
            for invitation in ProviderInvitation.objects.filter(invited_by=user).order_by(
                "created_at", "pk"
            )
        ],
        "notices": [
            {
                "title": notice.title,
                "text": notice.body,
                "link": notice.link,
                "sent_at": notice.created_at,
                "read_at": notice.read_at,
            }
            for notice in Notice.objects.filter(user=user).order_by("created_at", "pk")
        ],
        # Which emails the hub sent and when; their subjects can name a colleague who wrote.
        "emails": [
            {
                "kind": email.template,
                "to": email.to,
                "written_at": email.created_at,
                "sent_at": email.sent_at,
                "state": email.state,
            }
            for email in OutboxEmail.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "data_exports": [
            {
                "requested_at": export.created_at,
                "ready_at": export.ready_at,
                "available_until": export.expires_at,
            }
            for export in DataExport.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "deletion_request": _deletion_request(user),
        "authenticators": [
            {
                "name": device.name,
                "confirmed": device.confirmed,
                "added_at": device.created_at,
                "last_used_at": device.last_used_at,
            }
            for device in TOTPDevice.objects.filter(user=user).order_by("pk")
        ],
        "recovery_codes": [
            {"codes_left": device.token_set.count(), "created_at": device.created_at}
            for device in StaticDevice.objects.filter(user=user).order_by("pk")
        ],
        "admin_changes": [
            {
                "at": entry.action_time,
                "kind": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, ""),
                "object_type": entry.content_type.model if entry.content_type else "",
            }
            for entry in LogEntry.objects.filter(user=user)
            .select_related("content_type")
            .order_by("action_time", "pk")
        ],
        "audit_log": _audit_entries(user, application),
    }


def _profile(user: User) -> dict:
    profile = {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "status": user.status,
        "language": user.language,
        "joined_at": user.date_joined,
        "last_login_at": user.last_login,
        "active": user.is_active,
        "organisation": None,
    }
    organisation = user.organisation
    if organisation is not None:
        profile["organisation"] = {
            "name": organisation.name,
            "type": organisation.type,
            "country": str(organisation.country),
            "website": organisation.website,
            "description": organisation.description,
            "status": organisation.status,
            "submitted_at": organisation.submitted_at,
            # The contact person may be a colleague: named only when it is the member.
            "you_are_the_contact": organisation.contact_email.lower() == user.email.lower(),
        }
        if profile["organisation"]["you_are_the_contact"]:
            profile["organisation"]["contact_name"] = organisation.contact_name
            profile["organisation"]["contact_email"] = organisation.contact_email
    return profile


def _application(application: OfficerApplication) -> dict:
    return {
        "agency": application.agency,
        "unit": application.unit,
        "country": str(application.country),
        "position": application.position,
        "areas_of_work": application.areas_of_work,
        "verifying_contact_name": application.verifier_name,
        "verifying_contact_email": application.verifier_email,
        "intended_use": application.intended_use,
        "languages": application.languages,
        "other_languages": application.other_languages,
        "gender": application.gender,
        "answers_to_the_hub": application.applicant_note,
        "submitted_at": application.submitted_at,
    }


def _vetting_decisions(user: User) -> list[dict]:
    about = Q(user=user)
    if user.organisation_id:
        about |= Q(organisation_id=user.organisation_id)
    return [
        {
            "about": "you" if decision.user_id == user.pk else "your organisation",
            "decision": decision.action,
            "message": decision.message,
            "decided_at": decision.decided_at,
        }
        for decision in VettingDecision.objects.filter(about).order_by("decided_at", "pk")
    ]


def _deletion_request(user: User) -> dict | None:
    request = DeletionRequest.objects.filter(user=user).first()
    if request is None:
        return None
    return {
        "requested_at": request.requested_at,
        "erase_after": request.erase_after,
        "cancelled_at": request.cancelled_at,
    }


def _audit_entries(user: User, application: OfficerApplication | None) -> list[dict]:
    """The member's audit entries: what they did, and what was done about them.

    An entry in which the member acted on another person (staff vetting someone) keeps that person
    unnamed; who on the hub team acted on the member is not named either.
    """
    own = {("hub.User", str(user.pk))}
    if application is not None:
        own.add(("hub.OfficerApplication", str(application.pk)))
    about_member = Q()
    for target_type, target_id in own:
        about_member |= Q(target_type=target_type, target_id=target_id)
    entries = []
    for event in AuditEvent.objects.filter(Q(actor=user) | about_member).order_by("at", "pk"):
        another_person = (
            event.target_type in PERSON_TARGETS and (event.target_type, event.target_id) not in own
        )
        entry = {
            "at": event.at,
            "event": event.event,
            "what": str(event.get_event_display()),
            "by_you": event.actor_id == user.pk,
            "ip": event.ip,
        }
        if event.target_type:
            entry["about"] = (
                {"type": event.target_type, "name": "another person"}
                if another_person
                else {"type": event.target_type, "name": event.target_label}
            )
        if not another_person:
            entry["details"] = event.details
        entries.append(entry)
    return entries


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
    for module_name in PERSONAL_DATA_MODULES:
        module = import_module(module_name)
        section = getattr(module, "SECTION", module_name.split(".")[0])
        data.setdefault(section, {}).update(module.member_data(user))
    return data


def data_export_latest(user: User) -> DataExport | None:
    return DataExport.objects.filter(user=user).first()


def data_export_in_progress(export: DataExport | None) -> bool:
    return (
        export is not None
        and export.ready_at is None
        and export.created_at > timezone.now() - EXPORT_GIVE_UP_AFTER
    )


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
    from hub.tasks import build_data_export

    transaction.on_commit(lambda: build_data_export.delay(export.pk))
    return export


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


def data_export_for_download(*, user: User, pk: int) -> DataExport:
    """The member's own export while it can be downloaded; 404 for anyone else's or once expired."""
    export = DataExport.objects.filter(
        pk=pk, user=user, ready_at__isnull=False, expires_at__gt=timezone.now()
    ).first()
    if export is None or not export.file:
        raise Http404
    return export


def data_export_downloaded(*, export: DataExport, request: HttpRequest | None = None) -> None:
    audit_record(
        event=AuditEvent.Event.DATA_EXPORT,
        actor=export.user,
        target=export,
        request=request,
        action="downloaded",
    )
