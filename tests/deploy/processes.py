"""The hub's commands as an operator runs them: their own process, production settings, and a
database of their own that the test creates empty (SQLite file, or a new PostgreSQL database on the
server the suite runs on) and drops afterwards."""

import os
import secrets
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]


def _server() -> dict | None:
    database = settings.DATABASES["default"]
    return database if database["ENGINE"].endswith("postgresql") else None


def _postgres_url(database: dict, name: str) -> str:
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{database['HOST'] or 'localhost'}{port}/{name}"


@contextmanager
def empty_database(tmp_path: Path, label: str) -> Iterator[str]:
    """The URL of an empty database, of the kind the suite runs on; dropped afterwards."""
    server = _server()
    if server is None:
        yield f"sqlite:///{tmp_path / f'{label}.sqlite3'}"
        return
    name = f"{server['NAME']}_{label}_{uuid.uuid4().hex[:8]}"[:63]
    admin = _postgres_url(server, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _postgres_url(server, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def current_database_url(tmp_path: Path) -> str:
    """The test database as a process can open it: PostgreSQL's test database, or for SQLite's
    in-memory one, a file copy of it (which a process can read, not write back)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return _postgres_url(connection.settings_dict, connection.settings_dict["NAME"])
    if not connection.is_in_memory_db():
        return f"sqlite:///{connection.settings_dict['NAME']}"
    copy = tmp_path / "test-database.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(copy)) as target:
        connection.connection.backup(target)
    return f"sqlite:///{copy}"


def table_names(database_url: str) -> set[str]:
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        if not Path(path).exists():
            return set()
        with closing(sqlite3.connect(path)) as connection:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return {name for (name,) in rows}
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        return {name for (name,) in rows}


def row_counts(database_url: str) -> dict[str, int]:
    """Rows in every table of the database, read with plain SQL (no code of the hub involved)."""
    counts = {}
    tables = sorted(table_names(database_url) - {"sqlite_sequence"})
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as connection:
            for table in tables:
                (counts[table],) = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()  # noqa: S608
        return counts
    with psycopg.connect(database_url) as connection:
        for table in tables:
            query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            (counts[table],) = connection.execute(query).fetchone()
    return counts


def production_env(database_url: str, var_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of a production host: nothing from the test run's own settings."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(
            ("SECRET_KEY", "DJANGO_", "HUB_", "DATABASE_URL", "ALLOWED_HOSTS", "REDIS_URL", "S3_")
        )
        and not name.startswith(("AWS_", "PRIVATE_MEDIA_"))
        and name not in {"EMAIL_HOST", "STATIC_ROOT", "MEDIA_ROOT"}
    }
    return kept | {
        "HUB_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "hub.example.org",
        "DATABASE_URL": database_url,
        "HUB_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(var_dir / "static"),
        "MEDIA_ROOT": str(var_dir / "media"),
        "HUB_ALLOW_NO_REDIS": "true",
        "HUB_ALLOW_FILE_EMAIL": "true",
        **variables,
    }


def manage(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
