"""Readiness (/readyz): 200 when this process may take traffic, 503 naming what is wrong."""

import json
import socket
import time

from django.conf import settings
from django.core.management import call_command

from hub.ops.tasks import worker_heartbeat
from tests.deploy.gunicorn_process import gunicorn
from tests.workers import needs_worker, wait_for

NO_STORE = "no-store"


def _ready(client):
    response = client.get("/readyz")
    assert NO_STORE in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def test_a_healthy_hub_is_ready_without_signing_in(client, db):
    status, body = _ready(client)

    assert status == 200
    assert body == {
        "status": "ok",
        "checks": {
            "database": "ok",
            "redis": "ok" if settings.REDIS_URL else "not configured",
            "migrations": "ok",
            "worker": "in-process",  # tasks run eagerly here
        },
    }


def test_an_unapplied_migration_makes_the_hub_not_ready(client, transactional_db):
    call_command("migrate", "learning", "zero", verbosity=0)
    try:
        status, body = _ready(client)
    finally:
        call_command("migrate", "learning", verbosity=0)

    assert status == 503
    assert body["status"] == "fail" and body["failed"] == ["migrations"]
    assert body["checks"]["migrations"] == "pending"
    assert _ready(client)[0] == 200  # migrated again: ready again


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens there once the socket is closed


def test_an_unreachable_redis_makes_the_hub_not_ready_and_says_nothing_more(client, db, settings):
    port = _closed_port()
    settings.REDIS_URL = f"redis://:hunter2-secret@127.0.0.1:{port}/0"

    response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["redis"] and body["checks"]["redis"] == "unavailable"
    text = response.content.decode()
    assert str(port) not in text and "hunter2" not in text and "Error" not in text


# With a real worker -------------------------------------------------------------------------------


@needs_worker
def test_readiness_waits_for_a_worker_heartbeat(client, start_worker, settings):
    status, body = _ready(client)
    assert status == 503 and body["failed"] == ["worker"]
    assert body["checks"]["worker"] == "no heartbeat"

    start_worker()  # a starting worker writes its first heartbeat
    assert wait_for(lambda: _ready(client)[0] == 200), _ready(client)

    # Later heartbeats come from the task the beat schedules, run by whichever worker takes it.
    settings.WORKER_HEARTBEAT_MAX_AGE = 1
    time.sleep(1.5)
    status, body = _ready(client)
    assert status == 503 and body["checks"]["worker"] == "stale"
    worker_heartbeat.delay()
    assert wait_for(lambda: _ready(client)[0] == 200, timeout=30), _ready(client)


def test_probes_over_plain_http_are_answered_in_production(tmp_path):
    with gunicorn(tmp_path, SECURE_SSL_REDIRECT="true") as hub:
        ready = hub.get("/readyz")
        metrics = hub.get("/metrics")
        page = hub.get("/about/")

    assert ready.status == 503  # answered, not redirected: nothing is migrated in this database
    assert json.loads(ready.body)["failed"] == ["migrations"]
    assert metrics.status == 200
    assert page.status == 301  # pages still go to HTTPS
