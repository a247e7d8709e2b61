"""The release step, as the compose `release` service and an operator run it: `manage.py release`
in its own process with production settings, on an empty database of its own."""

import re

import pytest

from tests.deploy.processes import empty_database, manage, production_env, row_counts, table_names

TALLY = re.compile(r"^\s+(?P<label>.+): (?P<created>\d+) created, (?P<updated>\d+) updated", re.M)


@pytest.fixture
def database_url(tmp_path):
    with empty_database(tmp_path, "release") as url:
        yield url


def test_release_prepares_an_empty_database_and_a_second_run_changes_nothing(
    database_url, tmp_path
):
    env = production_env(database_url, tmp_path / "var")

    first = manage("release", env=env)

    assert first.returncode == 0, first.stdout + first.stderr
    assert "The release is in place." in first.stdout
    # Every migration applied: `migrate --check` exits 0 only when none is left.
    assert manage("migrate", "--check", env=env).returncode == 0
    # The reference data is there: every kind of it was created.
    tallies = {m["label"]: int(m["created"]) for m in TALLY.finditer(first.stdout)}
    assert tallies and all(created > 0 for created in tallies.values()), tallies
    # Static files collected with the production storage: hashed names and their manifest.
    static = tmp_path / "var" / "static"
    assert (static / "staticfiles.json").is_file()
    assert list(static.rglob("*.css.gz")), "the compressed copies whitenoise serves are missing"
    rows = row_counts(database_url)

    second = manage("release", env=env)

    assert second.returncode == 0, second.stdout + second.stderr
    assert "No migrations to apply." in second.stdout
    again = [(m["label"], m["created"], m["updated"]) for m in TALLY.finditer(second.stdout)]
    assert again and all(created == updated == "0" for _label, created, updated in again), again
    assert re.search(r"\b0 static files copied\b", second.stdout), second.stdout
    assert row_counts(database_url) == rows


def test_release_stops_on_a_configuration_error_before_touching_the_database(
    database_url, tmp_path
):
    # Production with no Redis and no opt-out: the hub's check hub.E001 is an error.
    env = production_env(database_url, tmp_path / "var")
    del env["HUB_ALLOW_NO_REDIS"]

    result = manage("release", env=env)

    assert result.returncode != 0
    assert "hub.E001" in result.stderr
    assert "django_migrations" not in table_names(database_url)


def test_release_fails_on_a_deployment_check_error_before_touching_the_database(
    database_url, tmp_path
):
    # An error only `check --deploy` reports (hub.E003): a bucket named without its keys.
    env = production_env(database_url, tmp_path / "var", S3_BUCKET="hub-private")

    result = manage("release", env=env)

    assert result.returncode != 0
    assert "hub.E003" in result.stderr, result.stderr
    assert "The release is in place." not in result.stdout
    assert "django_migrations" not in table_names(database_url)
    assert not (tmp_path / "var" / "static").exists()
