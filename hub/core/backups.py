"""Backups of a hub: its database and its members-only files, and putting both back.

A backup is a folder:

``database.dump``
    PostgreSQL: ``pg_dump --format=custom`` (compressed, restored with ``pg_restore``).
``database.sqlite3``
    SQLite (a bare machine): a consistent copy made with SQLite's own backup API.
``private-files.tar``
    Every file of the ``"private"`` storage (data exports, learning videos and captions), read
    through the storage API, so the same command backs up a folder on disk or an S3 bucket.
``manifest.json``
    When it was made, by which database engine, the files' names and sizes, the applied migrations.

Restoring puts the database back into an EMPTY database (a restore never mixes two hubs' rows) and
writes the files back through the storage API; then ``manage.py release`` brings an older backup up
to the code's migrations.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

PRIVATE_ALIAS = "private"
DATABASE_DUMP = "database.dump"
DATABASE_SQLITE = "database.sqlite3"
FILES_ARCHIVE = "private-files.tar"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    engine: str
    files: int
    file_bytes: int
    database_bytes: int


# The database ------------------------------------------------------------------------------------


def _postgres_env(settings_dict: dict) -> dict[str, str]:
    """libpq's variables: the password never appears in a command line (``ps`` shows those)."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def _run(argv: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{argv[0]} is not installed: install the PostgreSQL client (postgresql-client) of "
            "the server's major version."
        ) from error
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()}")


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {vendor}.")
    return vendor


def database_dump(folder: Path, alias: str = DEFAULT_DB_ALIAS) -> Path:
    connection = connections[alias]
    if _engine(alias) == "postgresql":
        target = folder / DATABASE_DUMP
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            _postgres_env(connection.settings_dict),
        )
        return target
    target = folder / DATABASE_SQLITE
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
    return target


def _table_names(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def database_restore(folder: Path, alias: str = DEFAULT_DB_ALIAS) -> None:
    connection = connections[alias]
    engine = _engine(alias)
    if _table_names(alias):
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty: restore into a new, "
            "empty database, then point DATABASE_URL at it."
        )
    if engine == "postgresql":
        dump = folder / DATABASE_DUMP
        if not dump.is_file():
            raise BackupError(f"{dump} is missing: this backup is not of a PostgreSQL database.")
        connection.close()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(dump)],
            _postgres_env(connection.settings_dict),
        )  # fmt: skip
        return
    copy = folder / DATABASE_SQLITE
    if not copy.is_file():
        raise BackupError(f"{copy} is missing: this backup is not of a SQLite database.")
    connection.ensure_connection()
    with closing(sqlite3.connect(copy)) as source:
        source.backup(connection.connection)


# The files ---------------------------------------------------------------------------------------


def storage_walk(storage: Storage, folder: str = "") -> list[str]:
    """Every file's name in the storage, folders first-to-last in a stable order."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [f"{prefix}{name}" for name in sorted(files)]
    for directory in sorted(directories):
        names += storage_walk(storage, f"{prefix}{directory}")
    return names


def files_archive(folder: Path, storage: Storage | None = None) -> list[tuple[str, int]]:
    storage = storage or storages[PRIVATE_ALIAS]
    saved = []
    with tarfile.open(folder / FILES_ARCHIVE, "w") as archive:
        for name in storage_walk(storage):
            size = storage.size(name)
            info = tarfile.TarInfo(name)
            info.size = size
            info.mtime = int(storage.get_modified_time(name).timestamp())
            info.mode = 0o600
            with storage.open(name, "rb") as source:
                archive.addfile(info, source)
            saved.append((name, size))
    return saved


def files_restore(folder: Path, storage: Storage | None = None) -> int:
    storage = storage or storages[PRIVATE_ALIAS]
    restored = 0
    with tarfile.open(folder / FILES_ARCHIVE, "r") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = member.name
            if name.startswith("/") or ".." in Path(name).parts:
                raise BackupError(f"The archive names a file outside the storage: {name!r}")
            source = archive.extractfile(member)
            if storage.exists(name):
                storage.delete(name)
            written = storage.save(name, File(source, name=name))
            if written != name:
                raise BackupError(f"{name} was written back as {written}")
            restored += 1
    return restored


# The whole backup --------------------------------------------------------------------------------


def backup_create(*, folder: Path, alias: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: name a new folder for each backup.")
    try:
        engine = _engine(alias)
        dump = database_dump(folder, alias)
        files = files_archive(folder)
        migrations = sorted(
            f"{app}.{name}"
            for app, name in MigrationRecorder(connections[alias])
            .migration_qs.values_list("app", "name")
            .iterator()
        )
        manifest = {
            "created": timezone.now().isoformat(),
            "engine": engine,
            "database": dump.name,
            "files": [{"name": name, "size": size} for name, size in files],
            "migrations": migrations,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return BackupSummary(
        folder=folder,
        engine=engine,
        files=len(files),
        file_bytes=sum(size for _name, size in files),
        database_bytes=dump.stat().st_size,
    )


def backup_restore(*, folder: Path, alias: str = DEFAULT_DB_ALIAS) -> tuple[dict, int]:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{manifest_path} is missing: {folder} is not a backup of the hub.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest["engine"] != _engine(alias):
        raise BackupError(
            f"This backup is of a {manifest['engine']} database; DATABASE_URL names "
            f"{connections[alias].vendor}."
        )
    database_restore(folder, alias)
    restored = files_restore(folder)
    if restored != len(manifest["files"]):
        raise BackupError(
            f"{restored} files restored, but the backup lists {len(manifest['files'])}."
        )
    return manifest, restored
