"""The second factor: changing it needs it, the owner hears of every change, wrong codes cost a
bounded wait, and sessions end when a password or the second factor is reset."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts import second_factor
from hub.models import Notice, Status
from tests.factories import make_applicant, make_officer, make_staff

PASSWORD = "Correct-horse-battery-2026"
START = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
WRONG = "000000"


@pytest.fixture
def clock():
    """Time stands still unless a test moves it: TOTP codes change every 30 seconds."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(db, clock):
    return make_officer("olu@police.example", name="Olu", password=PASSWORD)


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _log_in(client: Client, user, clock, *, token: str | None = None) -> Client:
    """Password, then a code from the authenticator: the way every member signs in."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("mfa_verify"), {"token": token or _code(_device(user))})
    assert response.status_code == 302, response.content.decode()
    clock.shift(timedelta(seconds=30))  # the code just used is spent: the next one is fresh
    return client


def _field_error(response, field: str) -> str:
    """The error shown next to ``field`` (the list that the field's aria-describedby names)."""
    match = re.search(
        rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', response.content.decode(), re.S
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _emails_to(user, subject_part: str) -> list:
    return [m for m in mail.outbox if m.to == [user.email] and subject_part in m.subject]


def _notices(client: Client) -> str:
    return client.get(reverse("notices")).content.decode()


# Adding an authenticator ----------------------------------------------------------------------------


def _new_app(client: Client, user) -> TOTPDevice:
    """Opens the page for adding an authenticator: it makes the new app's secret."""
    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_adding_an_authenticator_without_the_current_factor_adds_nothing(
    client, officer, clock, django_capture_on_commit_callbacks
):
    _log_in(client, officer, clock)
    page = client.get(reverse("mfa_setup")).content.decode()
    assert 'name="current_code"' in page
    new_app = TOTPDevice.objects.get(user=officer, confirmed=False)

    with django_capture_on_commit_callbacks(execute=True):
        missing = client.post(reverse("mfa_setup"), {"token": _code(new_app), "name": "Spare"})
        wrong = client.post(
            reverse("mfa_setup"), {"token": _code(new_app), "name": "Spare", "current_code": WRONG}
        )
        # The wrong code counts toward the throttle: even the right one waits a moment now.
        right_too_soon = client.post(
            reverse("mfa_setup"),
            {"token": _code(new_app), "name": "Spare", "current_code": _code(_device(officer))},
        )

    assert missing.status_code == 200
    assert "Enter a code from your authenticator app" in _field_error(missing, "current_code")
    assert wrong.status_code == 200
    assert "This code is not right" in _field_error(wrong, "current_code")
    assert "Too many wrong codes" in _field_error(right_too_soon, "current_code")
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 1
    assert mail.outbox == []
    assert not Notice.objects.filter(user=officer).exists()


def test_adding_an_authenticator_with_a_code_from_the_existing_one(
    client, db, clock, django_capture_on_commit_callbacks
):
    officer = make_officer("amelie@police.example", name="Amélie", password=PASSWORD, language="fr")
    _log_in(client, officer, clock)
    new_app = _new_app(client, officer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mfa_setup"),
            {"token": _code(new_app), "name": "Spare", "current_code": _code(_device(officer))},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_devices")
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 2
    [email] = _emails_to(officer, "")
    assert "16 mars 2026" in email.body  # the date in the owner's language
    assert "Spare" in email.body
    assert Notice.objects.filter(user=officer).count() == 1
    # The notice too is in the owner's language.
    assert "Une nouvelle application d'authentification a été ajoutée à votre compte le" in (
        _notices(client).replace("&#x27;", "'")
    )


def test_a_mistake_in_the_new_apps_code_uses_up_no_recovery_code(client, officer, clock):
    codes = second_factor.recovery_codes_generate(user=officer)
    _log_in(client, officer, clock)
    new_app = _new_app(client, officer)

    response = client.post(
        reverse("mfa_setup"), {"token": WRONG, "name": "Spare", "current_code": codes[0]}
    )

    assert "not right" in _field_error(response, "token")
    assert StaticToken.objects.filter(device__user=officer, token=codes[0]).exists()
    response = client.post(
        reverse("mfa_setup"),
        {"token": _code(new_app), "name": "Spare", "current_code": codes[0]},
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 2
    assert not StaticToken.objects.filter(device__user=officer, token=codes[0]).exists()


def test_the_first_authenticator_needs_no_code_but_the_owner_is_told(
    client, db, clock, django_capture_on_commit_callbacks
):
    officer = make_applicant("new@police.example", status=Status.APPROVED, password=PASSWORD)
    client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    new_app = _new_app(client, officer)
    assert 'name="current_code"' not in client.get(reverse("mfa_setup")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_setup"), {"token": _code(new_app), "name": "Phone"})

    assert response["Location"] == reverse("mfa_recovery_codes")
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 1
    assert len(_emails_to(officer, "A new authenticator was added")) == 1
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(user=officer).count() == 1


# Removing an authenticator --------------------------------------------------------------------------


@pytest.fixture
def two_apps(client, officer, clock):
    """The officer, signed in, with a second authenticator added the proper way."""
    _log_in(client, officer, clock)
    new_app = _new_app(client, officer)
    client.post(
        reverse("mfa_setup"),
        {"token": _code(new_app), "name": "Spare", "current_code": _code(_device(officer))},
    )
    clock.shift(timedelta(seconds=30))
    mail.outbox.clear()
    Notice.objects.filter(user=officer).delete()
    new_app.refresh_from_db()
    assert new_app.confirmed
    return new_app


def test_removing_an_authenticator_without_the_current_factor_removes_nothing(
    client, officer, two_apps, django_capture_on_commit_callbacks
):
    url = reverse("mfa_device_remove", args=[two_apps.pk])
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url)  # the Remove button in the list asks for the code first
        missing = client.post(url, {"current_code": ""})
        wrong = client.post(url, {"current_code": WRONG})

    assert asked.status_code == 200
    assert 'name="current_code"' in asked.content.decode()
    assert _field_error(asked, "current_code") == ""
    assert "Enter a code" in _field_error(missing, "current_code")
    assert "not right" in _field_error(wrong, "current_code")
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 2
    assert mail.outbox == []
    assert not Notice.objects.filter(user=officer).exists()


def test_a_recovery_code_removes_an_authenticator_and_is_used_up(
    client, officer, two_apps, django_capture_on_commit_callbacks
):
    codes = second_factor.recovery_codes_generate(user=officer)
    url = reverse("mfa_device_remove", args=[two_apps.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"current_code": codes[0].upper()})

    assert response["Location"] == reverse("mfa_devices")
    assert not TOTPDevice.objects.filter(pk=two_apps.pk).exists()
    assert len(_emails_to(officer, "An authenticator was removed")) == 1
    assert len(mail.outbox) == 1
    assert "An authenticator was removed from your account on" in _notices(client)
    assert Notice.objects.filter(user=officer).count() == 1
    # Used up: the same recovery code does not work a second time.
    new_app = _new_app(client, officer)
    again = client.post(
        reverse("mfa_setup"), {"token": _code(new_app), "name": "X", "current_code": codes[0]}
    )
    assert "not right" in _field_error(again, "current_code")


# New recovery codes ---------------------------------------------------------------------------------


def test_new_recovery_codes_need_the_current_factor(
    client, officer, clock, django_capture_on_commit_callbacks
):
    codes = second_factor.recovery_codes_generate(user=officer)
    _log_in(client, officer, clock)

    with django_capture_on_commit_callbacks(execute=True):
        missing = client.post(reverse("mfa_recovery_codes"))
        wrong = client.post(reverse("mfa_recovery_codes"), {"current_code": "abcde-fghij"})

    assert missing.status_code == 200
    assert "Enter a code" in _field_error(missing, "current_code")
    assert "not right" in _field_error(wrong, "current_code")
    assert set(
        StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    ) == set(codes)
    assert mail.outbox == []
    assert not Notice.objects.filter(user=officer).exists()


def test_new_recovery_codes_with_a_recovery_code(
    client, officer, clock, django_capture_on_commit_callbacks
):
    old_codes = second_factor.recovery_codes_generate(user=officer)
    _log_in(client, officer, clock)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_recovery_codes"), {"current_code": old_codes[3]})
    page = client.get(response["Location"]).content.decode()

    new_codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert len(_emails_to(officer, "New recovery codes")) == 1
    assert len(mail.outbox) == 1
    assert "New recovery codes were made for your account on" in _notices(client)
    assert Notice.objects.filter(user=officer).count() == 1


# Wrong codes ----------------------------------------------------------------------------------------


def _wait_after(failures: int) -> timedelta:
    """django-otp's doubling wait (factor 1) after ``failures`` wrong codes, under the hub's cap."""
    return timedelta(seconds=min(2 ** (failures - 1), 15 * 60))


@pytest.mark.parametrize("factor", ["authenticator", "recovery code"])
def test_after_30_wrong_codes_the_right_one_works_15_minutes_later(
    client, officer, clock, factor, django_capture_on_commit_callbacks
):
    recovery_codes = second_factor.recovery_codes_generate(user=officer)
    client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})

    with django_capture_on_commit_callbacks(execute=True):
        for failure in range(1, 31):
            response = client.post(reverse("mfa_verify"), {"token": WRONG})
            assert "This code is not right" in _field_error(response, "token"), failure
            clock.shift(_wait_after(failure))  # each one is checked, none refused unread
    # Each wait above was the full one: now one second short of the last (15 minutes).
    clock.shift(timedelta(seconds=-1))

    def right_code() -> str:
        return _code(_device(officer)) if factor == "authenticator" else recovery_codes[0]

    too_soon = client.post(reverse("mfa_verify"), {"token": right_code()})
    assert "Too many wrong codes" in _field_error(too_soon, "token")
    assert "1 minute" in _field_error(too_soon, "token")
    clock.shift(timedelta(seconds=1))
    response = client.post(reverse("mfa_verify"), {"token": right_code()})

    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert len(_emails_to(officer, "Wrong codes were entered")) == 1
    assert "10 wrong codes in a row" in _emails_to(officer, "Wrong codes")[0].body


def test_the_deletion_form_shares_the_cap(
    client, officer, clock, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _log_in(client, officer, clock)

    def delete_with(code: str):
        return client.post(reverse("me_delete"), {"code": code, "understood": "on"})

    with django_capture_on_commit_callbacks(execute=True):
        for failure in range(1, 31):
            assert "not right" in _field_error(delete_with(WRONG), "code"), failure
            clock.shift(_wait_after(failure))
        clock.shift(timedelta(seconds=-1))
        assert "Too many wrong codes" in delete_with(_code(_device(officer))).content.decode()
        clock.shift(timedelta(seconds=1))
        response = delete_with(_code(_device(officer)))

    assert response["Location"] == reverse("me")
    assert "Your account will be erased" in client.get(reverse("me")).content.decode()
    assert len(_emails_to(officer, "Wrong codes were entered")) == 1  # the same alert as at login


def test_one_email_per_streak_of_wrong_codes(
    client, officer, clock, django_capture_on_commit_callbacks
):
    streak = 0

    def wrong_codes(count: int) -> None:
        nonlocal streak
        for _ in range(count):
            response = client.post(reverse("mfa_verify"), {"token": WRONG})
            assert "This code is not right" in _field_error(response, "token")
            streak += 1
            clock.shift(_wait_after(streak))

    client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        wrong_codes(20)
    assert len(_emails_to(officer, "Wrong codes were entered")) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_verify"), {"token": _code(_device(officer))})
        assert response.status_code == 302
        client.post(reverse("account_logout"))
        clock.shift(timedelta(seconds=30))
        client.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
        streak = 0  # the right code ended the streak
        wrong_codes(10)

    assert len(_emails_to(officer, "Wrong codes were entered")) == 2


# Sessions -------------------------------------------------------------------------------------------


def test_changing_the_password_ends_the_other_sessions_only(officer, clock):
    browser_a = _log_in(Client(), officer, clock)
    browser_b = _log_in(Client(), officer, clock)
    assert browser_b.get("/").status_code == 200

    new_password = "A-new-long-passphrase-2026"
    response = browser_a.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert response.status_code == 302
    assert browser_a.get("/").status_code == 200
    response = browser_b.get(reverse("mfa_devices"))
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in browser_b.session


def test_resetting_the_password_by_email_ends_every_session(
    officer, clock, public_pages, django_capture_on_commit_callbacks
):
    browsers = [_log_in(Client(), officer, clock), _log_in(Client(), officer, clock)]
    anonymous = Client()

    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(reverse("account_reset_password"), {"email": officer.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    response = anonymous.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "A-new-long-passphrase-2026"
    anonymous.post(form_url, {"password1": new_password, "password2": new_password})
    officer.refresh_from_db()
    assert officer.check_password(new_password)

    for browser in browsers:
        response = browser.get(reverse("mfa_devices"))
        assert response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in browser.session


def test_staff_resetting_the_second_factor_ends_the_users_sessions(
    officer, clock, django_capture_on_commit_callbacks
):
    staff = make_staff("vera@hub.example", password=PASSWORD)
    staff_browser = _log_in(Client(), staff, clock)
    officer_browser = _log_in(Client(), officer, clock)
    assert officer_browser.get("/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_browser.post(
            reverse("admin:hub_user_changelist"),
            {"action": "reset_second_factor", "confirm": "yes", "_selected_action": [officer.pk]},
        )

    assert response.status_code == 302
    response = officer_browser.get(reverse("mfa_devices"))
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in officer_browser.session
    assert staff_browser.get("/").status_code == 200  # the staff member's own session goes on
    # Logging in again works, and leads to setting up a new authenticator.
    officer_browser.post(reverse("account_login"), {"login": officer.email, "password": PASSWORD})
    assert officer_browser.get("/")["Location"].startswith(reverse("mfa_setup"))
