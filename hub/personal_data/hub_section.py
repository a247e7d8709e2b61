"""What the hub's own rooms hold about a member, for their data export: the account and its
application and vetting, consents, invitations, second factor, notices and emails, data exports and
deletion requests, the staff admin's history and the audit log. Its section is "hub"."""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from hub.accounts.models import (
    Consent,
    OfficerApplication,
    ProviderInvitation,
    User,
    VettingDecision,
)
from hub.audit.models import AuditEvent
from hub.outbox.models import Notice, OutboxEmail

from .models import DataExport, DeletionRequest
from .registry import PersonalData, register_personal_data

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
    # Names and dates of the member's passkeys, never their public keys.
    "django_otp_webauthn.WebAuthnCredential.user": "passkeys",
    # What a staff member changed in the admin: the kind of object and when, never the object's
    # name (often another person's email address).
    "admin.LogEntry.user": "admin_changes",
}

# Relations to a user that the export leaves out on purpose, and why. Never exported either, though
# not relations: the password hash, sessions, authenticator keys, recovery codes, and the secret
# address of the calendar feed (tests/hub/test_export.py checks the export for each of them).
NOT_EXPORTED = {
    # Random keys that stop a form sent twice from creating twice; what the forms created is in
    # the export with its own kind. Erased with the account.
    "hub.SubmissionToken.user": "one-time form keys against double submissions",
    # A random handle that passkeys carry instead of the member's id or address. Erased with the
    # account.
    "django_otp_webauthn.WebAuthnUserHandle.user": "random passkey user handle",
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
        "passkeys": [
            {
                "name": passkey.name,
                "added_at": passkey.created_at,
                "last_used_at": passkey.last_used_at,
            }
            for passkey in WebAuthnCredential.objects.filter(user=user).order_by("pk")
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


@receiver(register_personal_data, dispatch_uid="hub.personal_data")
def _hub_section(sender, **kwargs) -> PersonalData:
    return PersonalData(
        section="hub", member_data=member_data, covered=COVERED, not_exported=NOT_EXPORTED
    )
