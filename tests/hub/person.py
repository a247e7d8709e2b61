"""Logging in through the real forms, as a member does: password, then the authenticator code."""

import re
from urllib.parse import urlencode

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Correct-horse-battery-2026"


def csrf(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else ""


def code(user) -> str:
    """The authenticator's current code (a device accepts each code once)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def log_in(client: Client, user, next_url: str = ""):
    """The login form (returning to ``next_url``), then the authenticator code; the final page.

    ``user`` was made with ``password=PASSWORD``."""
    login_url = reverse("account_login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    form = client.get(login_url)
    data = {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": csrf(form)}
    if next_url:
        data["next"] = next_url
    prompt = client.post(login_url, data, follow=True)
    assert prompt.resolver_match.url_name == "mfa_verify", prompt.redirect_chain
    return client.post(
        prompt.request["PATH_INFO"],
        {"token": code(user), "next": prompt.context["next"], "csrfmiddlewaretoken": csrf(prompt)},
        follow=True,
    )
