"""Multi-host rehearsal: the hub as several hosts run it, on one machine, with real processes.

    uv run python scripts/multihost_rehearsal.py [--database-url postgres://postgres@127.0.0.1:5432/]
                                                 [--redis-url redis://127.0.0.1:6379/15]

Two "hosts", A and B, each a separate copy of the code in its own folder with its own HUB_VAR_DIR
(so nothing can pass between them on local disk), each with gunicorn behind its own nginx (the
proxy's configuration from deploy/nginx, TLS, X-Accel-Redirect) and a Celery worker; beat runs once,
on A. They share only what a deployment shares: one PostgreSQL database, Redis, an S3-protocol
server (moto's, a process of its own) and an SMTP server that records what it receives. Settings are
production's (HUB_ENV=production, PRIVATE_MEDIA_DELIVERY=x-accel-redirect, TRUSTED_PROXY_COUNT=1).

What must hold, each step as a person does it (forms read and sent like a browser's):
1. an officer logs in on A (password, then the authenticator code) and is logged in on B;
2. she asks for a copy of her data on A; a worker builds it into the bucket; B hands it to her;
3. staff (second factor verified) upload a new video for a learning resource through A's admin;
   B plays it to the officer with a Range request (206, the very bytes uploaded);
4. staff remove a tool through A's admin (the removal flow, reason and summary); the two workers
   send the emails, and the SMTP server receives EXACTLY one of each email (one per recipient);
5. staff publish a draft tool through A's admin; B's catalogue counts it at once.

Exit status 0 when all holds, with a summary and timings; otherwise the failing step and why.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import boto3
import psycopg
import redis
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hubclient import Browser, Page  # noqa: E402 (the scripts folder is not a package)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.smtp import SmtpSink  # noqa: E402 (an SMTP server that records, aiosmtpd)

PYTHON = sys.executable
STAFF = ("staff@globalhub.example", "Demo-staff-2026!")
OFFICER = ("amina.diallo@police-senegal.example", "Demo-officer-2026!")
SECOND_OFFICER = ("lucas.moreau@gendarmerie.example", "Demo-officer-2026!")
# The project's packages (every one the import contracts know), and what the code reads from disk.
with open(ROOT / "pyproject.toml", "rb") as _pyproject:
    PACKAGES = tuple(tomllib.load(_pyproject)["tool"]["importlinter"]["root_packages"])
COPIED = (*PACKAGES, "templates", "static", "locale", "manage.py")
WAIT = 120  # seconds any asynchronous outcome may take


class RehearsalFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise RehearsalFailed(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, probe, timeout: float = WAIT, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise RehearsalFailed(f"{what}: not within {timeout:.0f} s")
        time.sleep(interval)


class Processes:
    """Every process the rehearsal starts, stopped (and their logs kept) at the end."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], *, cwd: Path, env: dict[str, str]):
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running.append((name, process))
        return process

    def assert_alive(self) -> None:
        for name, process in self.running:
            if process.poll() is not None:
                raise RehearsalFailed(f"{name} stopped ({process.returncode}):\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.logs / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def stop_all(self) -> None:
        for _name, process in reversed(self.running):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.running):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def manage(*args: str, cwd: Path, env: dict[str, str]) -> str:
    print(f"+ manage.py {' '.join(args)}  (in {cwd.parent.name})", flush=True)
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    check(
        done.returncode == 0,
        f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}",
    )
    return done.stdout


def copy_code(target: Path) -> Path:
    app = target / "app"
    app.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, app / name, ignore=ignore)
        else:
            shutil.copy2(source, app / name)
    return app


def database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def facet_counts(page: Page) -> dict[tuple[str, str], int]:
    """Each facet value's count on a catalogue page, and the number of tools found as ("", "")."""
    counts = {}
    labels = re.findall(
        r'<input type="checkbox" name="([\w-]+)" value="([^"]+)"[^>]*>(.*?)</label>',
        page.text,
        re.S,
    )
    for name, value, label in labels:
        numbers = re.findall(r"\((\d+)\)", label)
        if numbers:
            counts[(name, value)] = int(numbers[-1])
    found = re.search(r'class="result-count">\s*(\d+)', page.text)
    if found:
        counts[("", "")] = int(found.group(1))
    return counts


def delivered(sink: SmtpSink, since: int = 0) -> list[tuple[str, str]]:
    """(recipient, subject) of each message the SMTP server received after the first ``since``
    (a message to several people counts once for each)."""
    received = []
    for envelope in list(sink.envelopes)[since:]:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        for recipient in envelope.rcpt_tos:
            received.append((recipient.lower(), str(message["Subject"])))
    return received


def main() -> int:  # noqa: C901 (one rehearsal, read top to bottom)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("REHEARSAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="a PostgreSQL server on which the rehearsal's database may be created and dropped",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REHEARSAL_REDIS_URL", "redis://127.0.0.1:6379/15"),
        help="a Redis database the rehearsal may empty",
    )
    parser.add_argument("--keep", action="store_true", help="keep the folders and logs")
    args = parser.parse_args()

    db_name = "hub_multihost_rehearsal"
    admin_url = database(args.database_url, "postgres")
    database_url = database(args.database_url, db_name)
    work = Path(tempfile.mkdtemp(prefix="hub-multihost-"))
    work.chmod(0o755)  # nginx's workers (an unprivileged user when run as root) read static files
    logs = work / "logs"
    logs.mkdir()
    processes = Processes(logs)
    timings: dict[str, float] = {}
    summary: list[str] = []

    def timed(step: str):
        class _Timer:
            def __enter__(self):
                self.started = time.monotonic()
                print(f"\n== {step}", flush=True)

            def __exit__(self, kind, *rest):
                if kind is None:
                    timings[step] = time.monotonic() - self.started

        return _Timer()

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db_name)))
    queue = redis.Redis.from_url(args.redis_url)
    queue.flushdb()

    try:
        with ExitStack() as stack:
            stack.callback(processes.stop_all)
            sink = stack.enter_context(SmtpSink())

            with timed("setup: code copies, S3 server, release, demo data"):
                hosts = {name: copy_code(work / f"host-{name}") for name in ("A", "B")}
                s3_port = free_port()
                processes.start(
                    "s3", [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
                    cwd=work, env=dict(os.environ),
                )  # fmt: skip
                s3_endpoint = f"http://127.0.0.1:{s3_port}"
                s3 = {
                    "S3_BUCKET": f"hub-rehearsal-{uuid.uuid4().hex[:8]}",
                    "S3_ENDPOINT_URL": s3_endpoint,
                    "S3_REGION_NAME": "us-east-1",
                    "AWS_ACCESS_KEY_ID": "rehearsal-key",
                    "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(24),
                }
                client = boto3.client(
                    "s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                    aws_access_key_id=s3["AWS_ACCESS_KEY_ID"],
                    aws_secret_access_key=s3["AWS_SECRET_ACCESS_KEY"],
                )  # fmt: skip

                def bucket_made() -> bool:
                    try:
                        client.create_bucket(Bucket=s3["S3_BUCKET"])
                    except Exception:  # noqa: BLE001 (the server is still starting)
                        processes.assert_alive()
                        return False
                    return True

                wait_for("the S3 server", bucket_made, timeout=60)

                ports = {name: (free_port(), free_port(), free_port()) for name in hosts}
                origins = ",".join(f"https://localhost:{ports[name][1]}" for name in hosts)
                base_env = {
                    key: value
                    for key, value in os.environ.items()
                    if not key.startswith(("HUB_", "S3_", "AWS_", "PRIVATE_MEDIA_", "DJANGO_"))
                    and key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "SECRET_KEY",
                                    "MEDIA_ROOT", "STATIC_ROOT", "VIRTUAL_ENV", "PYTHONPATH"}
                }  # fmt: skip
                shared = (
                    base_env
                    | s3
                    | {
                        "HUB_ENV": "production",
                        "SECRET_KEY": secrets.token_urlsafe(64),
                        "ALLOWED_HOSTS": "localhost",
                        "CSRF_TRUSTED_ORIGINS": origins,
                        "SITE_URL": f"https://localhost:{ports['A'][1]}",
                        "DATABASE_URL": database_url,
                        "REDIS_URL": args.redis_url,
                        "EMAIL_HOST": "127.0.0.1",
                        "EMAIL_PORT": str(sink.port),
                        "TRUSTED_PROXY_COUNT": "1",
                        "PRIVATE_MEDIA_DELIVERY": "x-accel-redirect",
                        "LOG_FORMAT": "json",
                    }
                )
                env = {
                    name: shared
                    | {
                        "HUB_VAR_DIR": str(work / f"host-{name}" / "var"),
                        "STATIC_ROOT": str(work / f"host-{name}" / "static"),
                    }
                    for name in hosts
                }
                manage("release", cwd=hosts["A"], env=env["A"])
                # The demo data (refused in production, its passwords are public): development
                # settings on the same database and bucket, tasks in-process.
                seed_env = {
                    key: value
                    for key, value in env["A"].items()
                    if key not in {"HUB_ENV", "REDIS_URL", "EMAIL_HOST", "SECRET_KEY"}
                }
                manage("seed_demo", cwd=hosts["A"], env=seed_env)
                # Host B collects its own static files, as a host of its own would.
                manage("collectstatic", "--noinput", cwd=hosts["B"], env=env["B"])

            with timed("start: two web servers behind two proxies, two workers, beat"):
                certificate = work / "certs" / "fullchain.pem"
                for name, app in hosts.items():
                    web_port, https_port, http_port = ports[name]
                    processes.start(
                        f"web-{name}",
                        [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind",
                         f"127.0.0.1:{web_port}", "--workers", "2", "--worker-class", "gthread",
                         "--threads", "4", "--timeout", "120", "--access-logfile", "-"],
                        cwd=app, env=env[name],
                    )  # fmt: skip
                    processes.start(
                        f"worker-{name}",
                        [PYTHON, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
                         "--concurrency=2", "--hostname", f"worker-{name}@%h"],
                        cwd=app, env=env[name],
                    )  # fmt: skip
                    run_dir = work / f"host-{name}" / "nginx"
                    nginx_env = base_env | {
                        "NGINX_TEMPLATE": str(ROOT / "deploy" / "nginx" / "nginx.conf.template"),
                        "NGINX_CONF": str(run_dir / "nginx.conf"),
                        "NGINX_RUN_DIR": str(run_dir),
                        "HUB_HTTP_LISTEN": f"127.0.0.1:{http_port}",
                        "HUB_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
                        "HUB_HTTPS_PORT_SUFFIX": f":{https_port}",
                        "HUB_UPSTREAM_SERVERS": f"server 127.0.0.1:{web_port};",
                        "HUB_TLS_CERTIFICATE": str(certificate),
                        "HUB_TLS_KEY": str(work / "certs" / "privkey.pem"),
                        "HUB_STATIC_ROOT": str(work / f"host-{name}" / "static"),
                        "HUB_PRIVATE_ROOT": str(
                            work / f"host-{name}" / "var" / "media" / "private"
                        ),
                        "HUB_RESOLVER": "",
                    }
                    entrypoint = ["sh", str(ROOT / "deploy" / "nginx" / "entrypoint.sh")]
                    # The proxy's own entrypoint: it fills in the template, makes the self-signed
                    # certificate (once: B finds A's) and checks the configuration with nginx -t.
                    prepared = subprocess.run(
                        [*entrypoint, "true"], env=nginx_env, capture_output=True, text=True
                    )
                    check(
                        prepared.returncode == 0,
                        f"the proxy's entrypoint failed:\n{prepared.stdout}{prepared.stderr}",
                    )
                    processes.start(
                        f"nginx-{name}",
                        [*entrypoint, "nginx", "-c", str(run_dir / "nginx.conf"), "-g",
                         "daemon off;"],
                        cwd=work, env=nginx_env,
                    )  # fmt: skip
                processes.start(
                    "beat",
                    [PYTHON, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
                     "--schedule", str(work / "host-A" / "var" / "celerybeat-schedule")],
                    cwd=hosts["A"], env=env["A"],
                )  # fmt: skip
                a = f"https://localhost:{ports['A'][1]}"
                b = f"https://localhost:{ports['B'][1]}"
                probe = Browser(verify=str(certificate))

                last_answer: dict[str, str] = {}

                def healthy(base: str):
                    def answer() -> bool:
                        processes.assert_alive()
                        try:
                            status = probe.raw(f"{base}/healthz").status_code
                        except OSError as error:
                            last_answer[base] = repr(error)
                            return False
                        last_answer[base] = str(status)
                        return status == 200

                    return answer

                for base in (a, b):
                    try:
                        wait_for(f"{base}/healthz", healthy(base), timeout=90)
                    except RehearsalFailed as failure:
                        raise RehearsalFailed(f"{failure}; last answer: {last_answer}") from None

                def workers_ready() -> bool:
                    processes.assert_alive()
                    return all("ready." in processes.tail(f"worker-{name}", 200) for name in hosts)

                wait_for("both Celery workers", workers_ready, timeout=90)

            officer = Browser(verify=str(certificate))
            staff = Browser(verify=str(certificate))

            with timed("1. log in on A, continue on B"):
                officer.login(a, *OFFICER)
                me_b = officer.get(f"{b}/me/")
                check(
                    me_b.status == 200 and me_b.path == "/me/" and OFFICER[0] in me_b.text,
                    f"the officer logged in on A is not logged in on B: {me_b.url} ({me_b.status})",
                )
                check(
                    me_b.headers.get("Content-Encoding") in {"br", "gzip"},
                    f"B's proxy did not compress the page: {me_b.headers.get('Content-Encoding')}",
                )
                summary.append(
                    f"1. logged in on A (password + code), /me/ on B: 200, "
                    f"{me_b.headers.get('Content-Encoding')}-compressed by B's proxy"
                )

            with timed("2. data export requested on A, built by a worker, served by B"):
                me_a = officer.get(f"{a}/me/")
                asked = officer.submit(me_a, me_a.form("/me/export/"))
                check(asked.status == 200, f"asking for the export answered {asked.status}")

                def download_link():
                    links = officer.get(f"{b}/me/").links(r"^/me/export/\d+/$")
                    return links[0] if links else None

                link = wait_for("the export's download link on B", download_link)
                check(link.startswith(b), f"the link does not stay on B: {link}")
                export = officer.raw(link)
                check(export.status_code == 200, f"B answered {export.status_code} for the export")
                check(
                    OFFICER[0].encode() in export.content,
                    "the export served by B does not hold the officer's data",
                )
                check(
                    "no-store" in export.headers.get("Cache-Control", ""),
                    f"the export may be cached: {export.headers.get('Cache-Control')}",
                )
                keys = [
                    entry["Key"]
                    for entry in client.list_objects_v2(Bucket=s3["S3_BUCKET"]).get("Contents", [])
                ]
                check(
                    any(key.startswith("private/exports/") for key in keys),
                    f"no export in the bucket: {keys}",
                )
                summary.append(
                    f"2. export asked on A, built by a worker into the bucket, downloaded from B "
                    f"({len(export.content)} bytes, via B's proxy)"
                )

            with timed("3. video uploaded through A's admin, played from B with a Range"):
                staff.login(a, *STAFF)
                with psycopg.connect(database_url) as connection:
                    row = connection.execute(
                        "SELECT id, slug FROM learning_resource WHERE kind = 'video' "
                        "AND is_published ORDER BY id LIMIT 1"
                    ).fetchone()
                check(row is not None, "the demo data has no published video resource")
                resource_id, slug = row
                change = staff.get(f"{a}/admin/learning/resource/{resource_id}/change/")
                check(change.status == 200, f"the resource's admin page answered {change.status}")
                video = b"\x00\x00\x00\x18ftypmp42" + secrets.token_bytes(300_000)
                form = change.form(
                    f"/admin/learning/resource/{resource_id}/change/", having="video"
                )
                saved = staff.submit(
                    change, form, files={"video": ("rehearsal.mp4", video, "video/mp4")},
                    button="_continue",
                )  # fmt: skip
                check(
                    saved.status == 200 and "errornote" not in saved.text,
                    f"the admin did not save the video: {saved.url} ({saved.status})\n"
                    + "\n".join(re.findall(r'<ul class="errorlist[^"]*">.*?</ul>', saved.text)[:5]),
                )
                page = officer.get(f"{b}/learn/resources/{slug}/")
                sources = re.findall(r'<source src="([^"]+)"', page.text)
                check(page.status == 200 and sources, f"no video on B's page ({page.status})")
                played = officer.raw(f"{b}{sources[0]}", headers={"Range": "bytes=1000-65535"})
                check(played.status_code == 206, f"B answered {played.status_code} to the Range")
                check(played.content == video[1000:65536], "B played other bytes than uploaded")
                check(
                    played.headers.get("Content-Range") == f"bytes 1000-65535/{len(video)}",
                    f"Content-Range: {played.headers.get('Content-Range')}",
                )
                summary.append(
                    f"3. {len(video)}-byte video uploaded through A's admin, bytes 1000-65535 "
                    "played from B: 206, identical"
                )

            with timed("4. a tool removed through A, two workers, one email per recipient"):
                with psycopg.connect(database_url) as connection:
                    row = connection.execute(
                        "SELECT t.id, t.name FROM tools_catalog_tool t "
                        "JOIN tools_catalog_savedtool s ON s.tool_id = t.id "
                        "WHERE t.status = 'published' GROUP BY t.id, t.name "
                        "ORDER BY count(*) DESC, t.id LIMIT 1"
                    ).fetchone()
                    if row is None:
                        row = connection.execute(
                            "SELECT id, name FROM tools_catalog_tool WHERE status = 'published' "
                            "ORDER BY id LIMIT 1"
                        ).fetchone()
                tool_id, tool_name = row
                # The officer saves it first through B, so at least one officer must be told.
                with psycopg.connect(database_url) as connection:
                    (tool_slug,) = connection.execute(
                        "SELECT slug FROM tools_catalog_tool WHERE id = %s", (tool_id,)
                    ).fetchone()
                # Both demo officers follow it (saved through B), so at least two must be told.
                second = Browser(verify=str(certificate))
                second.login(b, *SECOND_OFFICER)
                for browser, (address, _password) in ((officer, OFFICER), (second, SECOND_OFFICER)):
                    with psycopg.connect(database_url) as connection:
                        (already_saved,) = connection.execute(
                            "SELECT count(*) FROM tools_catalog_savedtool s JOIN hub_user u "
                            "ON u.id = s.user_id WHERE s.tool_id = %s AND lower(u.email) = %s",
                            (tool_id, address),
                        ).fetchone()
                    if not already_saved:
                        tool_page = browser.get(f"{b}/tools/{tool_slug}/")
                        browser.submit(tool_page, tool_page.form(f"/tools/{tool_slug}/save/"))

                def nothing_in_flight() -> bool:
                    # Earlier emails (the new authenticator's) are out before the removal starts.
                    with psycopg.connect(database_url) as connection:
                        (waiting,) = connection.execute(
                            "SELECT count(*) FROM hub_outboxemail WHERE state IN ('pending', 'sending')"
                        ).fetchone()
                    return waiting == 0

                wait_for("the emails sent before the removal", nothing_in_flight)
                time.sleep(2)
                with psycopg.connect(database_url) as connection:
                    (saved_now,) = connection.execute(
                        "SELECT count(*) FROM tools_catalog_savedtool WHERE tool_id = %s",
                        (tool_id,),
                    ).fetchone()
                    before_removal = connection.execute("SELECT now()").fetchone()[0]
                already_received = len(sink.envelopes)
                check(saved_now >= 2, "the officers could not save the tool on B")
                changelist = staff.get(f"{a}/admin/tools_catalog/tool/")
                ask = staff.submit(
                    changelist,
                    changelist.form("/admin/tools_catalog/tool/", having="action"),
                    {"action": "remove", "_selected_action": str(tool_id), "index": "0"},
                )
                confirm = ask.form(having="reason")
                done = staff.submit(
                    ask, confirm,
                    {"confirm": "yes", "reason": "Rehearsal: staff decision.",
                     "summary": "Removed in the multi-host rehearsal.", "guidance": ""},
                )  # fmt: skip
                check(done.status == 200, f"the removal answered {done.status} at {done.url}")
                with psycopg.connect(database_url) as connection:
                    status = connection.execute(
                        "SELECT status FROM tools_catalog_tool WHERE id = %s", (tool_id,)
                    ).fetchone()[0]
                check(status == "removed", f"the tool is {status!r} after the removal")

                def outbox_rows():
                    with psycopg.connect(database_url) as connection:
                        return connection.execute(
                            'SELECT lower("to"), subject, state FROM hub_outboxemail '
                            "WHERE created_at >= %s",
                            (before_removal,),
                        ).fetchall()

                expected = wait_for("the removal's emails in the outbox", outbox_rows)

                previous: list = []

                def all_sent():
                    # Sent, and no new row for a moment: the fan-out task has finished too.
                    rows = sorted(outbox_rows())
                    settled = rows == previous[-1] if previous else False
                    previous.append(rows)
                    done = all(state == "sent" for _to, _subject, state in rows)
                    return rows if done and settled else None

                expected = wait_for("every removal email marked sent", all_sent, interval=2)
                wanted = Counter(to for to, _subject, _state in expected)
                time.sleep(2)  # a duplicate would arrive right behind its twin
                received = Counter(to for to, _subject in delivered(sink, since=already_received))
                duplicates = {to: count for to, count in received.items() if count > 1}
                missing = sorted(set(wanted) - set(received))
                unexpected = sorted(set(received) - set(wanted))
                check(len(wanted) >= 2, f"the removal was to tell at least two people: {wanted}")
                check(not duplicates, f"emails received more than once: {duplicates}")
                check(not missing, f"emails never received: {missing}")
                check(not unexpected, f"emails nobody was meant to get: {unexpected}")
                check(
                    max(wanted.values()) == 1,
                    f"a recipient was sent two emails about one removal: {wanted}",
                )
                senders = {
                    name
                    for name in hosts
                    if "outbox" in processes.tail(f"worker-{name}", 2000).lower()
                    or "succeeded" in processes.tail(f"worker-{name}", 2000)
                }
                summary.append(
                    f"4. {tool_name!r} removed through A's admin: {len(wanted)} emails, each "
                    f"received exactly once (workers that ran tasks: {', '.join(sorted(senders))})"
                )

            with timed("5. a draft tool published through A, counted on B at once"):
                with psycopg.connect(database_url) as connection:
                    row = connection.execute(
                        "SELECT id, name FROM tools_catalog_tool WHERE status IN "
                        "('draft', 'in_review') ORDER BY id LIMIT 1"
                    ).fetchone()
                check(row is not None, "the demo data has no draft tool to publish")
                draft_id, draft_name = row
                before = facet_counts(officer.get(f"{b}/tools/"))
                check(("", "") in before and len(before) > 1, "no counts on B's catalogue")
                changelist = staff.get(f"{a}/admin/tools_catalog/tool/")
                published = staff.submit(
                    changelist,
                    changelist.form("/admin/tools_catalog/tool/", having="action"),
                    {"action": "publish", "_selected_action": str(draft_id), "index": "0"},
                )
                check(published.status == 200, f"publishing answered {published.status}")
                catalogue = officer.get(f"{b}/tools/")
                after = facet_counts(catalogue)
                changes = {key: after.get(key, 0) - before.get(key, 0) for key in before | after}
                grown = sorted(key for key, delta in changes.items() if delta)
                check(
                    changes[("", "")] == 1,
                    f"B's catalogue found {changes[('', '')]:+d} tools after publishing one",
                )
                check(
                    all(changes[key] == 1 for key in grown),
                    f"B's facet counts changed by other than one: "
                    f"{ {key: changes[key] for key in grown} }",
                )
                summary.append(
                    f"5. {draft_name!r} published through A: on B's next request the catalogue "
                    f"found one tool more and {len(grown) - 1} facet counts went up by one"
                )
    except RehearsalFailed as failure:
        print(f"\nMULTI-HOST REHEARSAL FAILED: {failure}", file=sys.stderr)
        for name, _process in processes.running:
            print(f"\n--- last lines of {name} ---\n{processes.tail(name, 15)}", file=sys.stderr)
        return 1
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name))
            )
        queue.flushdb()
        if args.keep:
            print(f"Folders and logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("\nMulti-host rehearsal passed:")
    for line in summary:
        print(f"  {line}")
    print("Timings:")
    for step, seconds in timings.items():
        print(f"  {seconds:7.1f} s  {step}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
