"""The hub served by gunicorn in a process of its own, as in production, on a free port."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer under test, not something to follow


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Hub:
    url: str
    log: Path

    def get(self, path: str, headers: dict[str, str] | None = None, data: bytes | None = None):
        request = urllib.request.Request(self.url + path, headers=headers or {}, data=data)  # noqa: S310
        try:
            with _opener.open(request, timeout=90) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()


@contextmanager
def gunicorn(tmp_path: Path, *, workers: int = 1, **environment: str) -> Iterator[Hub]:
    """Serve the hub with production settings and ``environment``; its output goes to a file."""
    port = free_port()
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECRET_KEY", "DJANGO_", "HUB_", "DATABASE_URL", "ALLOWED_HOSTS"))
        and not name.startswith(("REDIS_URL", "LOG_", "SENTRY_", "PROMETHEUS_"))
    }
    env = kept | {
        "HUB_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "HUB_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        "HUB_ALLOW_NO_REDIS": "true",
        "HUB_ALLOW_FILE_EMAIL": "true",
        **environment,
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    hub = Hub(url=f"http://127.0.0.1:{port}", log=log)
    try:
        # Up once a worker answers: booting the hub takes a while on a busy machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                if hub.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield hub
    finally:
        process.terminate()
        process.wait(timeout=30)
