"""Erasing an account: when its deletion grace period has passed, or when a retention rule
removes it. Every app that holds something of the member's is asked first
(:class:`~hub.personal_data.registry.PersonalData`'s ``member_erase``); the account row then goes
and the database does the rest. The audit log keeps a pseudonym in place of the member.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from hub.accounts.models import OfficerApplication, Status, User
from hub.audit.models import AuditEvent
from hub.outbox.models import OutboxEmail
from hub.outbox.services import email_queue

from .export import files_delete_after_commit
from .models import DataExport, DeletionRequest
from .registry import personal_data_registered

logger = logging.getLogger(__name__)


def member_pseudonym(user_id: int) -> str:
    """The name an erased member keeps in the audit log: the same in every entry, and not the id."""
    # The salt must never change: it keeps one member's entries under one pseudonym.
    digest = salted_hmac("hub.personal_data.member_pseudonym", str(user_id)).hexdigest()
    return f"member-{digest[:12]}"


@transaction.atomic
def account_erase(*, user: User, reason: str, by: User | None = None, notify: bool = True) -> str:
    """Erase an account and the personal data that goes with it. Returns the member's pseudonym.

    Deleting the account row removes what is only the member's (profile, application, consents,
    notices, saved tools, shortlists, learning progress, directory entry, registrations,
    conversations, second-factor devices, email addresses); forum posts, threads, feedback and
    reports stay, without an author. Audit entries about the member keep a pseudonym instead of
    their name or address. With ``notify`` a last email tells them it is done.
    """
    pseudonym = member_pseudonym(user.pk)
    user = User.objects.select_related("organisation").get(pk=user.pk)
    email, language, user_id = user.email, user.language, user.pk

    for provider in personal_data_registered():
        if provider.member_erase is not None:
            provider.member_erase(user)
    _audit_pseudonymise(user, pseudonym)
    _organisation_contact_forget(user)
    export_files = list(
        DataExport.objects.filter(user=user).exclude(file="").values_list("file", flat=True)
    )
    OutboxEmail.objects.filter(Q(recipient=user) | Q(to__iexact=email)).delete()
    _sessions_end(user_id)
    organisation = user.organisation
    user.delete()
    _organisation_delete_if_abandoned(organisation)
    files_delete_after_commit(export_files)

    AuditEvent.objects.create(
        event=AuditEvent.Event.ACCOUNT_ERASED,
        actor=by,
        actor_label=str(by) if by else "",
        target_type=User._meta.label,
        target_id=str(user_id),
        target_label=pseudonym,
        details={"reason": reason, "pseudonym": pseudonym},
    )
    if notify:
        email_queue(
            to=email,
            template="account_erased",
            context={"requested": reason == ERASE_REQUESTED},
            language=language,
            dedupe_key=f"{ERASED_EMAIL_PREFIX}{pseudonym}",
        )
    return pseudonym


ERASED_EMAIL_PREFIX = "account-erased:"
ERASE_REQUESTED = "deletion_requested"


def _audit_pseudonymise(user: User, pseudonym: str) -> None:
    AuditEvent.objects.filter(actor=user).update(actor_label=pseudonym)
    about = Q(target_type=User._meta.label, target_id=str(user.pk)) | Q(
        target_label__icontains=user.email
    )
    application = OfficerApplication.objects.filter(user=user).values_list("pk", flat=True).first()
    if application is not None:
        about |= Q(target_type=OfficerApplication._meta.label, target_id=str(application))
    for device_model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        ids = [
            str(pk) for pk in device_model.objects.filter(user=user).values_list("pk", flat=True)
        ]
        if ids:
            about |= Q(target_type=device_model._meta.label, target_id__in=ids)
    AuditEvent.objects.filter(about).update(target_label=pseudonym)
    # A failed login keeps the address that was typed: the member's own becomes the pseudonym.
    failed = AuditEvent.objects.filter(event=AuditEvent.Event.LOGIN_FAILED).filter(
        Q(actor=user) | Q(details__login__iexact=user.email)
    )
    for event in failed:
        if str(event.details.get("login", "")).lower() == user.email.lower():
            event.details = {**event.details, "login": pseudonym}
            event.save(update_fields=["details"])
    # The admin's own history names objects by their text (a user's is the email address).
    for model, pk in ((User, user.pk), (OfficerApplication, application)):
        if pk is not None:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
            ).update(object_repr=pseudonym)


def _organisation_contact_forget(user: User) -> None:
    organisation = user.organisation
    if organisation is not None and organisation.contact_email.lower() == user.email.lower():
        organisation.contact_name = ""
        organisation.contact_email = ""
        organisation.save(update_fields=["contact_name", "contact_email"])


def _organisation_delete_if_abandoned(organisation) -> None:
    """A provider's application that was never approved goes with its last person."""
    if (
        organisation is None
        or organisation.status == Status.APPROVED
        or organisation.users.exists()
        or organisation.tools.exists()
    ):
        return
    organisation.delete()


def _sessions_end(user_id: int) -> None:
    """Sign the member out everywhere (only the database keeps a list of sessions to look in)."""
    if not settings.SESSION_ENGINE.endswith(
        ("sessions.backends.db", "sessions.backends.cached_db")
    ):
        return
    ended = [
        session.session_key
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == str(user_id)
    ]
    Session.objects.filter(session_key__in=ended).delete()


def accounts_erase_due(*, now: datetime | None = None) -> list[str]:
    """Erase every account whose deletion grace period has passed. Returns their pseudonyms.

    Each account is erased in its own transaction, so one failure does not hold back the others.
    Also blanks the address of the last emails to accounts erased earlier, once they were sent
    (or given up).
    """
    now = now or timezone.now()
    erased = []
    due = DeletionRequest.objects.filter(cancelled_at__isnull=True, erase_after__lte=now)
    for deletion_id in list(due.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # Locked, and checked again: a member who cancels at this moment keeps the account.
                deletion = due.select_for_update().select_related("user").filter(pk=deletion_id)
                deletion = deletion.first()
                if deletion is not None:
                    erased.append(account_erase(user=deletion.user, reason=ERASE_REQUESTED))
        except Exception:
            logger.exception("could not erase the account of deletion request %s", deletion_id)
    OutboxEmail.objects.filter(
        dedupe_key__startswith=ERASED_EMAIL_PREFIX,
        state__in=[OutboxEmail.State.SENT, OutboxEmail.State.FAILED],
    ).exclude(to="").update(to="", body_text="", body_html="")
    return erased
