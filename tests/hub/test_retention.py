"""Retention on a frozen clock: exactly the intended rows go, and a dry run changes nothing."""

import io
import json
import secrets
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from hub.accounts import services
from hub.audit.services import audit_record
from hub.core.idempotency import Submission
from hub.models import (
    AuditEvent,
    Consent,
    DataExport,
    OfficerApplication,
    Organisation,
    OutboxEmail,
    Status,
    SubmissionToken,
    User,
)
from hub.personal_data import retention, tasks
from hub.personal_data.erasure import member_pseudonym
from tests.factories import (
    make_applicant,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
    make_tool,
)
from tools_catalog.services import feedback_post

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 3, 45, tzinfo=UTC)
PASSWORD = "Correct-horse-battery-2026"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def staff():
    return make_staff("vetting@hub.example")


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def run(at: datetime = NOW, *, dry_run: bool = False) -> dict[str, retention.RuleResult]:
    with time_machine.travel(at, tick=False):
        return {result.rule: result for result in retention.retention_run(dry_run=dry_run)}


def signed_up(user: User, days: float) -> User:
    User.objects.filter(pk=user.pk).update(date_joined=ago(days))
    return user


def last_login(user: User, when: datetime) -> User:
    User.objects.filter(pk=user.pk).update(last_login=when, date_joined=when - timedelta(days=30))
    return user


def unverified_applicant(days: float) -> User:
    return signed_up(make_applicant(email_verified=False), days)


def unverified_provider(days: float, **organisation) -> User:
    user = make_provider(
        organisation=make_organisation(status=Status.PENDING, **organisation),
        status=Status.PENDING,
        device=False,
    )
    EmailAddress.objects.filter(user=user).update(verified=False)
    return signed_up(user, days)


def remaining(*users: User) -> set[str]:
    return set(User.objects.filter(pk__in=[u.pk for u in users]).values_list("email", flat=True))


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


# Unverified sign-ups ------------------------------------------------------------------------------


def test_unverified_sign_ups_go_after_seven_days_and_nobody_else():
    old = unverified_applicant(8)
    recent = unverified_applicant(6)
    verified_waiting = signed_up(make_applicant(), 30)
    old_provider = unverified_provider(8, name="Gone Labs")
    provider_with_tool = unverified_provider(8, name="Listed Labs")
    make_tool("Listed Tool", provider=provider_with_tool.organisation)
    # Made with createsuperuser: no confirmed address, still "pending" by default, never removed.
    admin = signed_up(User.objects.create_superuser("root@hub.example", PASSWORD), 30)

    results = run()

    assert remaining(old, recent, verified_waiting, old_provider, provider_with_tool, admin) == {
        recent.email,
        verified_waiting.email,
        admin.email,
    }
    assert not OfficerApplication.objects.filter(user_id=old.pk).exists()
    assert not Consent.objects.filter(user_id=old.pk).exists()
    assert not EmailAddress.objects.filter(email=old.email).exists()
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Listed Labs"}
    assert Organisation.objects.get(name="Listed Labs").tools.count() == 1
    assert results["unverified_signups"].counts == {"users": 3, "organisations": 1}
    assert not OutboxEmail.objects.filter(template="account_erased").exists()  # never confirmed


def test_an_unverified_provider_whose_organisation_was_rejected_waits_for_the_rejection_rule(staff):
    user = unverified_provider(30, name="Refused Labs")
    with time_machine.travel(ago(10), tick=False):
        services.organisation_decide(
            organisation=user.organisation, action="reject", by=staff, message="Out of scope"
        )

    run()

    assert remaining(user) == {user.email}
    assert Organisation.objects.filter(name="Refused Labs").exists()


# Rejected applications ----------------------------------------------------------------------------


def reject(user: User, *, days: float, by: User) -> User:
    with time_machine.travel(ago(days), tick=False):
        services.user_decide(user=user, action="reject", by=by, message="Not law enforcement")
    return user


def reject_organisation(organisation: Organisation, *, days: float, by: User) -> Organisation:
    with time_machine.travel(ago(days), tick=False):
        services.organisation_decide(
            organisation=organisation, action="reject", by=by, message="Out of scope"
        )
    return organisation


def test_rejected_applications_go_ninety_days_after_the_decision(staff):
    old = reject(make_applicant(), days=91, by=staff)
    recent = reject(make_applicant(), days=89, by=staff)
    reinstated = reject(make_applicant(), days=200, by=staff)
    services.user_decide(user=reinstated, action="reinstate", by=staff)
    old_provider = make_provider(
        organisation=make_organisation(name="Old Refused", status=Status.PENDING),
        status=Status.PENDING,
        device=False,
    )
    reject_organisation(old_provider.organisation, days=91, by=staff)
    listed = make_provider(
        organisation=make_organisation(name="Refused But Listed", status=Status.PENDING),
        status=Status.PENDING,
        device=False,
    )
    make_tool("Researched Tool", provider=listed.organisation)
    reject_organisation(listed.organisation, days=120, by=staff)
    recent_provider = make_provider(
        organisation=make_organisation(name="Recently Refused", status=Status.PENDING),
        status=Status.PENDING,
        device=False,
    )
    reject_organisation(recent_provider.organisation, days=89, by=staff)

    results = run()

    assert remaining(old, recent, reinstated, old_provider, listed, recent_provider) == {
        recent.email,
        reinstated.email,
        recent_provider.email,
    }
    assert set(
        Organisation.objects.filter(status=Status.REJECTED).values_list("name", flat=True)
    ) == {"Refused But Listed", "Recently Refused"}
    assert results["rejected_applications"].counts == {"users": 3, "organisations": 1}
    assert staff in User.objects.all()


def test_what_a_removed_applicant_leaves_behind_names_nobody(staff):
    applicant = reject(make_applicant("gone@agency.example", name="Gone Person"), days=91, by=staff)

    run()

    decision = AuditEvent.objects.get(event=AuditEvent.Event.VETTING, target_id=str(applicant.pk))
    assert decision.actor == staff  # the staff decision stays on record
    assert decision.target_label == member_pseudonym(applicant.pk)
    erased = AuditEvent.objects.get(event=AuditEvent.Event.ACCOUNT_ERASED)
    assert erased.details["reason"] == "retention_rejected_applications"
    leftovers = json.dumps(
        list(AuditEvent.objects.values("actor_label", "target_label", "details"))
    )
    assert "gone@agency.example" not in leftovers
    assert "Gone Person" not in leftovers
    assert not OutboxEmail.objects.filter(to="gone@agency.example").exists()


# Inactive members ---------------------------------------------------------------------------------


def warnings_to(user: User) -> int:
    return OutboxEmail.objects.filter(template="inactivity_warning", recipient=user).count()


def test_members_away_for_a_year_are_warned_and_nobody_else():
    away = last_login(make_officer(), ago(366))
    back_recently = last_login(make_officer(), ago(364))
    never_logged_in = signed_up(make_officer(), 400)
    staff = last_login(make_staff(), ago(1000))
    suspended = last_login(make_officer(status=Status.SUSPENDED), ago(400))
    provider_away = last_login(make_provider(), ago(370))
    provider_of_suspended_org = last_login(
        make_provider(organisation_status=Status.SUSPENDED), ago(400)
    )

    results = run()

    assert {item.pk for item in results["inactive_warned"].items} == {
        away.pk,
        never_logged_in.pk,
        provider_away.pk,
    }
    for user in (back_recently, staff, suspended, provider_of_suspended_org):
        assert warnings_to(user) == 0
    assert results["inactive_deactivated"].items == []
    assert User.objects.filter(is_active=False).count() == 0


def test_warned_once_then_deactivated_and_cannot_log_in(django_capture_on_commit_callbacks):
    member = last_login(make_officer("away@agency.example", password=PASSWORD), NOW)

    def later(days: int) -> datetime:
        return NOW + timedelta(days=days)

    for day in (364, 366, 367, 400, 455):
        with django_capture_on_commit_callbacks(execute=True):
            run(later(days=day))
        member.refresh_from_db()
        assert member.is_active, day
    assert warnings_to(member) == 1
    [warning] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Log in to keep" in warning.subject
    assert "log in before" in warning.body  # the date it will close, in the member's language

    with django_capture_on_commit_callbacks(execute=True):
        results = run(later(days=457))

    member.refresh_from_db()
    assert not member.is_active
    assert [item.pk for item in results["inactive_deactivated"].items] == [member.pk]
    closed = OutboxEmail.objects.get(template="inactivity_deactivated", recipient=member)
    assert closed.state == OutboxEmail.State.SENT
    assert warnings_to(member) == 1  # still only the one warning

    client = Client()
    with time_machine.travel(later(days=458), tick=False):
        response = client.post(
            reverse("account_login"), {"login": member.email, "password": PASSWORD}
        )
        assert "_auth_user_id" not in client.session
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert "This account is not active" in page.content.decode()


def test_deactivation_waits_for_the_notice_after_a_late_warning():
    member = last_login(make_officer(), NOW)
    later = NOW + timedelta(days=500)  # the first run to see them is long after a year

    results = run(later)
    assert [item.pk for item in results["inactive_warned"].items] == [member.pk]
    assert results["inactive_deactivated"].items == []

    run(later + timedelta(days=90))
    member.refresh_from_db()
    assert member.is_active

    run(later + timedelta(days=92))
    member.refresh_from_db()
    assert not member.is_active


def test_a_member_reactivated_by_staff_is_not_closed_again_the_next_night():
    member = last_login(make_officer(), NOW)
    year = NOW + timedelta(days=366)
    closing = NOW + timedelta(days=457)
    run(year)
    run(closing)
    member.refresh_from_db()
    assert not member.is_active

    # Staff tick "active" on the account in the admin.
    User.objects.filter(pk=member.pk).update(is_active=True)
    run(closing + timedelta(days=1))
    run(closing + timedelta(days=200))
    member.refresh_from_db()
    assert member.is_active
    assert warnings_to(member) == 1

    # A year after the re-activation without a login, the same again: warning, then closing.
    run(closing + timedelta(days=366))
    assert warnings_to(member) == 2
    run(closing + timedelta(days=458))
    member.refresh_from_db()
    assert not member.is_active


# Exports and the audit log ------------------------------------------------------------------------


def make_export(user: User, expires_at: datetime | None) -> DataExport:
    export = DataExport.objects.create(user=user, ready_at=expires_at and ago(8), expires_at=None)
    if expires_at is not None:
        export.file.save("export.json", ContentFile(b'{"profile": {}}'), save=False)
    export.expires_at = expires_at
    export.save()
    return export


def test_expired_exports_go_with_their_files(django_capture_on_commit_callbacks):
    member = make_officer()
    expired = make_export(member, ago(1 / 24))
    available = make_export(member, NOW + timedelta(hours=1))
    not_ready = make_export(member, None)
    storage, expired_name = expired.file.storage, expired.file.name
    assert storage.exists(expired_name)

    with django_capture_on_commit_callbacks(execute=True):
        results = run()

    assert set(DataExport.objects.values_list("pk", flat=True)) == {available.pk, not_ready.pk}
    assert not storage.exists(expired_name)
    assert storage.exists(available.file.name)
    assert results["expired_exports"].counts == {"exports": 1}


def test_the_audit_log_keeps_two_years_retention_runs_included():
    kept = audit_record(event=AuditEvent.Event.LOGIN)
    old_login = audit_record(event=AuditEvent.Event.LOGIN)
    old_run = audit_record(event=AuditEvent.Event.RETENTION)
    recent_run = audit_record(event=AuditEvent.Event.RETENTION)
    AuditEvent.objects.filter(pk=kept.pk).update(at=ago(729))
    AuditEvent.objects.filter(pk__in=[old_login.pk, old_run.pk]).update(at=ago(731))
    AuditEvent.objects.filter(pk=recent_run.pk).update(at=ago(1))

    run()

    survivors = set(AuditEvent.objects.values_list("pk", flat=True))
    assert {kept.pk, recent_run.pk} <= survivors
    assert not {old_login.pk, old_run.pk} & survivors
    entry = AuditEvent.objects.filter(event=AuditEvent.Event.RETENTION).latest("pk")
    assert entry.details["rules"]["audit_log"]["counts"] == {"audit_entries": 2}


# The run as a whole -------------------------------------------------------------------------------


@pytest.fixture
def something_for_every_rule(staff):
    unverified_applicant(8)
    unverified_provider(8, name="Never Confirmed Labs")
    reject(make_applicant(), days=91, by=staff)
    last_login(make_officer(), ago(366))
    last_login(make_officer(), ago(460))
    run(NOW - timedelta(days=92))  # warns the one away for 460 days: it closes now
    make_export(make_officer(), ago(1))
    AuditEvent.objects.filter(pk=audit_record(event="login").pk).update(at=ago(800))
    feedback_sent(days=8)
    mail.outbox.clear()


def feedback_sent(*, days: float) -> None:
    """An officer's feedback form, sent with its one-time token ``days`` ago."""
    officer = make_officer()
    with time_machine.travel(ago(days), tick=False):
        feedback_post(
            tool=make_tool(f"Tool {days}"),
            author=officer,
            body="Useful.",
            submission=Submission(token=secrets.token_urlsafe(32), user=officer),
        )


def test_form_tokens_go_after_a_week():
    feedback_sent(days=8)
    feedback_sent(days=6)

    run()

    assert list(SubmissionToken.objects.values_list("created_at", flat=True)) == [ago(6)]


def test_the_dry_run_changes_nothing_and_sends_nothing(
    something_for_every_rule, django_capture_on_commit_callbacks
):
    before = table_counts()
    active = set(User.objects.filter(is_active=True).values_list("pk", flat=True))
    exports = list(DataExport.objects.all())

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        predicted = run(dry_run=True)

    assert table_counts() == before
    assert set(User.objects.filter(is_active=True).values_list("pk", flat=True)) == active
    assert all(export.file.storage.exists(export.file.name) for export in exports)
    assert callbacks == []
    assert mail.outbox == []
    # ... and yet it knows exactly what the real run then does.
    assert all(result.total for result in predicted.values()), {
        rule: result.counts for rule, result in predicted.items()
    }
    done = run()
    for rule, result in predicted.items():
        assert done[rule].items == result.items, rule
        assert done[rule].counts == result.counts, rule


def test_a_run_writes_its_counts_to_the_audit_log(something_for_every_rule):
    AuditEvent.objects.filter(event=AuditEvent.Event.RETENTION).delete()

    results = tasks.retention_run.delay().get()

    entry = AuditEvent.objects.get(event=AuditEvent.Event.RETENTION)
    rules = entry.details["rules"]
    assert {rule: details["counts"] for rule, details in rules.items()} == {
        "unverified_signups": {"users": 2, "organisations": 1},
        "rejected_applications": {"users": 1},
        "inactive_warned": {"users": 1},
        "inactive_deactivated": {"users": 1},
        "expired_exports": {"exports": 1},
        "audit_log": {"audit_entries": 1},
        "submission_tokens": {"submission_tokens": 1},
    }
    assert results == {
        "unverified_signups": 3,
        "rejected_applications": 1,
        "inactive_warned": 1,
        "inactive_deactivated": 1,
        "expired_exports": 1,
        "audit_log": 1,
        "submission_tokens": 1,
    }
    assert len(rules["inactive_deactivated"]["ids"]["users"]) == 1
    assert entry.details["days"]["unverified"] == 7
    assert "@" not in json.dumps(entry.details)  # ids and counts only


def test_the_command_dry_run_says_what_would_go(something_for_every_rule):
    before = table_counts()
    out = io.StringIO()

    with time_machine.travel(NOW, tick=False):
        call_command("retention", "--dry-run", stdout=out)

    text = out.getvalue()
    assert table_counts() == before
    for title in (
        "Sign-ups whose email address was not confirmed within 7 days",
        "Applications rejected more than 90 days ago",
        "Members who have not logged in for 365 days",
        "Members who have not logged in for 456 days, warned before",
        "Personal data exports past their download period",
        "Audit log entries older than 730 days",
        "Tokens of forms sent more than 7 days ago",
    ):
        assert title in text
    assert "nothing has been changed" in text
    assert "would be removed: 2 accounts, 1 organisation" in text
    assert "would be deactivated: 1 account" in text
    assert "@" not in text


def test_the_command_applies_the_rules(something_for_every_rule):
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("retention", stdout=out)

    assert "deactivated: 1 account" in out.getvalue()
    assert "Written to the audit log." in out.getvalue()
    assert AuditEvent.objects.filter(event=AuditEvent.Event.RETENTION, at=NOW).count() == 1

    again = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("retention", stdout=again)
    assert again.getvalue().count("Nothing to do.") == 7
