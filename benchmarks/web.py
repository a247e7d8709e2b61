"""Serving over HTTP as in production, and a browser-like client to drive it.

* :class:`Gunicorn` starts gunicorn with the arguments of the Dockerfile's ``CMD`` (worker class,
  threads, workers from ``WEB_CONCURRENCY``, time-outs, keep-alive, max requests), bound to a free
  port on 127.0.0.1, and stops it.
* :class:`Session` is one browser: cookies, keep-alive, redirects followed; it records the bytes
  each response took on the wire (status line, headers and body as sent, compressed or not).
* :func:`load` drives a server with N concurrent clients for a fixed time.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
WEB_CONCURRENCY = "2"  # the Dockerfile's default, for a 2-core machine


def dockerfile_command() -> list[str]:
    """The gunicorn command line of the Dockerfile's CMD (exec form)."""
    text = (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")
    commands = [line for line in text.splitlines() if line.startswith("CMD [")]
    if not commands:
        raise RuntimeError("the Dockerfile has no CMD in exec form")
    command = json.loads(commands[-1][len("CMD ") :])
    if command[0] != "gunicorn":
        raise RuntimeError(f"the Dockerfile's CMD runs {command[0]}, not gunicorn")
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_arguments(app: str, port: int) -> list[str]:
    """The Dockerfile's arguments for ``app`` on 127.0.0.1:``port``, access log off (its lines
    would only be thrown away, at the same cost for every server measured)."""
    command = dockerfile_command()[1:]
    arguments, skip = [], False
    for position, argument in enumerate(command):
        if skip:
            skip = False
            continue
        if position == 0:
            arguments.append(app)
        elif argument == "--bind":
            arguments += ["--bind", f"127.0.0.1:{port}"]
            skip = True
        elif argument == "--access-logfile":
            skip = True
        else:
            arguments.append(argument)
    return arguments


class Gunicorn:
    """``with Gunicorn("config.wsgi:application", env) as server:`` serves on ``server.port``."""

    def __init__(self, app: str, env: dict[str, str], ready_path: str = "/healthz"):
        self.app, self.env, self.ready_path = app, env, ready_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        arguments = gunicorn_arguments(self.app, self.port)
        env = {**os.environ, "WEB_CONCURRENCY": WEB_CONCURRENCY, **self.env}
        self.process = subprocess.Popen(  # noqa: S603 - the Dockerfile's command line
            [sys.executable, "-m", "gunicorn", *arguments],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn stopped: {self.process.stderr.read().decode()[-2000:]}"
                )
            try:
                status = Session(self.port).get(self.ready_path).status
            except OSError:
                time.sleep(0.3)
                continue
            if status == 200:
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return self
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer {self.ready_path} with 200 within 120 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]


def rss_kib(pid: int, field_name: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1])
    return 0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # as sent (compressed when Content-Encoding says so)
    wire_bytes: int  # status line + headers + body
    path: str

    @property
    def text(self) -> str:
        return decoded(self).decode("utf-8", errors="replace")


def decoded(answer: Answer) -> bytes:
    encoding = answer.headers.get("content-encoding", "")
    if encoding == "gzip":
        import gzip

        return gzip.decompress(answer.body)
    if encoding == "br":
        import brotli

        return brotli.decompress(answer.body)
    return answer.body


@dataclass
class Session:
    """One browser talking to 127.0.0.1:``port`` over one keep-alive connection."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    accept_encoding: str = "br, gzip"
    timeout: float = 120

    def __post_init__(self):
        self._connection: http.client.HTTPConnection | None = None

    def _conn(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        sent = {"Host": f"127.0.0.1:{self.port}", "Accept-Encoding": self.accept_encoding}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        for attempt in (1, 2):
            try:
                conn = self._conn()
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()  # the server closed a kept-alive connection: open another
                if attempt == 2:
                    raise
        head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2
        head += sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookie = rest.split(";", 1)[0]
            if cookie in {"", '""'}:
                self.cookies.pop(name.strip(), None)  # the server deletes it
            else:
                self.cookies[name.strip()] = cookie
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, headers, data, head + len(data), path)

    def get(self, path: str, headers: dict | None = None, *, follow: bool = True) -> Answer:
        answer = self.request("GET", path, headers=headers)
        for _ in range(10):
            if not follow or answer.status not in (301, 302, 303, 307, 308):
                return answer
            answer = self.request("GET", _local(urljoin(path, answer.headers["location"])))
        return answer

    def post(self, path: str, data: dict[str, str]) -> Answer:
        body = urlencode(data).encode()
        answer = self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            },
        )
        if answer.status in (301, 302, 303):
            return self.get(_local(urljoin(path, answer.headers["location"])))
        return answer


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class SessionBrowser:
    """A :class:`Session` seen as a :class:`benchmarks.login.Browser`."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, path: str) -> tuple[int, str, str]:
        answer = self.session.get(path)
        return answer.status, answer.path.split("?")[0], answer.text

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        answer = self.session.post(path, data)
        return answer.status, answer.path.split("?")[0], answer.text


# Load -----------------------------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load(
    port: int, paths: list[str], cookies: dict[str, str], *, clients: int, seconds: float
) -> Load:
    """``clients`` threads, each with its own keep-alive connection, ask for ``paths`` in turn for
    ``seconds``; counts the answers that were 200."""
    done, errors = [0] * clients, [0] * clients
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(number: int) -> None:
        session = Session(port, cookies=dict(cookies))
        position = number
        start.wait()
        while time.monotonic() < deadline[0]:
            try:
                answer = session.request("GET", paths[position % len(paths)])
            except OSError:
                errors[number] += 1
                session.close()
                continue
            position += clients
            if answer.status == 200:
                done[number] += 1
            else:
                errors[number] += 1
        session.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    elapsed = time.monotonic() - began
    return Load(sum(done), sum(errors), elapsed)


# What a page costs on the wire -------------------------------------------------------------------

ASSET = re.compile(
    r"<link\b[^>]*\brel=\"stylesheet\"[^>]*\bhref=\"([^\"]+)\"|"
    r"<link\b[^>]*\bhref=\"([^\"]+)\"[^>]*\brel=\"stylesheet\"|"
    r"<script\b[^>]*\bsrc=\"([^\"]+)\""
)


@dataclass
class Wire:
    first_visit: int  # bytes: the page and every stylesheet and script it names, nothing cached
    repeat_visit: int  # bytes: the page again, the files revalidated (304) from the cache
    assets: list[str]
    html: int  # bytes of the page alone, on the wire
    encoding: str  # of the page


def wire(session: Session, path: str) -> Wire:
    page = session.get(path, follow=False)
    if page.status != 200:
        raise RuntimeError(f"{path}: HTTP {page.status}")
    assets = [next(filter(None, m.groups())) for m in ASSET.finditer(page.text)]
    first, validators = page.wire_bytes, {}
    for asset in assets:
        answer = session.get(_local(urljoin(path, asset)), follow=False)
        first += answer.wire_bytes
        validators[asset] = {
            name: answer.headers[header]
            for name, header in (("If-None-Match", "etag"), ("If-Modified-Since", "last-modified"))
            if header in answer.headers
        }
    again = session.get(path, follow=False)
    repeat = again.wire_bytes
    for asset in assets:
        repeat += session.get(
            _local(urljoin(path, asset)), headers=validators[asset], follow=False
        ).wire_bytes
    return Wire(
        first, repeat, assets, page.wire_bytes, page.headers.get("content-encoding", "identity")
    )
