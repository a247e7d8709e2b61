"""The second factor: authenticator apps, passkeys (:mod:`hub.accounts.passkeys`) and recovery codes, the check of a code on every form
that takes one, and the owner told of every change (email and notice).

The wait after wrong codes is capped in :mod:`hub.accounts.otp_throttle`.
"""

import secrets
import time

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from hub.audit.models import AuditEvent
from hub.audit.services import audit_record
from hub.outbox.services import email_queue, notice_send

from .models import User
from .services import sessions_end

RECOVERY_CODE_COUNT = 10
# The owner is emailed when this many wrong codes in a row have been checked, once per streak.
SECOND_FACTOR_ALERT_AFTER = 10


def _failures(device) -> int:
    return getattr(device, "throttling_failure_count", 0)


def second_factor_check(
    *, user: User, token: str, stage: str, request: HttpRequest | None = None
) -> Device | None:
    """The device that accepts ``token``: one of the user's authenticator apps, or an unused
    recovery code, which is then used up. ``None`` when none does.

    Every device that checks a wrong code counts it toward its throttle (:mod:`hub.accounts.otp_throttle`);
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


def second_factor_changed(*, user: User, change: str, device_name: str = "") -> None:
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
    second_factor_changed(
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
    second_factor_changed(user=user, change=AuditEvent.Event.RECOVERY_CODES_CREATED)
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
    second_factor_changed(user=user, change=AuditEvent.Event.DEVICE_REMOVED, device_name=name)


@transaction.atomic
def devices_reset(*, user: User, by: User, request: HttpRequest | None = None) -> None:
    """Staff remove every second-factor device of a user, who must enrol again at next login.

    Every session of the user ends too: one opened with a lost phone must not outlive it.
    """
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    WebAuthnCredential.objects.filter(user=user).delete()
    sessions_end(user=user)
    audit_record(event=AuditEvent.Event.DEVICES_RESET, actor=by, target=user, request=request)
    email_queue(to=user.email, recipient=user, template="devices_reset", context={"user": user})
