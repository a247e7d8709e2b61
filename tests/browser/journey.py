"""Steps every browser journey shares: moving between pages and logging in as a person would."""

import time
from urllib.parse import urlsplit

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Cedar-lighthouse-meadow-2026"


def path_of(page) -> str:
    return urlsplit(page.url).path


def submit(page, element) -> None:
    """Press a button or follow a link and wait for the next document (after any redirects)."""
    with page.expect_navigation() as navigation:
        element.click()
    response = navigation.value
    assert response is not None and response.status < 400, (
        f"{page.url}: HTTP {response.status if response else '?'}"
    )


def fresh_code(user) -> str:
    """The authenticator's code now, or the next one if the current one was already used (a code
    is accepted once; the device allows one step of drift)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    step_now = (int(time.time()) - device.t0) // device.step
    drift = 1 if device.last_t >= step_now else 0
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift)
    return f"{code:0{device.digits}d}"


def log_in(page, site: str, user, target: str, password: str = PASSWORD) -> None:
    """Open ``target`` as a visitor, log in with password and TOTP code, and land back on it."""
    page.goto(site + target)
    assert path_of(page) == reverse("account_login"), page.url
    page.fill("#id_login", user.email)
    page.fill("#id_password", password)
    submit(page, page.locator(f'main form[action="{reverse("account_login")}"] [type="submit"]'))
    assert path_of(page) == reverse("mfa_verify"), page.url
    page.fill("#id_token", fresh_code(user))
    submit(page, page.locator(f'main form[action="{reverse("mfa_verify")}"] [type="submit"]'))
    assert path_of(page) == target, page.url
