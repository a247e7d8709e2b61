"""Passkeys as a second factor: adding one needs the current factor, the owner hears of every
change, one answers the code prompt, the staff admin can require one, and the member's data
export and erasure include them.

The ceremonies run through the hub's JSON endpoints with a software authenticator below: a real
P-256 key, real CBOR attestation ("none") and real signatures, checked by py_webauthn as a
browser's would be.
"""

import base64
import hashlib
import json
import os
import re
import struct
from datetime import UTC, datetime, timedelta

import cbor2
import pytest
import time_machine
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from hub.accounts import second_factor
from hub.models import Notice
from hub.personal_data.erasure import account_erase
from hub.personal_data.export import member_export
from tests.factories import make_officer, make_staff

PASSWORD = "Correct-horse-battery-2026"
START = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """A platform authenticator in software: what a phone or a security key does."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.counter = 0
        self.rp_id = settings.OTP_WEBAUTHN_RP_ID
        self.origin = settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _auth_data(self, flags: int, extra: bytes = b"") -> bytes:
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.counter) + extra

    def create(self, options: dict) -> dict:
        assert options["rp"]["id"] == self.rp_id
        numbers = self.key.public_key().public_numbers()
        cose_key = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        attested = (
            bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + cose_key
        )
        auth_data = self._auth_data(0x45, attested)  # user present, verified, credential data
        client_data = self._client_data("webauthn.create", options["challenge"])
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
        }

    def get(self, options: dict) -> dict:
        allowed = [unb64url(c["id"]) for c in options.get("allowCredentials", [])]
        assert self.credential_id in allowed, "the server did not offer this credential"
        self.counter += 1
        auth_data = self._auth_data(0x05)
        client_data = self._client_data("webauthn.get", options["challenge"])
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
            },
        }


def post_json(client: Client, url: str, data: dict | None = None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def register(client: Client, authenticator: SoftAuthenticator):
    """The browser's part of adding a passkey: ask for options, create, send the answer."""
    begin = post_json(client, reverse("passkey_registration_begin"))
    if begin.status_code != 200:
        return begin
    return post_json(
        client, reverse("passkey_registration_complete"), authenticator.create(begin.json())
    )


def authenticate(client: Client, authenticator: SoftAuthenticator, next_path: str = ""):
    begin = post_json(client, reverse("passkey_authentication_begin"))
    assert begin.status_code == 200, begin.content
    url = reverse("passkey_authentication_complete")
    if next_path:
        url += f"?next={next_path}"
    return post_json(client, url, authenticator.get(begin.json()))


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _code(user) -> str:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def _log_in_with_password(client: Client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def _log_in(client: Client, user, clock) -> Client:
    _log_in_with_password(client, user)
    response = client.post(reverse("mfa_verify"), {"token": _code(user)})
    assert response.status_code == 302
    clock.shift(timedelta(seconds=30))  # the code just used is spent
    return client


def _add_passkey(client: Client, user, clock, name: str = "Work laptop") -> SoftAuthenticator:
    response = client.post(
        reverse("mfa_passkey_add"), {"confirm": "1", "name": name, "current_code": _code(user)}
    )
    assert response.status_code == 200
    assert 'data-passkey="register"' in response.content.decode()
    clock.shift(timedelta(seconds=30))
    authenticator = SoftAuthenticator()
    response = register(client, authenticator)
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == reverse("mfa_devices")
    return authenticator


@pytest.fixture
def officer(db, clock):
    return make_officer("olu@police.example", name="Olu", password=PASSWORD)


def test_a_verified_session_alone_cannot_add_a_passkey(officer, clock):
    client = _log_in(Client(), officer, clock)
    response = register(client, SoftAuthenticator())
    assert response.status_code == 403
    # A wrong code on the form does not open the ceremony either.
    response = client.post(
        reverse("mfa_passkey_add"), {"confirm": "1", "name": "Laptop", "current_code": "000000"}
    )
    assert response.status_code == 200
    assert 'data-passkey="register"' not in response.content.decode()
    assert register(client, SoftAuthenticator()).status_code == 403
    assert not WebAuthnCredential.objects.filter(user=officer).exists()
    assert not Notice.objects.filter(user=officer).exists()


def test_a_code_allows_one_passkey_within_minutes_and_the_owner_is_told(
    officer, clock, django_capture_on_commit_callbacks
):
    client = _log_in(Client(), officer, clock)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _add_passkey(client, officer, clock, name="Work laptop")
    passkey = WebAuthnCredential.objects.get(user=officer)
    assert passkey.name == "Work laptop"
    [email] = [m for m in mail.outbox if m.to == [officer.email]]
    assert "A new authenticator was added to your Global Hub account" in email.subject
    assert Notice.objects.filter(user=officer).count() == 1
    page = client.get(reverse("mfa_devices")).content.decode()
    assert "Work laptop" in page and "The passkey was added" in page

    # The permission served once: a second passkey needs a code again.
    assert register(client, SoftAuthenticator()).status_code == 403
    # And it does not outlive five minutes.
    client.post(
        reverse("mfa_passkey_add"), {"confirm": "1", "name": "Key", "current_code": _code(officer)}
    )
    clock.shift(timedelta(minutes=6))
    assert register(client, SoftAuthenticator()).status_code == 403
    assert WebAuthnCredential.objects.filter(user=officer).count() == 1


def test_a_passkey_answers_the_code_prompt(officer, clock):
    authenticator = _add_passkey(_log_in(Client(), officer, clock), officer, clock)
    client = Client()
    _log_in_with_password(client, officer)
    prompt = client.get(reverse("mfa_verify")).content.decode()
    assert 'data-passkey="authenticate"' in prompt
    # Before the passkey answers, the hub is closed.
    assert client.get(reverse("mfa_devices")).status_code == 302
    response = authenticate(client, authenticator, next_path=reverse("mfa_devices"))
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == reverse("mfa_devices")
    page = client.get(reverse("mfa_devices"))
    assert page.status_code == 200
    assert WebAuthnCredential.objects.get(user=officer).last_used_at is not None


def test_another_members_passkey_does_not_answer(officer, clock):
    authenticator = _add_passkey(_log_in(Client(), officer, clock), officer, clock)
    other = make_officer("ana@police.example", password=PASSWORD)
    client = Client()
    _log_in_with_password(client, other)
    begin = post_json(client, reverse("passkey_authentication_begin")).json()
    assert begin["allowCredentials"] == []  # the hub offers only the member's own passkeys
    begin["allowCredentials"] = [{"id": b64url(authenticator.credential_id), "type": "public-key"}]
    response = post_json(
        client, reverse("passkey_authentication_complete"), authenticator.get(begin)
    )
    assert response.status_code >= 400
    assert client.get(reverse("mfa_devices")).status_code == 302


def test_removing_a_passkey_needs_a_current_factor_and_tells_the_owner(
    officer, clock, django_capture_on_commit_callbacks
):
    client = _log_in(Client(), officer, clock)
    _add_passkey(client, officer, clock, name="Blue key")
    passkey = WebAuthnCredential.objects.get(user=officer)
    remove = reverse("mfa_passkey_remove", args=[passkey.pk])
    # The list's button opens the confirmation page; a wrong code removes nothing.
    page = client.post(remove)
    assert page.status_code == 200 and "Blue key" in page.content.decode()
    assert client.post(remove, {"confirm": "1", "current_code": "000000"}).status_code == 200
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    clock.shift(timedelta(seconds=2))  # the wait after a wrong code
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove, {"confirm": "1", "current_code": _code(officer)})
    assert response.status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    [email] = [m for m in mail.outbox if m.to == [officer.email]]
    assert "An authenticator was removed from your Global Hub account" in email.subject
    assert Notice.objects.filter(user=officer).count() == 2  # added, then removed


def test_a_passkey_just_used_stands_for_the_current_factor_but_not_for_its_own_removal(
    officer, clock
):
    client = _log_in(Client(), officer, clock)
    laptop = _add_passkey(client, officer, clock, name="Laptop")
    _add_passkey(client, officer, clock, name="Blue key")
    key = WebAuthnCredential.objects.get(user=officer, name="Blue key")
    remove_key = reverse("mfa_passkey_remove", args=[key.pk])
    assert authenticate(client, laptop, next_path=remove_key).status_code == 200
    page = client.get(remove_key).content.decode()
    assert "You confirmed that it is you with your passkey" in page
    assert 'name="current_code"' not in page
    assert client.post(remove_key, {"confirm": "1"}).status_code == 302
    assert not WebAuthnCredential.objects.filter(pk=key.pk).exists()
    # The confirmation served once.
    assert 'name="current_code"' in client.get(reverse("mfa_passkey_add")).content.decode()

    # The laptop's own passkey does not confirm the laptop's removal: a code is asked for.
    remove_laptop = reverse(
        "mfa_passkey_remove", args=[WebAuthnCredential.objects.get(user=officer).pk]
    )
    assert authenticate(client, laptop).status_code == 200
    assert client.post(remove_laptop, {"confirm": "1"}).status_code == 200
    assert WebAuthnCredential.objects.filter(user=officer).exists()
    assert client.get(reverse("mfa_devices")).status_code == 200


def test_someone_elses_passkey_cannot_be_removed(officer, clock):
    _add_passkey(_log_in(Client(), officer, clock), officer, clock)
    passkey = WebAuthnCredential.objects.get(user=officer)
    other = make_officer("ana@police.example", password=PASSWORD)
    client = _log_in(Client(), other, clock)
    response = client.post(
        reverse("mfa_passkey_remove", args=[passkey.pk]),
        {"confirm": "1", "current_code": _code(other)},
    )
    assert response.status_code == 404
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_staff_reset_removes_passkeys(officer, clock):
    _add_passkey(_log_in(Client(), officer, clock), officer, clock)
    second_factor.devices_reset(user=officer, by=make_staff())
    assert not WebAuthnCredential.objects.filter(user=officer).exists()


@pytest.fixture
def staff(db, clock):
    return make_staff("sky@hub.example", password=PASSWORD)


def test_admin_requiring_a_passkey_refuses_a_code_verified_staff_session(staff, clock, settings):
    settings.HUB_STAFF_REQUIRE_PASSKEY = True
    client = _log_in(Client(), staff, clock)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_passkey_required")
    assert "You have no passkey yet" in response.content.decode()

    authenticator = _add_passkey(client, staff, clock)
    # Having a passkey is not enough: this session was verified with a code.
    assert client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0] == reverse(
        "mfa_passkey_required"
    )
    response = authenticate(client, authenticator, next_path=reverse("admin:index"))
    assert response.json()["redirect_url"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200

    # A new session verified with a code is refused again; one verified with the passkey opens.
    other = _log_in(Client(), staff, clock)
    assert other.get(reverse("admin:index")).status_code == 302
    fresh = Client()
    _log_in_with_password(fresh, staff)
    authenticate(fresh, authenticator)
    assert fresh.get(reverse("admin:index")).status_code == 200


def test_admin_takes_a_code_when_passkeys_are_not_required(staff, clock):
    client = _log_in(Client(), staff, clock)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("mfa_passkey_required")).status_code == 404


def test_passkeys_are_in_the_export_without_their_keys_and_go_with_the_account(officer, clock):
    _add_passkey(_log_in(Client(), officer, clock), officer, clock, name="Work laptop")
    passkey = WebAuthnCredential.objects.get(user=officer)
    exported = member_export(officer)
    entries = exported["hub"]["passkeys"]
    assert [entry["name"] for entry in entries] == ["Work laptop"]
    assert set(entries[0]) == {"name", "added_at", "last_used_at"}
    text = json.dumps(exported, default=str)
    assert passkey.public_key.hex() not in text
    assert b64url(bytes(passkey.credential_id)) not in text
    account_erase(user=officer, reason="test", notify=False)
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()


def test_the_security_page_lists_passkeys_with_their_dates(officer, clock):
    client = _log_in(Client(), officer, clock)
    _add_passkey(client, officer, clock, name="Work laptop")
    page = client.get(reverse("mfa_devices")).content.decode()
    row = re.search(r'<th scope="row" id="passkey-\d+">Work laptop</th>(.*?)</tr>', page, re.S)
    assert row and "Not yet" in row.group(1)


def test_malformed_ceremony_answers_are_refused_without_an_error(officer, clock):
    client = Client()
    _log_in_with_password(client, officer)
    complete = reverse("passkey_authentication_complete")
    assert post_json(client, complete, {"id": "x"}).status_code == 400  # nothing begun
    post_json(client, reverse("passkey_authentication_begin"))
    assert post_json(client, complete, {"id": "x", "response": {}}).status_code in (400, 422)
    post_json(client, reverse("passkey_authentication_begin"))
    response = client.post(complete, "not json", content_type="application/json")
    assert response.status_code == 400
    post_json(client, reverse("passkey_authentication_begin"))
    assert client.post(complete, {"id": "x"}).status_code in (400, 422)
    assert client.get(reverse("mfa_devices")).status_code == 302  # still not verified
