"""Real Celery worker processes, for the tests whose behaviour depends on them: on Redis, against
the test's PostgreSQL database, each test on a queue of its own."""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

_redis_and_postgres = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="needs REDIS_URL and PostgreSQL (run in CI's second pass)",
)


def needs_worker(test):
    """Mark a test that runs its tasks in worker processes rather than in-process (the
    ``celery_worker`` marker, read by tests/conftest.py); skipped without Redis and PostgreSQL."""
    return pytest.mark.celery_worker(_redis_and_postgres(test))


def wait_for(condition: Callable[[], object], timeout: float = 120.0, every: float = 0.2) -> bool:
    """Whether ``condition()`` comes true within ``timeout`` seconds (generous: workers on a busy
    machine start slowly)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


@contextmanager
def worker_processes(
    name: str, *, var_dir: Path, stop_timeout: float = 30
) -> Iterator[Callable[..., subprocess.Popen]]:
    """Yield ``start(env=None, **popen)``, which starts a worker on a queue of the test's own, using
    the test database and ``var_dir``; ``env`` adds to or overrides the worker's environment.
    Workers still running at the end are stopped."""
    from config.celery import app

    queue = f"test-{name}-{uuid.uuid4().hex[:8]}"
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    database = settings.DATABASES["default"]
    base_env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "HUB_VAR_DIR": str(var_dir),
        # What the worker itself queues (the emails of a fan-out) goes to the test's queue too.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    processes = []

    def start(env: dict[str, str] | None = None, **popen) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--loglevel=WARNING"],
            cwd=settings.BASE_DIR,
            env={**base_env, **(env or {})},
            **popen,
        )  # fmt: skip
        processes.append(process)
        return process

    try:
        yield start
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=stop_timeout)
        app.conf.task_default_queue = previous_queue
