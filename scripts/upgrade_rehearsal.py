"""Upgrade rehearsal: a database made by the previous release migrates to this code with no data lost.

    uv run python scripts/upgrade_rehearsal.py [--from REF] [--database-url postgres://...]

1. The previous release (``.ci/previous-release``, or ``--from``) is checked out into a temporary
   git worktree with its own virtual environment; it migrates an empty PostgreSQL database and loads
   its demo data, as a running deployment would hold.
2. A checksum of every row of every table, over the columns the old schema has, is read with plain
   SQL (no code of either release involved).
3. This checkout migrates the same database and the checksums are read again over the same
   columns: every old row must still be there, unchanged. Rows may be added (new permissions,
   content types, migration records); a table or column the new code dropped fails the check.
   Full-text search documents (``tsvector`` columns) are left out of the checksum: they are
   derived from the row's own text, and a release may rebuild them (new languages, new tokens).
4. This release's ``load_reference_data`` then runs on the upgraded database and the hub's checks
   pass.

Exit status 0 when all holds; otherwise the differences are printed and the status is 1.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]


def run(argv: list[str], *, cwd: Path, env: dict[str, str], check: bool = True) -> None:
    print("+", " ".join(argv), f"(in {cwd})", flush=True)
    subprocess.run(argv, cwd=cwd, env=env, check=check)


def snapshot(url: str) -> dict[str, tuple[list[str], Counter]]:
    """Each table: its columns and the md5 of each of its rows (as text), counted."""
    tables = {}
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT table_name, array_agg(column_name::text ORDER BY column_name) "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type <> 'tsvector' GROUP BY table_name"
        ).fetchall()
        for table, columns in rows:
            tables[table] = (columns, _rows(connection, table, columns))
    return tables


def _rows(connection, table: str, columns: list[str]) -> Counter:
    row = sql.SQL("ROW({})::text").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
    query = sql.SQL("SELECT md5({}) FROM {}").format(row, sql.Identifier(table))
    return Counter(digest for (digest,) in connection.execute(query))


def compare(before: dict, url: str) -> tuple[list[str], int]:
    """What the upgrade lost or changed, table by table, and how many rows it added (new
    permissions and content types, for example: adding is allowed, losing is not)."""
    problems, added = [], 0
    with psycopg.connect(url) as connection:
        present = {
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        }
        for table, (columns, rows) in sorted(before.items()):
            if table not in present:
                problems.append(f"{table}: the table is gone ({rows.total()} rows)")
                continue
            try:
                after = _rows(connection, table, columns)
            except psycopg.errors.UndefinedColumn as error:
                connection.rollback()
                problems.append(f"{table}: a column is gone ({error.diag.message_primary})")
                continue
            lost = (rows - after).total()
            if lost:
                problems.append(f"{table}: {lost} of {rows.total()} rows lost or changed")
            added += (after - rows).total()
    return problems, added


def database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_ref = (ROOT / ".ci" / "previous-release").read_text().split()[0]
    parser.add_argument("--from", dest="ref", default=default_ref)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("UPGRADE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        help="a PostgreSQL server on which the rehearsal database may be created and dropped",
    )
    args = parser.parse_args()
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{args.ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if known.returncode != 0:
        print(f"The previous release {args.ref} is not in this clone's history: fetch it first.")
        return 1
    admin_url = database(args.database_url, "postgres")
    name = "hub_upgrade_rehearsal"
    url = database(args.database_url, name)
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    work = Path(tempfile.mkdtemp(prefix="hub-upgrade-"))
    old = work / "previous"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "REDIS_URL", "HUB_ENV", "SECRET_KEY"}
    }
    env |= {"DATABASE_URL": url, "UV_PYTHON_DOWNLOADS": "never"}
    try:
        run(["git", "worktree", "add", "--detach", str(old), args.ref], cwd=ROOT, env=env)
        old_env = env | {"HUB_VAR_DIR": str(work / "var-previous")}
        run(["uv", "sync", "--frozen", "--quiet"], cwd=old, env=old_env)
        run(
            ["uv", "run", "--frozen", "python", "manage.py", "migrate", "--noinput"],
            cwd=old,
            env=old_env,
        )
        run(["uv", "run", "--frozen", "python", "manage.py", "seed_demo"], cwd=old, env=old_env)
        before = snapshot(url)
        rows = sum(counted.total() for _columns, counted in before.values())
        print(f"previous release {args.ref}: {len(before)} tables, {rows} rows", flush=True)

        new_env = env | {"HUB_VAR_DIR": str(work / "var-new")}
        manage = ["uv", "run", "--frozen", "python", "manage.py"]
        run([*manage, "migrate", "--noinput"], cwd=ROOT, env=new_env)
        problems, added = compare(before, url)
        run([*manage, "load_reference_data"], cwd=ROOT, env=new_env)
        run([*manage, "check"], cwd=ROOT, env=new_env)
    finally:
        run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, env=env, check=False)
        shutil.rmtree(work, ignore_errors=True)
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    if problems:
        print("The upgrade lost or changed data:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"Upgrade from {args.ref}: all {rows} rows of {len(before)} tables kept ({added} added).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
