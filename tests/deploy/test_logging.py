"""Structured logs: one JSON object per line, one line per request with its id, and the id
carried into the background tasks the request queued."""

import json
import logging
import re
import time

from django.test import Client

from hub.ops.logs import JsonFormatter
from tests.deploy.gunicorn_process import gunicorn
from tests.factories import login_verified, make_officer
from tests.workers import needs_worker, worker_processes


def _json_lines(lines: list[str]) -> list[dict]:
    entries = []
    for line in lines:
        entry = json.loads(line)  # every line is one JSON object: a stray one fails here
        assert isinstance(entry, dict), line
        entries.append(entry)
    return entries


def test_a_production_process_writes_one_json_line_per_request_with_its_id(tmp_path):
    with gunicorn(tmp_path, LOG_FORMAT="json") as hub:
        kept = hub.get("/healthz?email=officer%40agency.example", {"X-Request-ID": "edge-7f3a.b_9"})
        made = hub.get("/healthz", {"X-Request-ID": "not sane; <script>" + "x" * 80})
        time.sleep(0.5)  # the line is written after the response
        entries = _json_lines(hub.log_lines())

    assert kept.status == 200 and kept.headers["X-Request-ID"] == "edge-7f3a.b_9"
    generated = made.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)

    requests = [
        e
        for e in entries
        if e["logger"] == "hub.request" and e["request_id"] in ("edge-7f3a.b_9", generated)
    ]
    assert [(e["request_id"], e["path"], e["status"], e["view"]) for e in requests] == [
        ("edge-7f3a.b_9", "/healthz", 200, "healthz"),
        (generated, "/healthz", 200, "healthz"),
    ]
    first = requests[0]
    assert first["method"] == "GET" and first["client"] == "127.0.0.1"
    assert first["user_id"] is None and isinstance(first["duration_ms"], float)
    assert first["level"] == "INFO" and first["time"].endswith("+00:00")
    assert "agency.example" not in hub.log.read_text()  # the query string is never logged


def test_the_request_line_names_the_member_by_id_only(client, db, caplog):
    officer = make_officer(email="lina.haddad@police.example")
    login_verified(client, officer)
    with caplog.at_level(logging.INFO, logger="hub.request"):
        response = client.get("/me/?q=lina.haddad@police.example", HTTP_X_REQUEST_ID="r-1")

    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "hub.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["user_id"] == officer.pk and line["request_id"] == "r-1"
    assert line["path"] == "/me/" and line["view"] == "me"
    assert "lina" not in json.dumps(line) and "police.example" not in json.dumps(line)


def test_a_secret_in_the_url_is_logged_as_its_placeholder(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="hub.request"):
        client.get("/accounts/confirm-email/MjE6MXRBZ2xl:s3cr3t-k3y/")

    (record,) = [r for r in caplog.records if r.name == "hub.request"]
    assert "s3cr3t" not in record.path and "<key>" in record.path


@needs_worker
def test_a_task_queued_by_a_request_logs_with_the_request_id(transactional_db, tmp_path):
    log = tmp_path / "worker.log"
    officer = make_officer()
    # Celery's banner goes to stdout (--quiet drops it); the logs are on stderr.
    with (
        log.open("w") as output,
        (tmp_path / "worker.out").open("w") as banner,
        worker_processes("logs", var_dir=tmp_path) as start,
    ):
        start(env={"LOG_FORMAT": "json"}, stdout=banner, stderr=output)
        # A password reset queues the email to the member (outbox, then a task after commit).
        response = Client().post(
            "/accounts/password/reset/",
            {"email": officer.email},
            HTTP_X_REQUEST_ID="reset-req-42",
        )
        assert response.status_code == 302

        def task_lines() -> list[dict]:
            entries = _json_lines(log.read_text().splitlines())
            return [e for e in entries if e["request_id"] == "reset-req-42"]

        deadline = time.monotonic() + 60
        while not any("succeeded" in e["message"] for e in task_lines()):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
    assert any("hub.tasks.send_outbox_email" in e["message"] for e in task_lines())
    assert officer.email not in log.read_text()
