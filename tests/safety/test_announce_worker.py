"""Telling everyone of a removal, against real parts: Celery workers on Redis, and PostgreSQL.

The staff member's request only records the decision; a worker writes the emails and notices
after commit. However often the fan-out runs (a duplicate task, two workers at once, a worker
killed half-way and the sweep starting it again), each person is told exactly once.
"""

import signal
import time
from collections import Counter

from hub.models import Notice, OutboxEmail, Role, Status, User
from safety import announce, tasks
from safety.removal import tool_remove
from tests.factories import make_organisation, make_provider, make_staff, make_tool
from tests.workers import needs_worker, wait_for
from tools_catalog.models import SavedTool, ToolDecision


def _officers(count: int, prefix: str) -> list[User]:
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


def _audience(savers: int):
    organisation = make_organisation()
    providers = [make_provider(organisation=organisation) for _ in range(2)]
    tool = make_tool(provider=organisation)
    saved = _officers(savers, "saver")
    SavedTool.objects.bulk_create(SavedTool(user=user, tool=tool) for user in saved)
    others = _officers(25, "other")
    return tool, providers, saved, others


def _remove(tool) -> ToolDecision:
    return tool_remove(
        tool=tool,
        by=make_staff(),
        reason="Substantiated concern",
        summary="Removed after a substantiated concern.",
        guidance="Stop using it.",
    )


def _told_once(decision, providers, saved, others) -> None:
    """Everyone concerned has one notice, the providers and savers one email, nobody more."""
    prefix = f"tool-decision:{decision.pk}"
    notices = Counter(Notice.objects.filter(dedupe_key__startswith=prefix).values_list("user_id"))
    emails = Counter(
        OutboxEmail.objects.filter(dedupe_key__startswith=prefix).values_list("recipient_id")
    )
    everyone = {(user.pk,) for user in [*providers, *saved, *others]}
    assert set(notices) == everyone
    assert set(emails) == {(user.pk,) for user in [*providers, *saved]}
    assert max(notices.values()) == max(emails.values()) == 1


def _finished(decision, expected_notices: int):
    prefix = f"tool-decision:{decision.pk}:notice"
    return lambda: Notice.objects.filter(dedupe_key__startswith=prefix).count() >= expected_notices


@needs_worker
def test_the_fan_out_run_twice_by_two_workers_at_once_tells_each_person_once(start_worker):
    tool, providers, saved, others = _audience(3000)
    decision = _remove(tool)  # queues the fan-out after commit
    tasks.tool_decision_announce.delay(decision.pk)  # and a duplicate, as a retry would
    # Nothing was written in the staff member's request.
    assert not Notice.objects.exists() and not OutboxEmail.objects.exists()

    start_worker()
    start_worker()
    everyone = len(providers) + len(saved) + len(others)
    assert wait_for(_finished(decision, everyone)), "the fan-out did not finish"
    time.sleep(3)  # give the duplicate time to add what it would add

    _told_once(decision, providers, saved, others)


@needs_worker
def test_a_worker_killed_during_the_fan_out_is_resumed_by_the_sweep(start_worker, monkeypatch):
    tool, providers, saved, others = _audience(8000)
    decision = _remove(tool)
    everyone = len(providers) + len(saved) + len(others)

    first = start_worker()
    prefix = f"tool-decision:{decision.pk}:notice"
    assert wait_for(
        lambda: Notice.objects.filter(dedupe_key__startswith=prefix).exists(), every=0.02
    ), "the first worker never got going"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    written = Notice.objects.filter(dedupe_key__startswith=prefix).count()
    assert 0 < written < everyone, "the worker finished before it could be killed"

    start_worker()
    # What the beat does every five minutes, without waiting five minutes.
    monkeypatch.setattr(announce, "ANNOUNCE_RESUME_AFTER", announce.timedelta(0))
    assert decision.pk in announce.tool_decisions_unannounced()
    assert tasks.tool_decisions_resume.apply().get() >= 1

    assert wait_for(_finished(decision, everyone)), "the fan-out was not resumed"
    assert wait_for(lambda: decision.pk not in announce.tool_decisions_unannounced())
    time.sleep(2)

    _told_once(decision, providers, saved, others)
