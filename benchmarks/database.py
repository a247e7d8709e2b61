"""Which database the benchmark fills: never the hub's own.

Runs before Django is set up: it only reads the environment and, for PostgreSQL, talks to the
server with psycopg to create (or drop and re-create) the ``<name>_bench`` database. It then points
``DATABASE_URL`` at the bench database, so that ``config.settings`` reads it like any other.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_SUFFIX = "_bench"


@dataclass(frozen=True)
class BenchDatabase:
    vendor: str  # "postgresql" or "sqlite"
    name: str  # database name, or the SQLite file
    url: str
    existed: bool  # kept from an earlier run (--reuse)


def var_dir() -> Path:
    """The hub's var/ directory, read as config.settings reads it (HUB_VAR_DIR)."""
    file_name = os.environ.get("HUB_VAR_DIR_FILE")
    if file_name:
        return Path(Path(file_name).read_text(encoding="utf-8").strip())
    return Path(os.environ.get("HUB_VAR_DIR") or BASE_DIR / "var")


def bench_dir() -> Path:
    path = var_dir() / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _database_url() -> str | None:
    file_name = os.environ.get("DATABASE_URL_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip() or None
    return os.environ.get("DATABASE_URL") or None


def configure(*, reuse: bool) -> BenchDatabase:
    """Prepare the bench database and point DATABASE_URL at it. Call before ``django.setup()``."""
    url = _database_url()
    if url and urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}:
        database = _postgresql(url, reuse=reuse)
    elif url and not url.startswith("sqlite"):
        raise SystemExit(f"The benchmark runs on PostgreSQL or SQLite, not {urlsplit(url).scheme}.")
    else:
        database = _sqlite(reuse=reuse)
    os.environ.pop("DATABASE_URL_FILE", None)
    os.environ["DATABASE_URL"] = database.url
    return database


def _sqlite(*, reuse: bool) -> BenchDatabase:
    path = bench_dir() / "bench.sqlite3"
    existed = path.exists()
    if existed and not reuse:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        existed = False
    return BenchDatabase("sqlite", str(path), f"sqlite:///{path}", existed)


def _postgresql(url: str, *, reuse: bool) -> BenchDatabase:
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    bench_name = name if name.endswith(BENCH_SUFFIX) else f"{name}{BENCH_SUFFIX}"
    assert bench_name.endswith(BENCH_SUFFIX)  # the only database this module ever drops
    connect = {
        "dbname": "postgres",
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in connect.items() if v}, autocommit=True) as conn:
        existed = (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [bench_name]).fetchone()
            is not None
        )
        if existed and not reuse:
            conn.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(bench_name))
            )
            existed = False
        if not existed:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(bench_name)))
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=f"/{bench_name}"))
    return BenchDatabase("postgresql", bench_name, bench_url, existed)
