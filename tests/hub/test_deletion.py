"""Deleting one's account: confirmed with the second factor, erased after a grace period in which it
can be cancelled; posts and feedback stay without a name; the audit log keeps a pseudonym."""

import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from community import services as community
from community.models import Post, Registration
from config.celery import app as celery_app
from hub.accounts.second_factor import recovery_codes_generate
from hub.models import AuditEvent, DeletionRequest, OutboxEmail, User
from hub.personal_data.erasure import member_pseudonym
from hub.personal_data.tasks import erase_due_accounts
from tests.browser.journey import fresh_code
from tests.community.factories import make_event
from tests.factories import login_verified, make_applicant, make_officer
from tests.hub.personal_data_factories import member_everywhere
from tools_catalog.models import Feedback

ALICE = "alice-d1@police-a.example"


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def alice(db):
    return make_officer(
        ALICE, name="Alice Deleteson", agency="Agency A", verifier_email="boss@police-a.example"
    )


@pytest.fixture
def alice_client(alice):
    return login_verified(Client(), alice)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def _request_deletion(client, code, *, understood=True, capture=None):
    data = {"code": code}
    if understood:
        data["understood"] = "on"
    if capture is None:
        return client.post(reverse("me_delete"), data)
    with capture(execute=True):
        return client.post(reverse("me_delete"), data)


def _erase_later(days: float, monkeypatch, capture) -> None:
    later = timezone.now() + timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with capture(execute=True):
        erase_due_accounts.delay()


# Asking ---------------------------------------------------------------------------------------------


def test_a_wrong_code_is_refused_next_to_the_field_and_nothing_happens(alice, alice_client):
    response = _request_deletion(alice_client, "000000")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_code_error"' in page and "This code is not right" in page
    assert re.search(r'<input type="checkbox" name="understood"[^>]* checked', page)  # kept
    assert not DeletionRequest.objects.exists()
    assert AuditEvent.objects.filter(
        event=AuditEvent.Event.OTP_FAILED, actor=alice, details__stage="deletion"
    ).exists()


def test_after_a_wrong_code_the_next_try_waits(alice, alice_client):
    _request_deletion(alice_client, "000000")

    response = _request_deletion(alice_client, fresh_code(alice))  # at once: not even checked

    assert "Too many wrong codes" in response.content.decode()
    assert not DeletionRequest.objects.exists()


def test_without_ticking_the_box_nothing_happens_and_the_code_is_not_spent(alice, alice_client):
    codes = recovery_codes_generate(user=alice)

    response = _request_deletion(alice_client, codes[0], understood=False)

    assert 'id="id_understood_error"' in response.content.decode()
    assert not DeletionRequest.objects.exists()
    assert recovery_codes_left(alice) == len(codes)


def test_the_right_code_schedules_the_erasure(
    alice, alice_client, django_capture_on_commit_callbacks
):
    response = _request_deletion(
        alice_client, fresh_code(alice), capture=django_capture_on_commit_callbacks
    )

    assert response.status_code == 302 and response["Location"] == reverse("me")
    deletion = DeletionRequest.objects.get(user=alice)
    grace = deletion.erase_after - deletion.requested_at
    assert grace == timedelta(days=settings.ACCOUNT_DELETION_GRACE_DAYS) == timedelta(days=30)
    assert AuditEvent.objects.filter(
        event=AuditEvent.Event.DELETION_REQUESTED, actor=alice
    ).exists()
    assert [m.to for m in mail.outbox if "will be erased" in m.subject] == [[ALICE]]
    page = alice_client.get(reverse("me")).content.decode()
    assert "Your account will be erased" in page
    assert reverse("me_delete_cancel") in page
    # Until then the member uses the hub as before.
    assert alice_client.get(reverse("notices")).status_code == 200


def test_a_recovery_code_works_once(alice, alice_client):
    codes = recovery_codes_generate(user=alice)

    _request_deletion(alice_client, codes[0])

    assert DeletionRequest.objects.filter(user=alice).exists()
    assert recovery_codes_left(alice) == len(codes) - 1


def test_an_applicant_confirms_with_the_password(db):
    applicant = make_applicant(password="Long-enough-password-2026")
    client = Client()
    client.force_login(applicant)

    wrong = client.post(reverse("me_delete"), {"understood": "on", "password": "nope"})
    assert 'id="id_password_error"' in wrong.content.decode()
    assert not DeletionRequest.objects.exists()

    client.post(reverse("me_delete"), {"understood": "on", "password": "Long-enough-password-2026"})
    assert DeletionRequest.objects.filter(user=applicant, cancelled_at=None).exists()


# Cancelling -----------------------------------------------------------------------------------------


def test_the_member_can_cancel_during_the_grace_period(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    _request_deletion(alice_client, fresh_code(alice))

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("me_delete_cancel"))

    assert response.status_code == 302
    assert DeletionRequest.objects.get(user=alice).cancelled_at is not None
    assert AuditEvent.objects.filter(
        event=AuditEvent.Event.DELETION_CANCELLED, actor=alice
    ).exists()
    assert [m.to for m in mail.outbox if "will not be erased" in m.subject] == [[ALICE]]
    assert reverse("me_delete_cancel") not in alice_client.get(reverse("me")).content.decode()

    _erase_later(31, monkeypatch, django_capture_on_commit_callbacks)

    assert User.objects.filter(pk=alice.pk).exists()


def test_nothing_is_erased_before_the_grace_period_ends(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    _request_deletion(alice_client, fresh_code(alice))

    _erase_later(29, monkeypatch, django_capture_on_commit_callbacks)

    assert User.objects.filter(pk=alice.pk).exists()


# Erasing --------------------------------------------------------------------------------------------


def _database_text() -> str:
    """Every row of every model, as text."""
    rows = {
        model._meta.label: list(model._default_manager.values())
        for model in apps.get_models()
        if model._meta.managed
    }
    return json.dumps(rows, cls=DjangoJSONEncoder, default=str).lower()


def test_after_the_grace_period_the_account_and_its_personal_data_are_gone(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    bob = make_officer("bob-d1@police-b.example", name="Bob Peerson")
    member_everywhere(alice, marker="alicemark", peer=bob)
    alice_id = alice.pk
    _request_deletion(alice_client, fresh_code(alice))
    feedback = Feedback.objects.get(body="<p>Feedback by alicemark</p>")
    reply = Post.objects.get(body="<p>Reply by alicemark</p>")

    _erase_later(31, monkeypatch, django_capture_on_commit_callbacks)

    assert not User.objects.filter(pk=alice_id).exists()
    # No row anywhere points at the member any more.
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is user_model:
                left = model._default_manager.filter(**{field.attname: alice_id})
                assert not left.exists(), f"{model._meta.label}.{field.name}"
    # Feedback and posts stay, without an author.
    feedback.refresh_from_db()
    reply.refresh_from_db()
    assert feedback.author is None and reply.author is None
    # The last email went out; once sent, its address is blanked at the next run.
    goodbye = [
        m for m in mail.outbox if m.subject.endswith("Your Global Hub account has been erased")
    ]
    assert [m.to for m in goodbye] == [[ALICE]]
    with django_capture_on_commit_callbacks(execute=True):
        erase_due_accounts.delay()
    text = _database_text()
    assert ALICE not in text
    assert "alice deleteson" not in text
    assert "expertise of alicemark" not in text  # the directory entry
    assert "message from alicemark" not in text  # private conversations go with the account
    assert "shortlist alicemark" not in text


def test_the_audit_log_keeps_a_pseudonym_for_the_member(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    bob = make_officer("bob-d2@police-b.example", name="Bob Peerson")
    member_everywhere(alice, marker="alicemark", peer=bob)
    alice_id = alice.pk
    _request_deletion(alice_client, fresh_code(alice))

    _erase_later(31, monkeypatch, django_capture_on_commit_callbacks)

    pseudonym = member_pseudonym(alice_id)
    erased = AuditEvent.objects.get(event=AuditEvent.Event.ACCOUNT_ERASED)
    assert erased.target_label == pseudonym == erased.details["pseudonym"]
    assert erased.target_id == str(alice_id)
    requested = AuditEvent.objects.get(event=AuditEvent.Event.DELETION_REQUESTED)
    assert requested.actor is None
    assert requested.actor_label == requested.target_label == pseudonym
    by_her = AuditEvent.objects.filter(actor_label=pseudonym)
    assert by_her.filter(event=AuditEvent.Event.VETTING).get().target_label == bob.email
    assert member_pseudonym(bob.pk) != pseudonym


def test_the_member_is_signed_out_everywhere(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    _request_deletion(alice_client, fresh_code(alice))
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 1

    _erase_later(31, monkeypatch, django_capture_on_commit_callbacks)

    assert Session.objects.count() == 0


def test_a_place_at_an_event_goes_to_the_waiting_list(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, start=timezone.now() + timedelta(days=60))
    community.event_register(event=event, user=alice)
    waiting = make_officer()
    community.event_register(event=event, user=waiting)
    _request_deletion(alice_client, fresh_code(alice))

    _erase_later(31, monkeypatch, django_capture_on_commit_callbacks)

    assert Registration.objects.get(user=waiting).state == Registration.State.REGISTERED


def test_an_unapproved_provider_application_goes_with_its_only_person(db):
    from hub.models import Organisation
    from hub.personal_data.erasure import account_erase
    from tests.factories import make_provider

    provider = make_provider(organisation_status="pending", status="pending", device=False)
    organisation_id = provider.organisation_id

    account_erase(user=provider, reason="test", notify=False)

    assert not Organisation.objects.filter(pk=organisation_id).exists()
    assert not OutboxEmail.objects.exists()


def test_the_erasure_runs_every_day():
    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == erase_due_accounts.name
    )
    assert entry["schedule"].hour == {3}
    assert erase_due_accounts.name in celery_app.tasks
