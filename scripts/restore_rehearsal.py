"""Restore rehearsal: a backup of a running hub comes back into an empty database and serves.

    uv run python scripts/restore_rehearsal.py [--database-url postgres://postgres@127.0.0.1:5432/]

1. A PostgreSQL database is filled as a running hub holds it: migrations and the demo data (its
   members-only files too, under a folder of its own).
2. ``manage.py backup`` writes the database (pg_dump) and the private files into a backup folder.
3. A NEW, EMPTY database and an empty folder receive it: ``manage.py restore``, then the release
   step, as the README tells an operator.
4. Every table has the same number of rows as the original; every file is back.
5. gunicorn serves the restored database on a free port: /healthz answers, and a demo officer logs
   in with password and authenticator code and reads her own page and the catalogue.

Exit status 0 when all holds; otherwise what failed is printed and the status is 1.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hubclient import Browser  # noqa: E402 (the scripts folder is not a package)

ROOT = Path(__file__).resolve().parents[1]
OFFICER = ("amina.diallo@police-senegal.example", "Demo-officer-2026!")


class RehearsalFailed(Exception):
    pass


def database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(*args: str, env: dict[str, str]) -> str:
    print("+ manage.py", " ".join(args), flush=True)
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RehearsalFailed(
            f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


def row_counts(url: str) -> dict[str, int]:
    counts = {}
    with psycopg.connect(url) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            (counts[table],) = connection.execute(query).fetchone()
    return counts


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def serve_and_visit(env: dict[str, str], work: Path) -> list[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (work / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    seen = []
    try:
        browser = Browser()
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RehearsalFailed(f"gunicorn stopped:\n{(work / 'gunicorn.log').read_text()}")
            try:
                health = browser.raw(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RehearsalFailed("gunicorn did not answer within 60 s") from None
                time.sleep(0.3)
        if health.status_code != 200:
            raise RehearsalFailed(f"/healthz answered {health.status_code}")
        seen.append("/healthz 200")
        browser.login(base, *OFFICER)
        seen.append("login with password and authenticator code")
        me = browser.get(f"{base}/me/")
        if me.status != 200 or me.path != "/me/" or OFFICER[0] not in me.text:
            raise RehearsalFailed(f"/me/ answered {me.status} at {me.url}")
        seen.append("/me/ 200, her own address shown")
        tools = browser.get(f"{base}/tools/")
        if tools.status != 200 or tools.path != "/tools/" or 'href="/tools/' not in tools.text:
            raise RehearsalFailed(f"/tools/ answered {tools.status} at {tools.url}")
        seen.append("/tools/ 200 with tools listed")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("REHEARSAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="a PostgreSQL server on which the rehearsal's databases may be created and dropped",
    )
    args = parser.parse_args()
    admin_url = database(args.database_url, "postgres")
    names = {"source": "hub_restore_rehearsal_source", "target": "hub_restore_rehearsal_target"}
    urls = {role: database(args.database_url, name) for role, name in names.items()}
    with psycopg.connect(admin_url, autocommit=True) as connection:
        for name in names.values():
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    work = Path(tempfile.mkdtemp(prefix="hub-restore-"))
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HUB_", "S3_", "AWS_", "PRIVATE_MEDIA_", "DJANGO_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "SECRET_KEY", "MEDIA_ROOT",
                        "STATIC_ROOT", "VIRTUAL_ENV"}
    }  # fmt: skip
    timings = {}
    try:
        started = time.monotonic()
        source_env = base_env | {
            "DATABASE_URL": urls["source"],
            "HUB_VAR_DIR": str(work / "source"),
        }
        manage("migrate", "--noinput", env=source_env)
        manage("seed_demo", env=source_env)
        timings["seed"] = time.monotonic() - started

        started = time.monotonic()
        backup = work / "backup"
        manage("backup", "--output", str(backup), env=source_env)
        timings["backup"] = time.monotonic() - started
        sizes = {path.name: path.stat().st_size for path in backup.iterdir()}

        started = time.monotonic()
        target_env = base_env | {
            "DATABASE_URL": urls["target"],
            "HUB_VAR_DIR": str(work / "target"),
            "STATIC_ROOT": str(work / "static"),
        }
        manage("restore", str(backup), env=target_env)
        manage("release", env=target_env)
        timings["restore"] = time.monotonic() - started

        before, after = row_counts(urls["source"]), row_counts(urls["target"])
        differences = [
            f"{table}: {before.get(table)} rows before, {after.get(table)} after"
            for table in sorted(set(before) | set(after))
            if before.get(table) != after.get(table)
        ]
        if differences:
            raise RehearsalFailed("rows differ after the restore:\n  " + "\n  ".join(differences))
        source_files = files_under(work / "source" / "media" / "private")
        target_files = files_under(work / "target" / "media" / "private")
        if source_files != target_files:
            raise RehearsalFailed(
                f"files differ: {sorted(source_files)} before, {sorted(target_files)} after"
            )

        started = time.monotonic()
        seen = serve_and_visit(target_env, work)
        timings["serve"] = time.monotonic() - started
    except RehearsalFailed as failure:
        print(f"\nRESTORE REHEARSAL FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with psycopg.connect(admin_url, autocommit=True) as connection:
            for name in names.values():
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
    print("\nRestore rehearsal passed:")
    print(f"  {len(before)} tables, {sum(before.values())} rows restored, all counts equal")
    print(f"  {len(source_files)} private files restored byte for byte")
    print("  backup: " + ", ".join(f"{name} {size} bytes" for name, size in sorted(sizes.items())))
    for step in seen:
        print(f"  served: {step}")
    print("  timings: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
