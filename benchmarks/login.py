"""Signing in as a member does: the login form, then a code from the authenticator app.

Used for the in-process client (Django's test client) and for the HTTP client that drives gunicorn
(:class:`benchmarks.http.Session`); both answer ``get(path)`` and ``post(path, data)`` with the
final page after redirects.
"""

import re
import time
from html import unescape
from typing import Protocol

from django.urls import reverse

from .data import BENCH_PASSWORD


class Browser(Protocol):
    def get(self, path: str) -> tuple[int, str, str]: ...  # (status, final path, HTML)

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]: ...


class DjangoBrowser:
    """Django's test client, following redirects like a browser."""

    def __init__(self, client):
        self.client = client

    def _answer(self, response) -> tuple[int, str, str]:
        return response.status_code, response.request["PATH_INFO"], response.content.decode()

    def get(self, path: str) -> tuple[int, str, str]:
        return self._answer(self.client.get(path, follow=True))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        return self._answer(self.client.post(path, data, follow=True))


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("the form has no CSRF token")
    return match.group(1)


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return unescape(match.group(1)) if match else ""


def totp_code(user) -> str:
    """A code the authenticator shows now, one the device has not accepted yet (no replay)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    while True:
        now = int(time.time())
        step = (now - device.t0) // device.step
        if device.last_t is None or step > device.last_t:
            return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
        time.sleep(device.step - (now - device.t0) % device.step + 0.5)  # wait for the next code
        device.refresh_from_db()


def log_in(browser: Browser, user) -> str:
    """Log ``user`` in with password and code; returns the path of the page reached."""
    login = reverse("account_login")
    _status, _path, html = browser.get(login)
    data = {
        "login": user.email,
        "password": BENCH_PASSWORD,
        "csrfmiddlewaretoken": csrf_token(html),
    }
    status, path, html = browser.post(login, data)
    if path != reverse("mfa_verify"):
        raise RuntimeError(f"the login form led to {path} (HTTP {status}), not the code prompt")
    data = {
        "token": totp_code(user),
        "next": _hidden(html, "next"),
        "csrfmiddlewaretoken": csrf_token(html),
    }
    status, path, _html = browser.post(path, data)
    if status != 200 or path in {login, reverse("mfa_verify")}:
        raise RuntimeError(f"the code was not accepted: HTTP {status} at {path}")
    return path
