"""Writes of the hub app: audit, outbox, applications, vetting decisions, second factor."""

import hashlib
import logging
import re
import secrets
import smtplib
import socket
import time
import uuid
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .client_address import client_address
from .emails import email_render
from .models import (
    AuditEvent,
    Consent,
    Notice,
    OfficerApplication,
    Organisation,
    OutboxEmail,
    Page,
    ProviderInvitation,
    Role,
    Status,
    User,
    VettingDecision,
)
from .selectors import page_current_version

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10


# Audit ---------------------------------------------------------------------------------------------


def audit_record(
    *,
    event: str,
    actor: User | None = None,
    target: Model | None = None,
    request: HttpRequest | None = None,
    **details,
) -> AuditEvent:
    """Write one audit entry. ``details`` must never carry secrets (passwords, codes, tokens)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        event=event,
        actor=actor,
        actor_label=str(actor) if actor else "",
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        ip=client_address(request),
        details=details,
    )


# Outbox --------------------------------------------------------------------------------------------


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    recipient: User | None = None,
    dedupe_key: str | None = None,
) -> OutboxEmail | None:
    """Write an email to the outbox in the current transaction; it is sent after commit.

    With ``dedupe_key`` the same email is queued at most once, whatever calls this again.
    """
    if dedupe_key and OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    language = language or (recipient.language if recipient else settings.LANGUAGE_CODE)
    rendered = email_render(template=template, context=context, language=language)
    message = OutboxEmail.objects.create(
        recipient=recipient,
        to=to,
        template=template,
        language=language,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        dedupe_key=dedupe_key,
    )
    _dispatch_after_commit([message.pk])
    return message


OUTBOX_BATCH_SIZE = 50


def emails_queue_many(
    *,
    recipients: Iterable[User],
    template: str,
    context: dict,
    dedupe_prefix: str,
) -> int:
    """One email to each recipient, written in bulk to the outbox in the current transaction.

    The message is rendered once per language (so ``context`` must not depend on the recipient)
    and each row's dedupe key is ``<dedupe_prefix>:<user id>``: calling this again for the same
    decision adds nothing. Delivery is dispatched in batches after commit. Returns rows written.
    """
    by_language: dict[str, list[User]] = {}
    for user in recipients:
        by_language.setdefault(user.language or settings.LANGUAGE_CODE, []).append(user)
    wanted = {f"{dedupe_prefix}:{user.pk}" for users in by_language.values() for user in users}
    existing = _existing_keys(OutboxEmail, wanted)
    rows = []
    for language, users in by_language.items():
        rendered = email_render(template=template, context=context, language=language)
        rows.extend(
            OutboxEmail(
                recipient=user,
                to=user.email,
                template=template,
                language=language,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                dedupe_key=f"{dedupe_prefix}:{user.pk}",
            )
            for user in users
            if f"{dedupe_prefix}:{user.pk}" not in existing
        )
    created = OutboxEmail.objects.bulk_create(rows, batch_size=1000)
    ids = [row.pk for row in created]
    if ids and ids[0] is None:  # a database that does not return keys from bulk inserts
        ids = list(
            OutboxEmail.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).values_list(
                "pk", flat=True
            )
        )
    _dispatch_after_commit(ids)
    return len(ids)


def notices_send_many(
    *,
    users: Iterable[User],
    title,
    body="",
    link: str = "",
    dedupe_prefix: str,
) -> int:
    """One in-app notice to each user, in bulk, rendered in each user's language.

    Dedupe keys are ``<dedupe_prefix>:<user id>``, so a repeated call adds nothing. ``title`` and
    ``body`` may be lazy translations. Returns the number of notices written.
    """
    from django.utils import translation

    users = list(users)
    wanted = {f"{dedupe_prefix}:{user.pk}" for user in users}
    existing = _existing_keys(Notice, wanted)
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for user in users:
        key = f"{dedupe_prefix}:{user.pk}"
        if key in existing:
            continue
        language = user.language or settings.LANGUAGE_CODE
        if language not in texts:
            with translation.override(language):
                texts[language] = (str(title)[:200], str(body))
        rows.append(
            Notice(
                user=user, title=texts[language][0], body=texts[language][1], link=link,
                dedupe_key=key,
            )
        )  # fmt: skip
    Notice.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _existing_keys(model, wanted: set[str]) -> set[str]:
    """Which of ``wanted`` dedupe keys are taken already (looked up through the unique index)."""
    keys = sorted(wanted)
    found: set[str] = set()
    for start in range(0, len(keys), 1000):
        found.update(
            model.objects.filter(dedupe_key__in=keys[start : start + 1000]).values_list(
                "dedupe_key", flat=True
            )
        )
    return found


def translation_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _dispatch_after_commit(message_ids: Iterable[int]) -> None:
    """After commit, one task per row, or one per batch of rows when there are many."""
    from .tasks import send_outbox_batch, send_outbox_email

    message_ids = list(message_ids)
    if len(message_ids) <= 2:
        for message_id in message_ids:
            transaction.on_commit(lambda message_id=message_id: send_outbox_email.delay(message_id))
        return
    for start in range(0, len(message_ids), OUTBOX_BATCH_SIZE):
        batch = message_ids[start : start + OUTBOX_BATCH_SIZE]
        transaction.on_commit(lambda batch=batch: send_outbox_batch.delay(batch))


def outbox_deliver(*, message_id: int, backend=None) -> bool:
    """Send one outbox row if nobody else has claimed it. Returns True if this call sent it.

    Exactly once, even if the worker is killed at any moment. Over SMTP the message is complete
    on the mail server only with its final "." line; until then, a broken connection makes the
    server discard it. So the row is locked, marked sent, the "." goes out, and the transaction
    commits straight away, with no waiting between the last two. A worker that dies earlier
    leaves the row claimed and the server without the message: sending it again later (the
    sweep) duplicates nothing. Only the holder of the claim may mark the row sent, and the lock
    keeps the sweep from handing the row on meanwhile.

    Errors propagate after the row is put back to pending, so the task can retry. ``backend`` is
    an open email connection to reuse across a batch.
    """
    token = uuid.uuid4()
    claimed = OutboxEmail.objects.filter(pk=message_id, state=OutboxEmail.State.PENDING).update(
        state=OutboxEmail.State.SENDING, claimed_at=timezone.now(), claim_token=token
    )
    if claimed != 1:
        return False
    message = OutboxEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": f"<outbox-{message.pk}@{settings.HUB_MAIL_DOMAIN}>"},
    )
    email.attach_alternative(message.body_html, "text/html")

    @contextmanager
    def mark_sent(*, hold: bool = True):
        """Yields whether this call still holds the claim; if so the row is marked sent. With
        ``hold`` the row stays locked and the mark uncommitted until the block ends."""
        rows = OutboxEmail.objects.filter(
            pk=message.pk, state=OutboxEmail.State.SENDING, claim_token=token
        )
        values = {
            "state": OutboxEmail.State.SENT,
            "sent_at": timezone.now(),
            "attempts": message.attempts + 1,
        }
        if not hold:
            yield rows.update(**values) == 1
            return
        with transaction.atomic():
            yield rows.update(**values) == 1  # the update locks the row until commit

    try:
        return _email_send_committed(email, mark_sent=mark_sent, backend=backend)
    except Exception as error:
        OutboxEmail.objects.filter(pk=message.pk, claim_token=token).update(
            state=OutboxEmail.State.PENDING,
            sent_at=None,
            attempts=message.attempts + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise


def _email_send_committed(email: EmailMultiAlternatives, *, mark_sent, backend=None) -> bool:
    """Send ``email``, entering ``mark_sent`` at the last moment the send can still be called off.

    Over SMTP that moment is just before the end of the message data; other backends (files,
    memory in tests) cannot fail half-way, so the row is marked and then the message written.
    Returns False, sending nothing, if ``mark_sent`` says the claim was lost.
    """
    own_backend = backend is None
    backend = backend or get_connection()
    if not isinstance(backend, SmtpBackend):
        with mark_sent(hold=False) as held:
            if not held:
                return False
        email.connection = backend
        email.send()
        return True
    try:
        backend.open()
        return _smtp_send_committed(backend.connection, email, mark_sent=mark_sent)
    except Exception:
        backend.close()  # the session is in an unknown state; the next message starts afresh
        raise
    finally:
        if own_backend:
            backend.close()


def _smtp_send_committed(connection: smtplib.SMTP, email, *, mark_sent) -> bool:
    encoding = email.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(email.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in email.recipients()]
    data = email.message().as_bytes(linesep="\r\n")
    data = re.sub(rb"(?m)^\.", b"..", data)  # SMTP's dot-stuffing
    if not data.endswith(b"\r\n"):
        data += b"\r\n"

    if connection.sock is not None:
        # The data and its final "." are two writes: without this, the second waits for the
        # server's delayed acknowledgement of the first (tens of milliseconds per message).
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connection.ehlo_or_helo_if_needed()
    code, reply = connection.mail(sender)
    if code != 250:
        connection.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    for recipient in recipients:
        code, reply = connection.rcpt(recipient)
        if code not in (250, 251):
            connection.rset()
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = connection.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    connection.send(data)
    with mark_sent() as held:
        if not held:
            # Someone else holds the row now. Dropping the connection before the final "."
            # makes the server discard this copy.
            connection.close()
            return False
        connection.send(b".\r\n")
    code, reply = connection.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    return True


def outbox_mark_failed(*, message_id: int, error: str) -> None:
    OutboxEmail.objects.filter(pk=message_id, state=OutboxEmail.State.PENDING).update(
        state=OutboxEmail.State.FAILED, last_error=error[:2000]
    )


def outbox_sweep() -> list[int]:
    """Re-queue rows whose task was lost: pending for a while, or claimed by a worker that died.

    A claimed row never reached the mail server complete (see :func:`outbox_deliver`), so handing
    it on sends no second copy.
    """
    now = timezone.now()
    OutboxEmail.objects.filter(
        state=OutboxEmail.State.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT),
    ).update(state=OutboxEmail.State.PENDING, claim_token=None)
    ids = list(
        OutboxEmail.objects.filter(
            state=OutboxEmail.State.PENDING,
            created_at__lt=now - timedelta(seconds=settings.OUTBOX_SWEEP_AFTER),
        ).values_list("pk", flat=True)[:5000]
    )
    _dispatch_after_commit(ids)
    return ids


# Applications --------------------------------------------------------------------------------------


def _consents_record(*, user: User) -> None:
    for slug in (Page.Slug.TERMS, Page.Slug.PRIVACY):
        version = page_current_version(slug=slug)
        Consent.objects.create(user=user, page_version=version)


def _email_address_add(*, user: User, request: HttpRequest) -> None:
    from allauth.account.internal.flows.email_verification import (
        send_verification_email_for_user,
    )

    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    send_verification_email_for_user(request, user)


def _address_owner(email: str) -> User | None:
    """Whoever signs in with ``email`` or has it as another address, in any letter case."""
    return (
        User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .order_by("pk")
        .first()
    )


ADDRESS_TAKEN_TEMPLATE = "application_address_taken"
ADDRESS_TAKEN_EMAIL_INTERVAL = timedelta(hours=1)


def _application_submit(*, request: HttpRequest, email: str, password: str, create) -> User | None:
    """Create an applicant's account with ``create(email)``, unless the address already has one.

    Either way the applicant is told to look for an email: the answer, its timing and what it
    leaves in the browser say nothing about whether the address belongs to a member. Returns the
    new account, or None when the address was taken.
    """
    email = email.strip().lower()
    owner = _address_owner(email)
    if owner is None:
        try:
            with transaction.atomic():
                return create(email)
        except IntegrityError:
            owner = _address_owner(email)  # the same address applied a moment ago
            if owner is None:
                raise
    _application_address_taken(owner=owner, email=email, password=password, request=request)
    return None


def _application_address_taken(
    *, owner: User, email: str, password: str, request: HttpRequest
) -> None:
    """Someone applied with the address of an existing account: nothing is created, and the owner
    is told by email, at most once an hour so that the form cannot flood their inbox."""
    from allauth.account.internal.flows.email_verification import (
        add_email_verification_sent_message,
    )

    make_password(password)  # the work a new account costs, so that both answers take as long
    # Locked, so that two attempts at the same moment send one email.
    owner = User.objects.select_for_update().get(pk=owner.pk)
    now = timezone.now()
    told_lately = OutboxEmail.objects.filter(
        recipient=owner,
        template=ADDRESS_TAKEN_TEMPLATE,
        created_at__gt=now - ADDRESS_TAKEN_EMAIL_INTERVAL,
    ).exists()
    if not told_lately:
        email_queue(
            to=owner.email,
            recipient=owner,
            template=ADDRESS_TAKEN_TEMPLATE,
            context={"user": owner, "attempted_at": now},
        )
    # For staff: someone applied with a member's address (many of these would be someone probing).
    audit_record(
        event=AuditEvent.Event.APPLICATION_SUBMITTED,
        target=owner,
        request=request,
        address_taken=True,
        owner_told=not told_lately,
    )
    # The note a new applicant's confirmation email leaves for the next page.
    add_email_verification_sent_message(request, email, signup=False)


def _applicant_create(
    *, request: HttpRequest, email: str, name: str, password: str, role: str, target, **extra
) -> User:
    """The account of someone who applied: waiting for vetting, email still to be confirmed."""
    user = User(
        email=email.lower(),
        name=name,
        role=role,
        status=Status.PENDING,
        language=translation_language(),
        **extra,
    )
    user.set_password(password)
    user.save()
    _consents_record(user=user)
    audit_record(
        event=AuditEvent.Event.APPLICATION_SUBMITTED,
        actor=user,
        target=target(user) if callable(target) else target,
        request=request,
    )
    _email_address_add(user=user, request=request)
    return user


@transaction.atomic
def officer_apply(
    *, request: HttpRequest, password: str, email: str, name: str, **data
) -> User | None:
    """Create an officer's account and application; a verification email goes out. If the
    address has an account already, its owner is told instead (see ``_application_submit``)."""

    def create(email: str) -> User:
        return _applicant_create(
            request=request,
            email=email,
            name=name,
            password=password,
            role=Role.OFFICER,
            target=lambda user: OfficerApplication.objects.create(user=user, **data),
        )

    return _application_submit(request=request, email=email, password=password, create=create)


@transaction.atomic
def provider_apply(
    *, request: HttpRequest, password: str, user_name: str, email: str, **organisation_data
) -> User | None:
    """Create a provider organisation and its first user, both waiting for vetting. If the
    address has an account already, its owner is told instead (see ``_application_submit``)."""

    def create(email: str) -> User:
        organisation = Organisation.objects.create(
            contact_name=user_name, contact_email=email, **organisation_data
        )
        return _applicant_create(
            request=request,
            email=email,
            name=user_name,
            password=password,
            role=Role.PROVIDER,
            target=organisation,
            organisation=organisation,
        )

    return _application_submit(request=request, email=email, password=password, create=create)


@transaction.atomic
def application_answer(*, user: User, note: str, request: HttpRequest | None = None) -> None:
    """The applicant answers the hub's request for more information; back into the queue."""
    if user.status != Status.MORE_INFO:
        return
    if user.role == Role.OFFICER:
        application = user.application
        stamp = timezone.now().strftime("%Y-%m-%d %H:%M")
        application.applicant_note = f"{application.applicant_note}\n\n[{stamp}] {note}".strip()
        application.save(update_fields=["applicant_note"])
        user.status = Status.PENDING
        user.save(update_fields=["status"])
        VettingDecision.objects.create(
            user=user, action=VettingDecision.Action.ANSWER, message=note
        )
    else:
        organisation = user.organisation
        organisation.description = f"{organisation.description}\n\n{note}".strip()
        organisation.status = Status.PENDING
        organisation.save(update_fields=["description", "status"])
        user.status = Status.PENDING
        user.save(update_fields=["status"])
        VettingDecision.objects.create(
            organisation=organisation, action=VettingDecision.Action.ANSWER, message=note
        )


# Vetting -------------------------------------------------------------------------------------------

# What each decision does: the status it sets, the statuses it applies to, and the email it sends.
DECISIONS = {
    VettingDecision.Action.APPROVE: (
        Status.APPROVED,
        {Status.PENDING, Status.MORE_INFO},
        "vetting_approved",
    ),
    VettingDecision.Action.REJECT: (
        Status.REJECTED,
        {Status.PENDING, Status.MORE_INFO},
        "vetting_rejected",
    ),
    VettingDecision.Action.ASK: (Status.MORE_INFO, {Status.PENDING}, "vetting_more_info"),
    VettingDecision.Action.SUSPEND: (Status.SUSPENDED, {Status.APPROVED}, "vetting_suspended"),
    VettingDecision.Action.REINSTATE: (
        Status.APPROVED,
        {Status.SUSPENDED, Status.REJECTED},
        "vetting_reinstated",
    ),
}
MESSAGE_REQUIRED = {VettingDecision.Action.REJECT, VettingDecision.Action.ASK}


class DecisionNotAllowed(ValueError):
    pass


def _decision(*, action: str, message: str) -> tuple:
    if action not in DECISIONS:
        raise DecisionNotAllowed(f"unknown decision {action}")
    if action in MESSAGE_REQUIRED and not message.strip():
        raise DecisionNotAllowed("a reason or message is required")
    return DECISIONS[action]


@transaction.atomic
def user_decide(
    *, user: User, action: str, by: User, message: str = "", request: HttpRequest | None = None
) -> bool:
    """Apply a vetting decision to a person. Returns False when it does not apply to their status."""
    new_status, applies_to, template = _decision(action=action, message=message)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.status not in applies_to:
        return False
    previous = user.status
    user.status = new_status
    user.save(update_fields=["status"])
    VettingDecision.objects.create(user=user, action=action, message=message, decided_by=by)
    audit_record(
        event=AuditEvent.Event.VETTING,
        actor=by,
        target=user,
        request=request,
        decision=action,
        previous=previous,
        status=new_status,
    )
    email_queue(
        to=user.email,
        recipient=user,
        template=template,
        context={"user": user, "message": message, "organisation": None},
    )
    return True


@transaction.atomic
def organisation_decide(
    *,
    organisation: Organisation,
    action: str,
    by: User,
    message: str = "",
    request: HttpRequest | None = None,
) -> bool:
    """Apply a vetting decision to a provider organisation; its users are told and follow it."""
    new_status, applies_to, template = _decision(action=action, message=message)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status not in applies_to:
        return False
    previous = organisation.status
    organisation.status = new_status
    organisation.decided_at = timezone.now()
    organisation.save(update_fields=["status", "decided_at"])
    users = list(organisation.users.filter(is_active=True))
    if action in {VettingDecision.Action.APPROVE, VettingDecision.Action.ASK}:
        # The first user applied together with the organisation and follows its decision.
        organisation.users.filter(status__in=applies_to).update(status=new_status)
    VettingDecision.objects.create(
        organisation=organisation, action=action, message=message, decided_by=by
    )
    audit_record(
        event=AuditEvent.Event.VETTING,
        actor=by,
        target=organisation,
        request=request,
        decision=action,
        previous=previous,
        status=new_status,
    )
    for user in users:
        email_queue(
            to=user.email,
            recipient=user,
            template=template,
            context={"user": user, "message": message, "organisation": organisation},
        )
    return True


# Second factor -------------------------------------------------------------------------------------

# The owner is emailed when this many wrong codes in a row have been checked, once per streak.
SECOND_FACTOR_ALERT_AFTER = 10


def _failures(device) -> int:
    return getattr(device, "throttling_failure_count", 0)


def second_factor_check(
    *, user: User, token: str, stage: str, request: HttpRequest | None = None
) -> Device | None:
    """The device that accepts ``token``: one of the user's authenticator apps, or an unused
    recovery code, which is then used up. ``None`` when none does.

    Every device that checks a wrong code counts it toward its throttle (:mod:`hub.otp_throttle`);
    at the ``SECOND_FACTOR_ALERT_AFTER``-th in a row the owner is emailed. A right code ends the
    streak on all of the user's devices: the person has just proven the second factor.
    """
    with transaction.atomic():
        devices = list(devices_for_user(user, for_verify=True))
        before = max(map(_failures, devices), default=0)
        matched = next((device for device in devices if device.verify_token(token)), None)
        if matched is not None:
            for device in devices:
                if device is not matched and _failures(device):
                    device.throttle_reset()
        after = max(map(_failures, devices), default=0)
        if matched is None:
            audit_record(
                event=AuditEvent.Event.OTP_FAILED, actor=user, request=request, stage=stage
            )
            if before < SECOND_FACTOR_ALERT_AFTER <= after:
                email_queue(
                    to=user.email,
                    recipient=user,
                    template="second_factor_failures",
                    context={
                        "user": user,
                        "count": after,
                        "when": timezone.now(),
                        "wait_minutes": settings.OTP_THROTTLE_MAX_SECONDS // 60,
                    },
                )
        elif isinstance(matched, StaticDevice):
            audit_record(
                event=AuditEvent.Event.RECOVERY_CODE_USED,
                actor=user,
                request=request,
                stage=stage,
                remaining=matched.token_set.count(),
            )
        else:
            audit_record(
                event=AuditEvent.Event.OTP_VERIFIED, actor=user, request=request, stage=stage
            )
    return matched


def second_factor_exists(user: User) -> bool:
    """Can the user give a second factor now: a confirmed authenticator, or a recovery code?"""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def _when(text, when) -> str:
    return text % {"date": date_format(timezone.localtime(when), "DATETIME_FORMAT")}


# What the owner is told when their second factor changes: email template, notice title and body.
SECOND_FACTOR_CHANGES = {
    AuditEvent.Event.DEVICE_ADDED: (
        "second_factor_device_added",
        gettext_lazy("A new authenticator was added to your account"),
        gettext_lazy(
            "A new authenticator was added to your account on %(date)s (UTC). If this was not "
            "you, contact the hub team at once: someone may be using your account."
        ),
    ),
    AuditEvent.Event.DEVICE_REMOVED: (
        "second_factor_device_removed",
        gettext_lazy("An authenticator was removed from your account"),
        gettext_lazy(
            "An authenticator was removed from your account on %(date)s (UTC). If this was not "
            "you, contact the hub team at once: someone may be using your account."
        ),
    ),
    AuditEvent.Event.RECOVERY_CODES_CREATED: (
        "second_factor_recovery_codes",
        gettext_lazy("New recovery codes were made for your account"),
        gettext_lazy(
            "New recovery codes were made for your account on %(date)s (UTC); the earlier ones "
            "no longer work. If this was not you, contact the hub team at once: someone may be "
            "using your account."
        ),
    ),
}


def _second_factor_changed(*, user: User, change: str, device_name: str = "") -> None:
    """The owner hears of every change to their second factor, by email and in the hub, so that
    a change they did not make does not go unnoticed."""
    template, title, body = SECOND_FACTOR_CHANGES[change]
    when = timezone.now()
    email_queue(
        to=user.email,
        recipient=user,
        template=template,
        context={"user": user, "when": when, "device_name": device_name},
    )
    notice_send(
        user=user, title=title, body=lazy(_when, str)(body, when), link=reverse("mfa_devices")
    )


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for enrolment; any earlier unconfirmed one is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="", confirmed=False)


def totp_code_matches(*, device: TOTPDevice, token: str) -> bool:
    """Would ``device`` accept ``token`` now? Unlike ``device.verify_token`` this uses nothing up,
    so that another check on the same form can still fail without costing a fresh code."""
    try:
        code = int(token)
    except ValueError:
        return False
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return totp.verify(code, device.tolerance, device.last_t + 1)


@transaction.atomic
def totp_device_confirm(
    *, device: TOTPDevice, token: str, name: str = "", request: HttpRequest | None = None
) -> bool:
    """The new authenticator answered with ``token``: it is added, and the owner told.

    Adding a second authenticator needs the current second factor as well
    (:func:`second_factor_check`); the caller asks for it.
    """
    if not device.verify_token(token):
        audit_record(
            event=AuditEvent.Event.OTP_FAILED, actor=device.user, request=request, stage="enrol"
        )
        return False
    device.confirmed = True
    device.name = name.strip()[:64] or device.name
    device.save()
    audit_record(
        event=AuditEvent.Event.DEVICE_ADDED, actor=device.user, target=device, request=request
    )
    _second_factor_changed(
        user=device.user, change=AuditEvent.Event.DEVICE_ADDED, device_name=device.name
    )
    return True


@transaction.atomic
def recovery_codes_generate(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """Ten new single-use recovery codes; any earlier codes stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_record(event=AuditEvent.Event.RECOVERY_CODES_CREATED, actor=user, request=request)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User, request: HttpRequest | None = None) -> list[str]:
    """A member's new recovery codes, in place of the earlier ones; the owner is told.

    The caller has checked the current second factor (:func:`second_factor_check`).
    """
    codes = recovery_codes_generate(user=user, request=request)
    _second_factor_changed(user=user, change=AuditEvent.Event.RECOVERY_CODES_CREATED)
    return codes


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def totp_device_remove(*, device: TOTPDevice, request: HttpRequest | None = None) -> None:
    """The caller has checked the current second factor (:func:`second_factor_check`)."""
    user = device.user
    audit_record(event=AuditEvent.Event.DEVICE_REMOVED, actor=user, target=device, request=request)
    name = device.name
    device.delete()
    _second_factor_changed(user=user, change=AuditEvent.Event.DEVICE_REMOVED, device_name=name)


def sessions_end(*, user: User) -> None:
    """End every session of ``user``, wherever it is open (see ``User.get_session_auth_hash``)."""
    user.sessions_ended_at = timezone.now()
    user.save(update_fields=["sessions_ended_at"])


@transaction.atomic
def devices_reset(*, user: User, by: User, request: HttpRequest | None = None) -> None:
    """Staff remove every second-factor device of a user, who must enrol again at next login.

    Every session of the user ends too: one opened with a lost phone must not outlive it.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    sessions_end(user=user)
    audit_record(event=AuditEvent.Event.DEVICES_RESET, actor=by, target=user, request=request)
    email_queue(to=user.email, recipient=user, template="devices_reset", context={"user": user})


# Provider invitations ------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(
    *, organisation: Organisation, email: str, by: User, request: HttpRequest | None = None
) -> ProviderInvitation:
    """Invite a colleague to the organisation. An address that already has an account gets the
    same pending invitation, so the inviter learns nothing about who is a member, but no link: an
    account cannot be made twice for one address."""
    token = secrets.token_urlsafe(32)
    invitation = ProviderInvitation.objects.create(
        organisation=organisation, email=email.lower(), invited_by=by, token_hash=_token_hash(token)
    )
    taken = _address_owner(invitation.email) is not None
    audit_record(
        event=AuditEvent.Event.INVITATION_SENT,
        actor=by,
        target=organisation,
        request=request,
        **({"address_taken": True} if taken else {}),
    )
    if not taken:
        email_queue(
            to=invitation.email,
            template="provider_invitation",
            language=by.language,
            context={"organisation": organisation, "invited_by": by, "token": token},
        )
    return invitation


INVITATION_VALIDITY = timedelta(days=14)


def invitation_for_token(token: str) -> ProviderInvitation | None:
    return (
        ProviderInvitation.objects.select_related("organisation")
        .filter(
            token_hash=_token_hash(token),
            accepted_at__isnull=True,
            created_at__gte=timezone.now() - INVITATION_VALIDITY,
            organisation__status=Status.APPROVED,
        )
        .first()
    )


class InvitationUnusable(ValueError):
    """The invitation's address has had an account of its own since the invitation was sent."""


@transaction.atomic
def invitation_accept(
    *, invitation: ProviderInvitation, name: str, password: str, request: HttpRequest
) -> User:
    """The invited colleague joins the organisation. The email is proven by the link itself."""
    if _address_owner(invitation.email) is not None:
        raise InvitationUnusable(invitation.email)
    user = User(
        email=invitation.email,
        name=name,
        role=Role.PROVIDER,
        status=Status.APPROVED,
        organisation=invitation.organisation,
        language=translation_language(),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    except IntegrityError as error:  # the address applied at this very moment
        raise InvitationUnusable(invitation.email) from error
    _consents_record(user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        event=AuditEvent.Event.INVITATION_ACCEPTED,
        actor=user,
        target=invitation.organisation,
        request=request,
    )
    return user


# Notices -------------------------------------------------------------------------------------------


def notice_send(
    *,
    user: User,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notice | None:
    """An in-app notice. ``title`` and ``body`` may be lazy translations: they are rendered in the
    recipient's language. With ``dedupe_key`` the notice is written at most once."""
    from django.utils import translation

    if dedupe_key and Notice.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return Notice.objects.create(
            user=user, title=str(title)[:200], body=str(body), link=link, dedupe_key=dedupe_key
        )


def notices_mark_read(*, user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
