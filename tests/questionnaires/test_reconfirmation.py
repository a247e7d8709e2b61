"""Yearly re-confirmation: reminders at 11 and 12 months, each sent once; the confirm action."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from hub.models import AuditEvent, Notice, OutboxEmail
from questionnaires import tasks
from questionnaires.selectors import months_before
from tests.factories import (
    login_verified,
    make_officer,
    make_organisation,
    make_provider,
    make_tool,
)
from tools_catalog.models import Tool

pytestmark = pytest.mark.django_db

CONFIRMED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def provider():
    return make_provider(organisation=make_organisation(name="Lakeside Labs"))


@pytest.fixture
def tool(provider):
    return make_tool("Hash Hound", provider=provider.organisation, last_verified_at=CONFIRMED)


def reminders(to: str) -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(template="tool_reconfirm_reminder", to=to))


def run_on(day: datetime) -> int:
    with time_machine.travel(day, tick=False):
        return tasks.send_reconfirmation_reminders.delay().get()


def test_reminders_go_at_11_and_12_months_once_each(provider, tool):
    colleague = make_provider(organisation=provider.organisation)
    make_tool(
        "Fresh Tool",
        provider=provider.organisation,
        last_verified_at=datetime(2025, 12, 1, tzinfo=UTC),
    )
    make_tool(
        "Draft Tool", provider=provider.organisation, status="draft", last_verified_at=CONFIRMED
    )

    assert run_on(datetime(2026, 2, 9, tzinfo=UTC)) == 0  # not yet 11 months
    assert run_on(datetime(2026, 2, 10, 10, 0, tzinfo=UTC)) == 2  # 11 months: both users
    assert run_on(datetime(2026, 2, 11, tzinfo=UTC)) == 0  # the next day's run sends nothing
    assert run_on(datetime(2026, 3, 1, tzinfo=UTC)) == 0
    assert run_on(datetime(2026, 3, 10, 10, 0, tzinfo=UTC)) == 2  # 12 months
    assert run_on(datetime(2026, 4, 20, tzinfo=UTC)) == 0  # and never again for this date

    for user in (provider, colleague):
        sent = reminders(user.email)
        assert len(sent) == 2
        assert all("Hash Hound" in email.subject for email in sent)
        assert any("a year ago" in email.body_text for email in sent)
        assert Notice.objects.filter(user=user, title__contains="Hash Hound").count() == 2
    assert not OutboxEmail.objects.filter(subject__contains="Fresh Tool").exists()
    assert not OutboxEmail.objects.filter(subject__contains="Draft Tool").exists()


def test_a_confirmation_starts_the_year_again(provider, tool):
    run_on(datetime(2026, 2, 10, 10, 0, tzinfo=UTC))
    client = login_verified(Client(), provider)
    with time_machine.travel(datetime(2026, 2, 12, 8, 0, tzinfo=UTC), tick=False):
        response = client.post(reverse("provider:confirm", args=[tool.pk]))
    assert response.status_code == 302

    tool.refresh_from_db()
    assert tool.last_verified_at == datetime(2026, 2, 12, 8, 0, tzinfo=UTC)
    event = AuditEvent.objects.get(details__action="confirmed_accurate")
    assert event.actor == provider and event.target_id == str(tool.pk)
    assert run_on(datetime(2026, 3, 10, 10, 0, tzinfo=UTC)) == 0  # no 12-month reminder now
    assert run_on(datetime(2027, 1, 12, 9, 0, tzinfo=UTC)) == 1  # 11 months after the new date


def test_officers_see_the_new_confirmation_date(provider, tool):
    client = login_verified(Client(), provider)
    with time_machine.travel(datetime(2026, 5, 4, 8, 0, tzinfo=UTC), tick=False):
        client.post(reverse("provider:confirm", args=[tool.pk]))
        officer = login_verified(Client(), make_officer())
        page = officer.get(reverse("tools:detail", args=[tool.slug])).content.decode()
    assert '<time datetime="2026-05-04">' in page


def test_only_published_tools_can_be_confirmed(provider):
    draft = make_tool("Draft Tool", provider=provider.organisation, status="draft")
    client = login_verified(Client(), provider)
    client.post(reverse("provider:confirm", args=[draft.pk]))
    assert Tool.objects.get(pk=draft.pk).last_verified_at is None


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_before(datetime(2026, 2, 10, tzinfo=UTC), 11) == datetime(2025, 3, 10, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 12) == datetime(2025, 1, 15, tzinfo=UTC)
