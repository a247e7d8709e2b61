"""An S3 server for tests: moto's, as a process of its own on a free port, spoken to over HTTP.

``s3_server`` (one per test session) starts ``python -m moto.server``; ``s3_bucket`` creates a fresh
bucket and points the hub at it exactly as a deployment does: the S3_* and AWS_* variables are set,
the settings module is read again with them, and its storage settings replace the test's. A test
folder's ``conftest.py`` offers the two fixtures by importing them (as ``tests/deploy/`` does).
"""

import importlib.util
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests

ACCESS_KEY = "hub-test-key"
SECRET_KEY = "hub-test-secret"  # noqa: S105 (moto's, for tests)
REGION = "us-east-1"
STORAGE_SETTINGS = (
    "STORAGES",
    "S3_BUCKET",
    "S3_PUBLIC_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "PRIVATE_MEDIA_URL_SECONDS",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Bucket:
    endpoint: str
    name: str

    @property
    def env(self) -> dict[str, str]:
        """The variables a deployment sets to keep its files in this bucket."""
        return {
            "S3_BUCKET": self.name,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    @property
    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def keys(self) -> list[str]:
        answer = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in answer.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def anonymous_get(self, key: str) -> requests.Response:
        """A GET with no signature at all, as anyone on the internet could send."""
        return requests.get(f"{self.endpoint}/{self.name}/{key}", timeout=10)


def load_settings(env: dict[str, str]):
    """The hub's settings module as a deployment with ``env`` reads it (a fresh copy, not Django's)."""
    path = Path(__file__).resolve().parent.parent / "config" / "settings.py"
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        spec = importlib.util.spec_from_file_location(f"settings_{uuid.uuid4().hex}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return module


@pytest.fixture(scope="session")
def s3_server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a busy machine may take a while to import moto
        while True:
            if process.poll() is not None:
                raise RuntimeError("the S3 server did not start")
            try:
                requests.get(endpoint, timeout=10)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def s3_bucket(s3_server, settings) -> S3Bucket:
    """A new bucket, and the hub's private and public storage in it."""
    bucket = S3Bucket(endpoint=s3_server, name=f"hub-{uuid.uuid4().hex[:12]}")
    bucket.client.create_bucket(Bucket=bucket.name)
    deployed = load_settings(bucket.env)
    for name in STORAGE_SETTINGS:
        setattr(settings, name, getattr(deployed, name))
    return bucket
