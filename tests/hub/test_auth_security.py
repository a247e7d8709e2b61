"""Logging in: email verification, second factor, rate limits, sessions and redirects."""

import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts import second_factor, services
from hub.models import AuditEvent
from tests.factories import login_verified, make_applicant, make_officer, make_staff

PASSWORD = "Correct-horse-battery-2026"


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


def _log_in(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password, **extra})


@pytest.fixture
def officer(db):
    return make_officer("officer@agency.example", password=PASSWORD)


def test_unverified_email_cannot_log_in(client, db):
    applicant = make_applicant("new@agency.example", password=PASSWORD)
    EmailAddress.objects.filter(user=applicant).update(verified=False)

    _log_in(client, applicant.email)

    assert "_auth_user_id" not in client.session
    assert client.get(reverse("application_status")).status_code == 302


def test_login_then_code_then_members_home(client, officer):
    response = _log_in(client, officer.email)
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_verify"))

    device = TOTPDevice.objects.get(user=officer)
    response = client.post(reverse("mfa_verify"), {"token": _code(device)})

    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(event="otp_verified", actor=officer).exists()


def test_session_key_changes_at_login_and_at_verification(client, officer):
    client.get(reverse("account_login"))
    anonymous_key = client.session.session_key
    _log_in(client, officer.email)
    logged_in_key = client.session.session_key
    device = TOTPDevice.objects.get(user=officer)
    client.post(reverse("mfa_verify"), {"token": _code(device)})
    verified_key = client.session.session_key

    assert len({anonymous_key, logged_in_key, verified_key}) == 3


def test_a_totp_code_is_refused_on_replay(client, officer):
    device = TOTPDevice.objects.get(user=officer)
    code = _code(device)
    _log_in(client, officer.email)
    client.post(reverse("mfa_verify"), {"token": code})
    client.post(reverse("account_logout"))

    _log_in(client, officer.email)
    response = client.post(reverse("mfa_verify"), {"token": code})

    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(event="otp_failed", actor=officer).exists()


def test_a_recovery_code_works_once(client, officer):
    codes = second_factor.recovery_codes_generate(user=officer)
    _log_in(client, officer.email)
    assert client.post(reverse("mfa_verify"), {"token": codes[0].upper()}).status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("account_logout"))

    _log_in(client, officer.email)
    response = client.post(reverse("mfa_verify"), {"token": codes[0]})

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_the_sixth_wrong_password_in_a_row_is_rate_limited(client, officer):
    for _attempt in range(5):
        response = _log_in(client, officer.email, password="wrong-password-123")
        assert "_auth_user_id" not in client.session

    response = _log_in(client, officer.email, password=PASSWORD)  # even the right one, now

    assert "_auth_user_id" not in client.session
    assert "Too many" in response.content.decode()
    assert AuditEvent.objects.filter(event="login_failed").count() >= 5


def test_password_reset_does_not_bypass_the_second_factor(
    client, officer, public_pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": officer.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "A-new-long-passphrase-2026"
    client.post(form_url, {"password1": new_password, "password2": new_password})

    assert "_auth_user_id" not in client.session  # the reset signed nobody in
    _log_in(client, officer.email, password=new_password)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_verify"))


@pytest.mark.parametrize(
    "target", ["https://elsewhere.example/", "//elsewhere.example/", "https:elsewhere.example"]
)
def test_next_only_leads_within_the_hub(client, officer, target):
    response = _log_in(client, officer.email, next=target)
    assert "elsewhere.example" not in response.get("Location", "")

    device = TOTPDevice.objects.get(user=officer)
    response = client.post(reverse("mfa_verify"), {"token": _code(device), "next": target})
    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]


def test_post_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": "a@b.example", "password": "x"})

    assert response.status_code == 403
    assert "Traceback" not in response.content.decode()


def test_suspension_ends_an_open_session_at_the_next_request(client, officer):
    login_verified(client, officer)
    assert client.get("/").status_code == 200
    staff = make_staff("staff@hub.example")

    services.user_decide(user=officer, action="suspend", by=staff, message="Under review")
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="access_revoked", actor=officer).exists()


def test_rejection_ends_an_applicants_open_session(client, db):
    applicant = make_applicant("applicant@agency.example", password=PASSWORD)
    client.force_login(applicant)
    assert client.get(reverse("application_status")).status_code == 200
    staff = make_staff("staff@hub.example")

    services.user_decide(user=applicant, action="reject", by=staff, message="Not law enforcement")

    assert client.get(reverse("application_status")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_idle_session_ends(client, officer, settings):
    with time_machine.travel("2026-03-02 09:00Z", tick=False) as clock:
        _log_in(client, officer.email)
        client.post(reverse("mfa_verify"), {"token": _code(TOTPDevice.objects.get(user=officer))})
        assert client.get("/").status_code == 200
        clock.shift(settings.SESSION_IDLE_SECONDS + 5)

        response = client.get("/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_ends_after_its_absolute_lifetime_even_when_active(client, officer, settings):
    step = settings.SESSION_IDLE_SECONDS // 2  # always active: a request well within the idle limit
    with time_machine.travel("2026-03-02 09:00Z", tick=False) as clock:
        _log_in(client, officer.email)
        client.post(reverse("mfa_verify"), {"token": _code(TOTPDevice.objects.get(user=officer))})
        for _request in range(settings.SESSION_COOKIE_AGE // step):
            assert client.get("/").status_code == 200
            clock.shift(step)
        clock.shift(5)

        response = client.get("/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_approved_officer_without_an_authenticator_must_enrol(client, db):
    officer = make_officer("new-officer@agency.example", password=PASSWORD)
    TOTPDevice.objects.filter(user=officer).delete()
    _log_in(client, officer.email)

    response = client.get("/")
    assert response["Location"].startswith(reverse("mfa_setup"))

    page = client.get(reverse("mfa_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(
        reverse("mfa_setup"), {"token": _code(device), "name": "work phone"}, follow=True
    )

    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    # Shown once: reloading the page does not show (or replace) them.
    assert client.get(reverse("mfa_recovery_codes"))["Location"] == reverse("mfa_devices")
    assert codes[0] not in client.get(reverse("mfa_devices")).content.decode()


def test_staff_need_the_second_factor_for_the_admin(client, db):
    staff = make_staff("admin@hub.example", password=PASSWORD)
    _log_in(client, staff.email)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_verify"))


def test_sign_up_happens_only_through_the_application_forms(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "x@agency.example",
            "password1": "Long-enough-pass-2026",
            "password2": "Long-enough-pass-2026",
        },
    )

    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email="x@agency.example").exists()
