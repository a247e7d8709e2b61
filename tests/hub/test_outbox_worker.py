"""The outbox against real parts: a Celery worker process on Redis, PostgreSQL, and an SMTP server."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import transaction

from hub import services, tasks
from hub.models import OutboxEmail
from tests.smtp import SmtpSink

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs REDIS_URL and PostgreSQL (run in CI's second pass)",
    ),
]


@pytest.fixture
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def worker(transactional_db, smtp_sink, tmp_path):
    """A real worker on its own queue, using the test database and the test SMTP server."""
    from hub.celery import app

    queue = f"test-outbox-{uuid.uuid4().hex[:8]}"
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "HUB_VAR_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "hub", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
    )  # fmt: skip
    yield process
    process.terminate()
    process.wait(timeout=20)
    app.conf.task_default_queue = previous_queue


def _wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


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

    assert _wait_for(lambda: OutboxEmail.objects.filter(state="sent").count() == 5)
    time.sleep(1)  # give a duplicate the chance to show up
    recipients = sorted(
        address for envelope in smtp_sink.envelopes for address in envelope.rcpt_tos
    )
    assert recipients == sorted(f"officer{n}@agency.example" for n in range(5))


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
    assert _wait_for(lambda: OutboxEmail.objects.filter(pk=probe.pk, state="sent").exists())
    assert [e.rcpt_tos for e in smtp_sink.envelopes] == [["probe@agency.example"]]
