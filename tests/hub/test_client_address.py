"""Behind the TLS proxy: rate limits and the audit log key on the client, not on the proxy."""

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import AuditEvent
from tests.factories import make_officer

PASSWORD = "Correct-horse-battery-2026"
PROXY = "10.0.0.2"  # every request reaches the hub from the proxy's own address


def _client(forwarded_for: str | None = None) -> Client:
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client(**extra)


def _log_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def officers(db):
    return [make_officer(f"officer{n}@agency.example", password=PASSWORD) for n in range(3)]


def test_a_flood_from_one_client_does_not_lock_out_another(behind_proxy, officers):
    attacker = _client("203.0.113.9")
    # Guessing passwords across many accounts from one address, past the per-address limit.
    for attempt in range(12):
        _log_in(attacker, f"someone{attempt}@agency.example", "wrong-password-123")
    blocked = _log_in(attacker, officers[0].email, PASSWORD)
    assert not _logged_in(attacker)
    assert blocked.status_code == 429 or "Too many" in blocked.content.decode()

    # A real officer behind the same proxy, from their own address, logs in.
    colleague = _client("client-supplied-junk, 198.51.100.7")
    _log_in(colleague, officers[1].email, PASSWORD)
    assert _logged_in(colleague)


def test_the_per_account_limit_holds_across_addresses(behind_proxy, officers):
    target = officers[2]
    for attempt in range(5):
        _log_in(_client(f"198.51.100.{attempt + 10}"), target.email, "wrong-password-123")

    from_elsewhere = _client("192.0.2.44")
    response = _log_in(from_elsewhere, target.email, PASSWORD)

    assert not _logged_in(from_elsewhere)
    assert "Too many" in response.content.decode()


def test_a_client_cannot_choose_its_own_address_behind_the_proxy(behind_proxy, officers):
    # Each request claims a fresh address at the left of the header; the proxy appends the real
    # one, and that is the one counted.
    for attempt in range(12):
        _log_in(
            _client(f"192.0.2.{attempt}, 203.0.113.9"),
            f"someone{attempt}@agency.example",
            "wrong-password-123",
        )
    spoofing = _client("192.0.2.200, 203.0.113.9")
    _log_in(spoofing, officers[0].email, PASSWORD)

    assert not _logged_in(spoofing)


def test_without_a_trusted_proxy_the_header_is_ignored(officers):
    for attempt in range(12):
        _log_in(
            _client(f"192.0.2.{attempt}"), f"someone{attempt}@agency.example", "wrong-password-123"
        )
    # Every request came from the same connection address, whatever the header claimed.
    client = _client("198.51.100.7")
    _log_in(client, officers[0].email, PASSWORD)

    assert not _logged_in(client)


def test_the_audit_log_records_the_client_behind_the_proxy(behind_proxy, officers):
    _log_in(_client("198.51.100.7"), officers[0].email, "wrong-password-123")

    event = AuditEvent.objects.filter(event="login_failed").latest("pk")
    assert event.ip == "198.51.100.7"
