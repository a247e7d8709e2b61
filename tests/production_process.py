"""Run ``manage.py`` as a deployment would: its own process, HUB_ENV=production, the test database.

On PostgreSQL the process connects to the test database itself. SQLite's test database lives in this
process's memory, so the process works on a file copy of it that is copied back when it ends. Either
way the test then reads with the ORM what the command wrote. Needs ``transactional_db``: the process
must see the test's rows, and the test must see the process's.
"""

import os
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def _postgres_url() -> str:
    database = connection.settings_dict
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}{password}@{database['HOST'] or 'localhost'}{port}/{database['NAME']}"


def manage_in_production(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """``manage.py *args`` with production settings on the test database."""
    copy = None
    if connection.vendor == "postgresql":
        database_url = _postgres_url()
    elif connection.is_in_memory_db():
        copy = tmp_path / "test-database.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(copy)) as target:
            connection.connection.backup(target)
        database_url = f"sqlite:///{copy}"
    else:
        database_url = f"sqlite:///{connection.settings_dict['NAME']}"

    # Nothing from the test run's own environment that production would not have.
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SECRET_KEY", "DJANGO_", "HUB_", "DATABASE_URL", "ALLOWED_HOSTS"))
    }
    env = kept | {
        "HUB_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "hub.example.org",
        "DATABASE_URL": database_url,
        "HUB_VAR_DIR": str(tmp_path / "var"),
        # The deployment's queue and mail server are not what these commands are about.
        "HUB_ALLOW_NO_REDIS": "true",
        "HUB_ALLOW_FILE_EMAIL": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if copy is not None:
        with closing(sqlite3.connect(copy)) as source:
            source.backup(connection.connection)
    return result
