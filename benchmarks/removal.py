"""Removing a tool: informing 10,000 people, and how fast one worker delivers the emails.

* :func:`removal_rows`: staff remove a tool that 10,000 officers saved, through the tool admin's
  "remove" action (logged in with password and code). Timed: the staff member's request; then,
  separately, the time from the request until every officer has the decision's notice. With
  REDIS_URL a real Celery worker does what the request leaves to the background; without it,
  tasks run in-process as on a bare machine.
* ``outbox-throughput`` (``--suite outbox``): a real Celery worker (one process) sends 2,000
  queued emails to an SMTP server on this machine; the time from commit until every row is sent.
  Needs REDIS_URL.

The 10,000 officers are extra accounts (``@bench-removal.example``), created once and left out of
the data set's sizes.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse

from .registry import BenchContext, scenario
from .rows import Row

SUITE = "removal"
RECIPIENTS = 10_000
THROUGHPUT_EMAILS = 2_000
COHORT_DOMAIN = "bench-removal.example"


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


REQUEST_TARGET_S = 1.0
FANOUT_TIMEOUT_S = 900
SECTION = "Removing a tool saved by 10,000 officers"


class _Worker:
    """A real Celery worker (one process) on the bench's Redis database, while fan-outs are timed.

    Its emails would be written as files: they go to a folder of the benchmark's own, and what is
    still queued when the fan-out is complete is purged (delivery is not what is measured here).
    """

    def __enter__(self):
        from config.celery import app

        self.app = app
        self.process = None
        if not settings.CELERY_BROKER_URL.startswith("redis"):
            return self  # no broker: tasks run in the request, as on a bare machine
        mail_dir = Path(settings.VAR_DIR) / "bench" / "worker"
        mail_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command line
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=WARNING"],
            env={**os.environ, "HUB_VAR_DIR": str(mail_dir), "LOG_LEVEL": "WARNING",
                 "PYTHONWARNINGS": "ignore::UserWarning"},  # not "running as root" each time
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(8)  # let the worker start before the clock runs
        return self

    def purge(self) -> None:
        if self.process is not None:
            with self.app.connection_for_write() as conn:
                conn.default_channel.queue_purge(self.app.conf.task_default_queue)

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=60)
            self.purge()
        from hub.models import OutboxEmail

        OutboxEmail.objects.filter(state=OutboxEmail.State.PENDING).update(
            state=OutboxEmail.State.FAILED, last_error="left over by the benchmark"
        )


def removal_rows(ctx: BenchContext, staff_client, *, requests: int = 3) -> list[Row]:
    """Staff remove a tool (saved by 10,000 officers) through the admin's action: the request is
    timed, then the time until every officer has the notice (the fan-out)."""
    from django.urls import reverse

    from hub.models import Notice, Role, Status, User
    from tools_catalog.models import ToolDecision

    requests_s, fanouts_s, errors = [], [], []
    with _Worker() as worker:
        for i in range(requests):
            tool = _fresh_tool_saved_by_cohort(ctx, i)
            officers = User.objects.filter(
                role=Role.OFFICER, status=Status.APPROVED, is_active=True
            ).count()
            started = time.perf_counter()
            response = staff_client.post(
                reverse("admin:tools_catalog_tool_changelist"),
                {"action": "remove", "_selected_action": [tool.pk], "select_across": "0",
                 "index": "0", "confirm": "yes", "reason": "Benchmark",
                 "summary": "Removed after a substantiated concern.",
                 "guidance": "Stop using it and tell your supervisor."},
            )  # fmt: skip
            requests_s.append(time.perf_counter() - started)
            decision = ToolDecision.objects.filter(tool=tool).order_by("-pk").first()
            if response.status_code != 302 or decision is None:
                errors.append(f"HTTP {response.status_code}, decision recorded: {bool(decision)}")
                break
            notices = Notice.objects.filter(link__endswith=f"#decision-{decision.pk}")
            while notices.count() < officers:
                if time.perf_counter() - started > FANOUT_TIMEOUT_S:
                    errors.append(f"fan-out incomplete after {FANOUT_TIMEOUT_S} s")
                    break
                time.sleep(0.05)
            fanouts_s.append(time.perf_counter() - started)
            worker.purge()
    note = f"{len(requests_s)} removals, each tool saved by {RECIPIENTS:,} officers"
    where = "background worker" if worker.process is not None else "tasks in-process"
    return [
        Row(SECTION, "the staff member's request (slowest)", max(requests_s, default=None), "s",
            REQUEST_TARGET_S, error="; ".join(errors),
            note=note + ": " + ", ".join(f"{s:.2f}" for s in requests_s)),
        Row(SECTION, f"until every officer has the notice ({where}, slowest)",
            max(fanouts_s, default=None), "s", error="; ".join(errors),
            note=", ".join(f"{s:.2f}" for s in fanouts_s)),
    ]  # fmt: skip


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
    suite="outbox",
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
