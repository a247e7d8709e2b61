"""Production refuses a half configuration: `manage.py check --deploy` as an operator runs it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process: no production has it.
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        HUB_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="hub.example.org",
        HUB_VAR_DIR=str(tmp_path),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_redis_or_a_mail_server_is_refused(tmp_path):
    result = _check(tmp_path)

    assert result.returncode != 0
    assert "hub.E001" in result.stderr and "REDIS_URL is not set" in result.stderr
    assert "hub.E002" in result.stderr and "EMAIL_HOST is not set" in result.stderr


def test_production_with_both_passes(tmp_path):
    result = _check(tmp_path, REDIS_URL="redis://127.0.0.1:6379/0", EMAIL_HOST="mail.example.org")

    assert result.returncode == 0, result.stderr


def test_an_operator_can_opt_out_explicitly(tmp_path):
    result = _check(tmp_path, HUB_ALLOW_NO_REDIS="true", HUB_ALLOW_FILE_EMAIL="true")

    assert result.returncode == 0, result.stderr
