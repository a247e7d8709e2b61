"""Error reports: with SENTRY_DSN set, an error in a production process reaches Sentry, and the
report holds no email address, password, cookie, authorisation header or query string."""

import gzip
import json
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import brotli
import pytest

from tests.deploy.gunicorn_process import gunicorn

SECRETS = (
    "amina.leak@police-senegal.example",
    "police-senegal",
    "Sup3r-Secret-pw",
    "abc123sessioncookie",
    "csrf987token",
    "top-secret-bearer",
    "search-term-private",
)


class _Ingest(BaseHTTPRequestHandler):
    """Sentry's ingest endpoint as far as the SDK sees it: every envelope is kept, decompressed."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "br":
            body = brotli.decompress(body)
        elif encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.server.envelopes.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_ingest():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    server.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _events(envelopes) -> list[dict]:
    events = []
    for _path, body in envelopes:
        lines = body.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_an_error_reaches_sentry_without_personal_data(tmp_path, sentry_ingest):
    dsn = f"http://0123456789abcdef@127.0.0.1:{sentry_ingest.server_address[1]}/42"
    # The database has no tables: reading the session of a signed-in request fails with an error.
    with gunicorn(tmp_path, SENTRY_DSN=dsn, SENTRY_ENVIRONMENT="ops-test") as hub:
        query = urlencode({"email": SECRETS[0], "q": "search-term-private"})
        answer = hub.get(
            f"/accounts/login/?{query}",
            headers={
                "Cookie": "sessionid=abc123sessioncookie; csrftoken=csrf987token",
                "Authorization": "Bearer top-secret-bearer",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            data=urlencode({"login": SECRETS[0], "password": "Sup3r-Secret-pw"}).encode(),
        )
        assert answer.status == 500
        deadline = time.monotonic() + 60
        while not any("exception" in e for e in _events(sentry_ingest.envelopes)):
            assert time.monotonic() < deadline, "no error report arrived"
            time.sleep(0.3)

    assert all(path == "/api/42/envelope/" for path, _ in sentry_ingest.envelopes)
    errors = [e for e in _events(sentry_ingest.envelopes) if "exception" in e]
    # The error itself (the 500 page of this test's process, without collected static files,
    # adds one of its own).
    assert "OperationalError" in {e["exception"]["values"][-1]["type"] for e in errors}
    for error in errors:
        assert error["environment"] == "ops-test"
        assert error["request"]["url"].endswith("/accounts/login/")  # no query string
        assert error["request"]["method"] == "POST"
        assert "cookies" not in error["request"] and "data" not in error["request"]
    everything = b"".join(body for _, body in sentry_ingest.envelopes).decode()
    for secret in SECRETS:
        assert secret not in everything
