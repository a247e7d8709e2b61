"""The outbox against real parts: a Celery worker process on Redis, PostgreSQL, and an SMTP server."""

import signal
import time
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings

from hub.models import Notice, OutboxEmail, Role, Status, User
from hub.outbox import services, tasks
from safety.removal import tool_remove
from tests.factories import make_organisation, make_provider, make_staff, make_tool
from tests.workers import needs_worker, wait_for
from tools_catalog.models import SavedTool


@pytest.fixture
def worker(start_worker):
    return start_worker()


@needs_worker
def test_a_real_worker_sends_each_outbox_email_once(worker, smtp_sink):
    with transaction.atomic():
        messages = [
            services.email_queue(
                to=f"officer{n}@agency.example",
                template="devices_reset",
                context={"user": None},
                language="en",
            )
            for n in range(5)
        ]
    # A duplicated task for the first row, as a retry or a sweep would produce.
    tasks.send_outbox_email.delay(messages[0].pk)

    assert wait_for(lambda: OutboxEmail.objects.filter(state="sent").count() == 5)
    time.sleep(1)  # give a duplicate the chance to show up
    recipients = sorted(
        address for envelope in smtp_sink.envelopes for address in envelope.rcpt_tos
    )
    assert recipients == sorted(f"officer{n}@agency.example" for n in range(5))


@needs_worker
def test_a_rolled_back_decision_reaches_no_worker(worker, smtp_sink):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.email_queue(
            to="nobody@agency.example",
            template="devices_reset",
            context={"user": None},
            language="en",
        )
        raise RuntimeError("decision failed")

    probe = services.email_queue(
        to="probe@agency.example", template="devices_reset", context={"user": None}, language="en"
    )
    assert wait_for(lambda: OutboxEmail.objects.filter(pk=probe.pk, state="sent").exists())
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [["probe@agency.example"]]


def _officers(count: int, prefix: str = "officer") -> list[User]:
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@agency{n % 7}.example",
            name=f"Officer {n}",
            role=Role.OFFICER,
            status=Status.APPROVED,
            language=("en", "fr", "ar")[n % 3],
        )
        for n in range(count)
    )
    return list(User.objects.filter(pk__in=[user.pk for user in users]))


@needs_worker
def test_a_worker_killed_during_a_removal_loses_and_repeats_nothing(start_worker, smtp_sink):
    organisation = make_organisation()
    providers = [make_provider(organisation=organisation) for _ in range(2)]
    tool = make_tool(provider=organisation)
    savers = _officers(1998)
    SavedTool.objects.bulk_create(SavedTool(user=user, tool=tool) for user in savers)
    others = _officers(5, prefix="other")  # told in the hub only
    recipients = {user.email for user in [*providers, *savers]}
    assert len(recipients) == 2000

    tool_remove(
        tool=tool,
        by=make_staff(),
        reason="Substantiated concern",
        summary="Removed after a substantiated concern.",
        guidance="Stop using it.",
    )

    first = start_worker()
    assert wait_for(lambda: OutboxEmail.objects.filter(state="sent").count() >= 300, timeout=120), (
        "the first worker never got going"
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    sent_before = OutboxEmail.objects.filter(state="sent").count()
    assert sent_before < 2000, "the worker finished before it could be killed"

    start_worker()
    # What the beat's sweep does every minute, with shorter timeouts: the dead worker's claimed
    # row and the rows of its unfinished batch are handed on.
    time.sleep(3)
    with override_settings(OUTBOX_CLAIM_TIMEOUT=2, OUTBOX_SWEEP_AFTER=0):
        tasks.sweep_outbox.apply()

    assert wait_for(
        lambda: OutboxEmail.objects.filter(state="sent").count() == 2000, timeout=240
    ), OutboxEmail.objects.exclude(state="sent").values_list("state", flat=True)[:5]
    time.sleep(2)  # give a late duplicate the chance to arrive
    received = Counter(address for e in smtp_sink.envelopes for address in e.rcpt_tos)
    assert set(received) == recipients  # none missing, nobody else
    assert [address for address, n in received.items() if n > 1] == []  # none twice
    assert Notice.objects.filter(user__in=others).count() == len(others)
