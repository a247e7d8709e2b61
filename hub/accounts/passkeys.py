"""Passkeys and security keys (WebAuthn, through django-otp-webauthn) as a second factor beside
authenticator apps: the relying party the browser is told about, the permission to add one that a
current factor gives for a few minutes, and the owner told of every change.

A passkey is never a way to log in without the password: it answers only the second-factor step
(``OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN`` is off).
"""

import time

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp_webauthn.models import WebAuthnCredential

from hub.audit.models import AuditEvent
from hub.audit.services import audit_record

from .models import User
from .second_factor import second_factor_changed

# A current factor given on the "add a passkey" form, or a passkey just used, allows this long.
GRANT_SECONDS = 5 * 60
SESSION_ADD_GRANT = "hub_passkey_add"
SESSION_CONFIRMED = "hub_passkey_confirmed"


def passkeys_of(user: User):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def passkey_for_user(user: User, pk: int) -> WebAuthnCredential:
    """The user's own passkey, or ``DoesNotExist`` for anyone else's."""
    return WebAuthnCredential.objects.get(pk=pk, user=user, confirmed=True)


def is_passkey(device: Device | None) -> bool:
    return isinstance(device, WebAuthnCredential)


def _fresh(mark: dict | None) -> bool:
    return bool(mark) and mark.get("until", 0) >= time.time()


def passkey_add_allow(*, request: HttpRequest, name: str) -> None:
    """The current factor was given: the browser may now create one passkey, called ``name``,
    within ``GRANT_SECONDS``."""
    request.session[SESSION_ADD_GRANT] = {
        "name": name.strip()[:64],
        "until": time.time() + GRANT_SECONDS,
    }


def passkey_add_allowed(request: HttpRequest) -> bool:
    return _fresh(request.session.get(SESSION_ADD_GRANT))


def passkey_confirmation_note(*, request: HttpRequest, device: WebAuthnCredential) -> None:
    """A passkey answered while the session was already verified: for a few minutes it stands for
    the current factor on the forms that change passkeys, and the session is verified by it."""
    otp_login(request, device)
    request.session[SESSION_CONFIRMED] = {"device": device.pk, "until": time.time() + GRANT_SECONDS}


def passkey_confirmation(request: HttpRequest) -> WebAuthnCredential | None:
    """The passkey that confirmed the person a moment ago, if any."""
    mark = request.session.get(SESSION_CONFIRMED)
    if not _fresh(mark):
        return None
    return WebAuthnCredential.objects.filter(
        pk=mark["device"], user=request.user, confirmed=True
    ).first()


def passkey_confirmation_use(request: HttpRequest) -> None:
    """A confirmation allows one change only."""
    request.session.pop(SESSION_CONFIRMED, None)


@transaction.atomic
def passkey_added(*, request: HttpRequest, device: WebAuthnCredential) -> WebAuthnCredential | None:
    """The browser created ``device``: it keeps the name given on the form, and the owner is told.

    Without a grant from a current factor (:func:`passkey_add_allow`) the new credential is
    deleted again and ``None`` returned.
    """
    grant = request.session.pop(SESSION_ADD_GRANT, None)
    if not _fresh(grant):
        device.delete()
        return None
    device.name = grant["name"] or device.name
    device.save(update_fields=["name"])
    audit_record(
        event=AuditEvent.Event.DEVICE_ADDED, actor=device.user, target=device, request=request
    )
    second_factor_changed(
        user=device.user, change=AuditEvent.Event.DEVICE_ADDED, device_name=device.name
    )
    return device


@transaction.atomic
def passkey_remove(*, device: WebAuthnCredential, request: HttpRequest | None = None) -> None:
    """The caller has checked the current factor (a code, or another passkey just used)."""
    user = device.user
    audit_record(event=AuditEvent.Event.DEVICE_REMOVED, actor=user, target=device, request=request)
    name = device.name
    device.delete()
    second_factor_changed(user=user, change=AuditEvent.Event.DEVICE_REMOVED, device_name=name)


def passkey_used(*, request: HttpRequest, device: WebAuthnCredential, stage: str) -> None:
    audit_record(
        event=AuditEvent.Event.OTP_VERIFIED,
        actor=device.user,
        request=request,
        stage=stage,
        device="passkey",
    )


def staff_passkey_required(user: User) -> bool:
    return bool(settings.HUB_STAFF_REQUIRE_PASSKEY and user.is_staff)
