"""The wait after wrong second-factor codes: capped, and the same wherever a code is checked.

django-otp's ``ThrottlingMixin`` makes a device refuse every code for ``factor × 2^(n-1)`` seconds
after ``n`` wrong ones in a row, up to its ``MAX_THROTTLE_DELAY_SECONDS``: a hundred years. After
30 wrong codes (someone with the password guessing, or a confused owner) the owner's right code
would be refused for seventeen years. The hub stops the doubling at
``settings.OTP_THROTTLE_MAX_SECONDS``.

``ThrottlingMixin.verify_is_allowed`` reads that constant at every call, so setting it once at
start-up caps every throttled device (authenticator apps and recovery codes) on every path that
checks a code: the code prompt, the second-factor changes, the deletion form, django-otp's own
``match_token``. Proxy models or subclasses would not: django-otp's helpers load the concrete
models. If django-otp drops the constant, start-up fails rather than the cap silently vanishing.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_otp import devices_for_user
from django_otp import models as otp_models


def throttle_cap_install() -> None:
    if not hasattr(otp_models, "MAX_THROTTLE_DELAY_SECONDS"):
        raise ImproperlyConfigured(
            "django_otp.models.MAX_THROTTLE_DELAY_SECONDS is gone: the hub's cap on the wait "
            "after wrong codes (hub/accounts/otp_throttle.py) needs another way in."
        )
    otp_models.MAX_THROTTLE_DELAY_SECONDS = settings.OTP_THROTTLE_MAX_SECONDS


def second_factor_retry_at(user) -> datetime | None:
    """When the user's devices check codes again, if every one of them is waiting after wrong
    codes; ``None`` when a code can be checked now (or the user has no device)."""
    waits = []
    for device in devices_for_user(user):
        allowed, details = device.verify_is_allowed()
        if allowed:
            return None
        waits.append((details or {}).get("locked_until"))
    known = [wait for wait in waits if wait is not None]
    return min(known) if known else None
