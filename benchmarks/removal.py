"""Removing a tool: informing 10,000 people, and how fast one worker delivers the emails.

* ``removal-10k``: staff remove a tool that 10,000 officers saved. Timed: the decision with its
  outbox rows (one email each) and notices written in one transaction, and the delivery tasks
  enqueued after commit. The tasks go to a queue of the benchmark's own, emptied afterwards, so
  nothing is delivered. Every other officer of the data set gets a notice as well.
* ``outbox-throughput``: a real Celery worker (one process) sends 2,000 queued emails to an SMTP
  server on this machine; the time from commit until every row is sent. Needs REDIS_URL.

The 10,000 officers are extra accounts (``@bench-removal.example``), created once and left out of
the data set's sizes.
"""

import os
import subprocess
import sys
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse

from .registry import BenchContext, scenario

SUITE = "removal"
RECIPIENTS = 10_000
THROUGHPUT_EMAILS = 2_000
COHORT_DOMAIN = "bench-removal.example"
REMOVAL_TARGET_S = 5.0


def _cohort(ctx: BenchContext) -> list[int]:
    def build() -> list[int]:
        from django.contrib.auth.hashers import make_password

        from hub.models import Role, Status, User

        have = list(
            User.objects.filter(email__endswith=f"@{COHORT_DOMAIN}").values_list("pk", flat=True)
        )
        unusable = make_password(None)
        rows = [
            User(
                email=f"saver{n}@{COHORT_DOMAIN}",
                name=f"Saver {n}",
                role=Role.OFFICER,
                status=Status.APPROVED,
                language=("en", "ar", "fr", "es", "ru", "zh-hans")[n % 6],
                password=unusable,
            )
            for n in range(len(have), RECIPIENTS)
        ]
        created = User.objects.bulk_create(rows, batch_size=2000)
        return have + [user.pk for user in created]

    return ctx.memo("removal-cohort", build)


def _fresh_tool_saved_by_cohort(ctx: BenchContext, i: int):
    from tools_catalog.models import SavedTool, Tool

    cohort = _cohort(ctx)
    tool = Tool.objects.published().order_by("?").first()
    SavedTool.objects.bulk_create(
        [SavedTool(user_id=pk, tool=tool) for pk in cohort], batch_size=2000, ignore_conflicts=True
    )
    return tool


class _OwnQueue:
    """Send tasks to a queue nobody consumes, and empty it afterwards."""

    def __enter__(self):
        from config.celery import app

        self.app = app
        self.queue = f"bench-removal-{uuid.uuid4().hex[:8]}"
        self.previous = (app.conf.task_default_queue, app.conf.task_always_eager)
        app.conf.task_default_queue = self.queue
        app.conf.task_always_eager = False  # enqueue, even on the embedded set-up
        return self

    def __exit__(self, *exc):
        with self.app.connection_for_write() as conn:
            conn.default_channel.queue_purge(self.queue)
        self.app.conf.task_default_queue, self.app.conf.task_always_eager = self.previous


@scenario(
    "removal-10k",
    "Remove a tool saved by 10,000 officers (outbox + notices + enqueue)",
    suite=SUITE,
    prepare=_fresh_tool_saved_by_cohort,
    requests=3,
    warmup=0,
    target_p95_ms=REMOVAL_TARGET_S * 1000,
    target_max_queries=None,
)
def remove(ctx: BenchContext, i: int) -> HttpResponse:
    from safety.removal import tool_remove

    staff = _staff()
    # The transaction ends first, running its on-commit callbacks (the enqueueing).
    with _OwnQueue(), transaction.atomic():
        tool_remove(
            tool=ctx.prepared,
            by=staff,
            reason="Benchmark",
            summary="Removed after a substantiated concern.",
            guidance="Stop using it and tell your supervisor.",
        )
    return HttpResponse(status=200)


def _staff():
    from hub.models import Role, Status, User

    user, _ = User.objects.get_or_create(
        email="bench-staff@bench.example",
        defaults={"name": "Bench Staff", "role": Role.STAFF, "status": Status.APPROVED,
                  "is_staff": True},
    )  # fmt: skip
    return user


def _queue_emails(count: int) -> None:
    from hub.models import User
    from hub.outbox import services

    recipients = User.objects.filter(email__endswith=f"@{COHORT_DOMAIN}").order_by("pk")[:count]
    with transaction.atomic():
        services.emails_queue_many(
            recipients=recipients,
            template="devices_reset",
            context={"user": None},
            dedupe_prefix=f"bench-throughput:{uuid.uuid4().hex}",
        )


@scenario(
    "outbox-throughput",
    f"One worker sends {THROUGHPUT_EMAILS:,} emails over SMTP (time until all sent)",
    suite=SUITE,
    requests=1,
    warmup=0,
    target_p95_ms=None,
    target_max_queries=None,
)
def throughput(ctx: BenchContext, i: int) -> HttpResponse:
    from config.celery import app
    from hub.models import OutboxEmail
    from tests.smtp import SmtpSink

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        raise RuntimeError("needs REDIS_URL: a real worker takes its tasks from Redis")
    _cohort(ctx)
    queue = f"bench-outbox-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    with SmtpSink() as sink:
        worker = subprocess.Popen(  # noqa: S603 - a fixed command line
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=WARNING"],
            env={**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port)},
        )  # fmt: skip
        try:
            time.sleep(5)  # let the worker start before the clock runs
            OutboxEmail.objects.filter(state=OutboxEmail.State.PENDING).update(
                state=OutboxEmail.State.FAILED, last_error="left over by the benchmark"
            )
            _queue_emails(THROUGHPUT_EMAILS)
            started = time.perf_counter()
            deadline = started + 600
            while OutboxEmail.objects.filter(state=OutboxEmail.State.PENDING).exists() or (
                OutboxEmail.objects.filter(state=OutboxEmail.State.SENDING).exists()
            ):
                if time.perf_counter() > deadline:
                    raise RuntimeError("the worker did not finish within 10 minutes")
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            received = sum(len(e.rcpt_tos) for e in sink.envelopes)
            print(f"  {received:,} emails in {seconds:.1f} s: {received / seconds:.0f} per second")
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            app.conf.task_default_queue = previous
    return HttpResponse(status=200)
