"""Deleting an account: a request, a grace period in which it can be cancelled, then erasure.

During the grace period the member stays signed in and the hub works as before, so changing their
mind is one button on "Your data" (and logging in again works too). When the period ends the
account is erased and every session of the member ends with it.
"""

import logging
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.models import (
    AuditEvent,
    DataExport,
    DeletionRequest,
    OfficerApplication,
    OutboxEmail,
    Status,
    User,
)
from hub.services import audit_record, email_queue, second_factor_check

from .export import PERSONAL_DATA_MODULES, files_delete_after_commit

logger = logging.getLogger(__name__)


def deletion_pending(user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, cancelled_at__isnull=True).first()


def deletion_needs_code(user: User) -> bool:
    """Members confirm with their second factor; an applicant who has none yet, with the password."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


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


def deletion_grace() -> timedelta:
    return timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS)


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


def member_pseudonym(user_id: int) -> str:
    """The name an erased member keeps in the audit log: the same in every entry, and not the id."""
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

    for module_name in PERSONAL_DATA_MODULES:
        erase = getattr(import_module(module_name), "member_erase", None)
        if erase is not None:
            erase(user)
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
    for device_model in (TOTPDevice, StaticDevice):
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
    from django.contrib.sessions.models import Session

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
