"""Backups as an operator takes and restores them: `manage.py backup` and `manage.py restore` in
their own processes with production settings. The hub's rows and its members-only files (on disk,
or in a bucket of a real S3-protocol server) go into a backup folder and come back into an EMPTY
database and an empty storage, row for row and byte for byte."""

import json
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from hub.core.backups import storage_walk
from tests.deploy.processes import (
    current_database_url,
    empty_database,
    manage,
    production_env,
    row_counts,
)
from tests.factories import make_officer, make_organisation, make_provider, make_staff, make_tool
from tests.s3 import S3Bucket

FILES = {
    "exports/officer-7/export-2026-12-07.zip": b"PK\x03\x04" + bytes(range(256)) * 40,
    "learning/videos/responsible-ai.mp4": bytes(reversed(range(256))) * 300,
    "learning/captions/responsible-ai.fr.vtt": b"WEBVTT\n\n00:00.000 --> 00:02.000\nIA responsable\n",
}


@pytest.fixture(params=["disk", "s3"])
def storage_kind(request):
    return request.param


@pytest.fixture
def source_storage(storage_kind, request, settings, tmp_path) -> dict[str, str]:
    """The variables of the hub being backed up, with its private storage filled in."""
    if storage_kind == "disk":
        settings.MEDIA_ROOT = tmp_path / "source" / "media"
        env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    else:
        env = request.getfixturevalue("s3_bucket").env
    storage = storages["private"]
    for name, content in FILES.items():
        assert storage.save(name, ContentFile(content)) == name
    return env


@pytest.fixture
def target_storage(storage_kind, request, tmp_path):
    """Where the restore puts the files: a new folder or a new, empty bucket; and how to read it."""
    if storage_kind == "disk":
        root = tmp_path / "target" / "media" / "private"

        def read(name: str) -> bytes:
            return (root / name).read_bytes()

        return {"MEDIA_ROOT": str(root.parent)}, read
    endpoint = request.getfixturevalue("s3_server")
    bucket = S3Bucket(endpoint=endpoint, name=f"hub-restore-{uuid.uuid4().hex[:8]}")
    bucket.client.create_bucket(Bucket=bucket.name)
    assert bucket.keys() == []

    def read(name: str) -> bytes:
        return bucket.read(f"private/{name}")

    return bucket.env, read


@pytest.fixture
def hub_with_members(transactional_db):
    organisation = make_organisation()
    make_provider(organisation=organisation)
    for _ in range(3):
        make_officer()
    make_staff()
    make_tool(provider=organisation, purposes=("triage",), media=("video",))


def test_backup_then_restore_into_an_empty_database_and_storage(
    hub_with_members, source_storage, target_storage, tmp_path
):
    source_url = current_database_url(tmp_path)
    backup_folder = tmp_path / "backup"

    backup = manage(
        "backup", "--output", str(backup_folder),
        env=production_env(source_url, tmp_path / "var-a", **source_storage),
    )  # fmt: skip

    assert backup.returncode == 0, backup.stdout + backup.stderr
    manifest = json.loads((backup_folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(FILES)
    assert "hub.0001_initial" in manifest["migrations"]
    source_rows = row_counts(source_url)
    assert source_rows["hub_user"] >= 5

    target_env, read_restored = target_storage
    with empty_database(tmp_path, "restored") as target_url:
        env = production_env(target_url, tmp_path / "var-b", **target_env)

        restore = manage("restore", str(backup_folder), env=env)

        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert row_counts(target_url) == source_rows
        for name, content in FILES.items():
            assert read_restored(name) == content, name
        # The restored hub is this release's: nothing left to migrate.
        assert manage("migrate", "--check", env=env).returncode == 0

        # A second restore would mix two hubs' rows: refused, and nothing changes.
        again = manage("restore", str(backup_folder), env=env)

        assert again.returncode != 0
        assert "is not empty" in again.stderr
        assert row_counts(target_url) == source_rows


def test_backup_refuses_a_folder_that_holds_something(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "earlier.dump").write_bytes(b"an earlier backup")
    env = production_env(current_database_url(tmp_path), tmp_path / "var")

    result = manage("backup", "--output", str(folder), env=env)

    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["earlier.dump"]


def test_the_storage_walk_finds_every_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    storage = storages["private"]
    for name, content in FILES.items():
        storage.save(name, ContentFile(content))

    assert storage_walk(storage) == sorted(FILES)
