"""Writes about who is on the hub: applications to join, vetting decisions, invitations between
colleagues, and ending a person's sessions. The second factor has its own module
(:mod:`hub.accounts.second_factor`)."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.internal.flows.email_verification import (
    add_email_verification_sent_message,
    send_verification_email_for_user,
)
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from hub.audit.models import AuditEvent
from hub.audit.services import audit_record
from hub.outbox.models import OutboxEmail
from hub.outbox.services import email_queue
from hub.pages.models import Page
from hub.pages.selectors import page_current_version

from .models import (
    Consent,
    OfficerApplication,
    Organisation,
    ProviderInvitation,
    Role,
    Status,
    User,
    VettingDecision,
)


def translation_language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# Applications --------------------------------------------------------------------------------------


def _consents_record(*, user: User) -> None:
    for slug in (Page.Slug.TERMS, Page.Slug.PRIVACY):
        version = page_current_version(slug=slug)
        Consent.objects.create(user=user, page_version=version)


def _email_address_add(*, user: User, request: HttpRequest) -> None:
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


# Sessions ------------------------------------------------------------------------------------------


def sessions_end(*, user: User) -> None:
    """End every session of ``user``, wherever it is open (see ``User.get_session_auth_hash``)."""
    user.sessions_ended_at = timezone.now()
    user.save(update_fields=["sessions_ended_at"])
