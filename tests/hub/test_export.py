"""A member's copy of their data: everything about them from every app, nothing about anyone else,
downloadable only by them and only for a while."""

import json
import os
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from community.models import CommunityProfile
from hub.models import AuditEvent, DataExport, Notice
from hub.personal_data.export import member_export
from hub.personal_data.registry import personal_data_registered
from tests.factories import login_verified, make_applicant, make_officer
from tests.hub.personal_data_factories import member_everywhere


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def alice(db):
    return make_officer(
        "alice-a1@police-a.example",
        name="Alice Exportson",
        agency="Agency A",
        verifier_email="boss-a1@police-a.example",
    )


@pytest.fixture
def bob(db):
    return make_officer(
        "zq7bob@police-b.example",
        name="Zq7bob Person",
        agency="Zq7bob Agency",
        unit="Zq7bob Unit",
        verifier_name="Zq7bob Boss",
        verifier_email="boss-zq7bob@police-b.example",
    )


def _relations_to_users() -> set[str]:
    user_model = get_user_model()
    return {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is user_model
    }


def _covered() -> dict[str, tuple[str, str]]:
    """relation -> (section of the export, key in that section)"""
    covered = {}
    for provider in personal_data_registered():
        for relation, key in provider.covered.items():
            assert relation not in covered, f"{relation} is covered twice"
            covered[relation] = (provider.section, key)
    return covered


def _not_exported() -> set[str]:
    return {
        relation for provider in personal_data_registered() for relation in provider.not_exported
    }


def test_every_relation_to_a_user_is_exported_or_left_out_on_purpose():
    """A new model that holds a user must be added to its app's personal data ``covered`` (and so
    to the export), or to its ``not_exported`` with its reason."""
    relations = _relations_to_users()
    accounted = set(_covered()) | _not_exported()

    assert relations - accounted == set(), "add these to a personal_data module's COVERED"
    assert accounted - relations == set(), "these relations no longer exist"


def test_no_relation_to_a_user_blocks_erasing_the_account():
    user_model = get_user_model()
    blocking = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and field.concrete
        and field.related_model is user_model
        and field.remote_field.on_delete in (models.PROTECT, models.RESTRICT)
    ]
    assert blocking == []


def test_the_export_holds_the_member_s_rows_of_every_relation(alice, bob):
    member_everywhere(alice, marker="alicemark", peer=bob)

    export = json.loads(json.dumps(member_export(alice), cls=DjangoJSONEncoder))

    for relation, (section, key) in _covered().items():
        label, field = relation.rsplit(".", 1)
        rows = apps.get_model(label)._default_manager.filter(**{field: alice}).count()
        assert rows, f"the test data has no {relation} for the member: add one"
        held = export[section][key]
        assert held, f"{relation}: nothing under {section}.{key}"
        if isinstance(held, list):
            assert len(held) >= rows, f"{relation}: {rows} rows, {len(held)} exported"


def test_the_export_has_what_the_member_wrote_in_every_app(alice, bob):
    member_everywhere(alice, marker="alicemark", peer=bob)

    export = member_export(alice)

    assert export["hub"]["profile"]["email"] == alice.email
    assert export["hub"]["application"]["agency"] == "Agency A"
    assert {c["document"] for c in export["hub"]["consents"]} == {"terms", "privacy"}
    assert export["tools_catalog"]["feedback"][0]["text"] == "<p>Feedback by alicemark</p>"
    assert export["tools_catalog"]["shortlists"][0]["tools"][0]["position"] == 1
    assert export["tools_catalog"]["concerns_reported"][0]["description"] == "Concern by alicemark"
    assert export["learning"]["checklist_ticked"][0]["item"] == "Neutral item"
    assert export["community"]["directory_entry"]["expertise"] == "Expertise of alicemark"
    assert [m["text"] for m in export["community"]["messages_sent"]] == ["Message from alicemark"]
    assert export["community"]["forum_posts"][1]["text"] == "<p>Reply by alicemark</p>"
    assert export["questionnaires"]["tool_submissions"][0]["sent_by_you"] is True


def test_nothing_of_another_member_is_in_the_export(alice, bob):
    member_everywhere(alice, marker="alicemark", peer=bob)
    member_everywhere(bob, marker="zq7bob", peer=alice)  # Bob writes to Alice, reports her, ...

    text = json.dumps(member_export(alice), cls=DjangoJSONEncoder).lower()

    assert "alicemark" in text
    assert "zq7bob" not in text  # Bob's name, email, agency, messages, posts, all carry it
    conversations = member_export(alice)["community"]["conversations"]
    assert {c["messages_from_the_other_member"] for c in conversations} == {1, 2}


def test_the_export_holds_no_secret(alice, bob):
    member_everywhere(alice, marker="alicemark", peer=bob)
    alice.set_password("Long-enough-password-2026")
    alice.save()
    session_key = login_verified(Client(), alice).session.session_key

    text = json.dumps(member_export(alice), cls=DjangoJSONEncoder)

    assert TOTPDevice.objects.get(user=alice).key not in text
    for token in StaticToken.objects.filter(device__user=alice).values_list("token", flat=True):
        assert token not in text
    assert alice.password not in text
    assert CommunityProfile.objects.get(user=alice).calendar_token not in text
    assert session_key not in text


# Asking for a copy, downloading it -----------------------------------------------------------------


def _ask(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("me_export"))


def test_asking_for_a_copy_prepares_it_and_tells_the_member(
    alice, bob, django_capture_on_commit_callbacks
):
    member_everywhere(alice, marker="alicemark", peer=bob)
    client = login_verified(Client(), alice)

    response = _ask(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    export = DataExport.objects.filter(user=alice).first()
    assert export.is_ready and not export.is_expired
    assert export.expires_at - export.ready_at == settings.EXPORT_TTL
    ready = [m for m in mail.outbox if m.subject.endswith("Your copy of your data is ready")]
    assert len(ready) == 1 and ready[0].to == [alice.email]
    assert reverse("me_export_download", args=[export.pk]) in ready[0].body
    assert Notice.objects.filter(user=alice, title="Your copy of your data is ready").exists()
    page = client.get(reverse("me")).content.decode()
    assert reverse("me_export_download", args=[export.pk]) in page
    assert "Your copy is ready" in page


def test_the_member_downloads_their_copy_and_both_steps_are_audited(
    alice, bob, django_capture_on_commit_callbacks
):
    member_everywhere(alice, marker="alicemark", peer=bob)
    client = login_verified(Client(), alice)
    _ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.filter(user=alice).first()

    response = client.get(reverse("me_export_download", args=[export.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(b"".join(response.streaming_content))
    assert data["hub"]["profile"]["email"] == alice.email
    actions = list(
        AuditEvent.objects.filter(event=AuditEvent.Event.DATA_EXPORT, actor=alice)
        .order_by("at", "pk")
        .values_list("details__action", flat=True)
    )
    assert actions == ["requested", "downloaded"]


def test_someone_else_s_copy_is_not_found(alice, bob, django_capture_on_commit_callbacks):
    _ask(login_verified(Client(), alice), django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=alice)
    bob_client = login_verified(Client(), bob)

    response = bob_client.get(reverse("me_export_download", args=[export.pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(actor=bob, event=AuditEvent.Event.DATA_EXPORT).exists()


def test_the_link_expires(alice, monkeypatch, django_capture_on_commit_callbacks):
    client = login_verified(Client(), alice)
    _ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=alice)
    url = reverse("me_export_download", args=[export.pk])
    assert client.get(url).status_code == 200

    later = export.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    client = login_verified(Client(), alice)  # the earlier session has long ended

    assert client.get(url).status_code == 404
    assert "expired" in client.get(reverse("me")).content.decode()


def test_a_new_copy_replaces_the_older_one(alice, django_capture_on_commit_callbacks):
    client = login_verified(Client(), alice)
    _ask(client, django_capture_on_commit_callbacks)
    first = DataExport.objects.get(user=alice)
    old_file = first.file.path

    _ask(client, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    assert first.is_expired and not first.file
    assert client.get(reverse("me_export_download", args=[first.pk])).status_code == 404
    assert not os.path.exists(old_file)


def test_a_copy_being_prepared_is_not_asked_for_twice(alice):
    client = login_verified(Client(), alice)
    client.post(reverse("me_export"))  # the task is not run: it stays "being prepared"

    client.post(reverse("me_export"))

    assert DataExport.objects.filter(user=alice).count() == 1
    assert "We are preparing your copy" in client.get(reverse("me")).content.decode()


def test_an_applicant_can_take_a_copy_too(db, django_capture_on_commit_callbacks):
    applicant = make_applicant()
    client = Client()
    client.force_login(applicant)

    _ask(client, django_capture_on_commit_callbacks)

    export = DataExport.objects.get(user=applicant)
    assert client.get(reverse("me_export_download", args=[export.pk])).status_code == 200


def test_the_file_is_not_under_the_public_media_folder(alice, django_capture_on_commit_callbacks):
    _ask(login_verified(Client(), alice), django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=alice)

    private = (settings.MEDIA_ROOT / "private" / "exports").resolve()
    assert export.file.path.startswith(str(private))
    assert Client().get(f"/media/private/exports/{export.file.name}").status_code == 404
