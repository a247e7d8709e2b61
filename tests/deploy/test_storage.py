"""Members' files in an S3 bucket that every host reads, handed out only after the access check.

The bucket is a real S3 server (moto's) in a process of its own, spoken to over HTTP; the hub is
pointed at it by the same S3_* and AWS_* variables a deployment sets (tests/s3.py).
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import time_machine
from django.conf import settings
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse
from requests.structures import CaseInsensitiveDict

from hub.models import DataExport
from hub.personal_data.erasure import account_erase
from hub.personal_data.retention import expired_exports_delete
from learning import demo
from learning.models import CaptionTrack, Resource
from tests.factories import (
    login_verified,
    make_applicant,
    make_officer,
    make_provider,
    make_staff,
)
from tests.learning.factories import CAPTIONS, make_resource, make_topic, make_video_resource
from tests.learning.test_admin import resource_form
from tests.s3 import S3Bucket, free_port, load_settings
from tests.workers import needs_worker, worker_processes

ROOT = Path(__file__).resolve().parents[2]
MODES = ["stream", "x-accel-redirect", "signed-url"]
VIDEO = bytes(i % 251 for i in range(200_000))  # several chunks of the streamed answer


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_nginx(response, range_header: str | None = None) -> requests.Response:
    """What nginx's internal location does with X-Accel-Redirect: fetch the signed address."""
    target = response["X-Accel-Redirect"]
    prefix = settings.PRIVATE_MEDIA_S3_ACCEL_PREFIX.rstrip("/") + "/"
    assert target.startswith(prefix)
    scheme, rest = target.removeprefix(prefix).split("/", 1)
    headers = {"Range": range_header} if range_header else {}
    return requests.get(f"{scheme}://{rest}", headers=headers, timeout=10)


def fetch(client: Client, url: str, range_header: str | None = None) -> tuple[int, bytes, dict]:
    """Status, bytes and headers as the browser ends up with them, whatever the delivery mode."""
    extra = {"HTTP_RANGE": range_header} if range_header else {}
    response = client.get(url, **extra)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    if response.status_code == 302:
        answer = requests.get(
            response["Location"],
            headers={"Range": range_header} if range_header else {},
            timeout=10,
        )
        return answer.status_code, answer.content, answer.headers
    if response.has_header("X-Accel-Redirect"):
        assert body(response) == b""
        answer = as_nginx(response, range_header)
        return answer.status_code, answer.content, answer.headers
    return response.status_code, body(response), CaseInsensitiveDict(response.items())


def assert_no_file_address(response, bucket: S3Bucket) -> None:
    assert "X-Accel-Redirect" not in response
    assert bucket.endpoint not in response.get("Location", "")
    assert bucket.name.encode() not in body(response)


# Settings ------------------------------------------------------------------------------------------


def test_with_s3_bucket_set_private_files_go_to_the_bucket_under_private(s3_bucket):
    private, public = storages["private"], storages["public"]

    assert private.bucket_name == s3_bucket.name and private.location == "private"
    assert private.default_acl == "private" and private.querystring_auth
    assert public.location == "public" and not public.querystring_auth


def test_without_s3_bucket_files_stay_under_media_root(tmp_path):
    deployed = load_settings({"MEDIA_ROOT": str(tmp_path), "S3_BUCKET": ""})

    assert deployed.STORAGES["private"]["BACKEND"] == "hub.core.private_files.MediaFolderStorage"
    assert deployed.PRIVATE_MEDIA_DELIVERY == "stream"
    assert deployed.PRIVATE_MEDIA_URL_SECONDS == 60


def test_the_former_learning_settings_still_choose_the_delivery():
    deployed = load_settings(
        {
            "PRIVATE_MEDIA_DELIVERY": "",
            "LEARNING_PROTECTED_MEDIA": "x-accel-redirect",
            "LEARNING_PROTECTED_MEDIA_PREFIX": "/internal/",
        }
    )

    assert deployed.PRIVATE_MEDIA_DELIVERY == "x-accel-redirect"
    assert deployed.PRIVATE_MEDIA_ACCEL_PREFIX == "/internal/"


def test_in_signed_url_mode_the_pages_let_the_browser_play_from_the_bucket(s3_bucket):
    signed = load_settings({**s3_bucket.env, "PRIVATE_MEDIA_DELIVERY": "signed-url"})
    streamed = load_settings({**s3_bucket.env, "PRIVATE_MEDIA_DELIVERY": "stream"})

    media_src = signed.CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"]
    assert s3_bucket.endpoint in media_src
    assert s3_bucket.endpoint not in streamed.CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"]


def _deploy_check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "AWS_ACCESS_KEY_ID"}
        and key not in {"AWS_SECRET_ACCESS_KEY", "S3_BUCKET", "S3_ENDPOINT_URL"}
    }
    env.update(
        HUB_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="hub.example.org",
        HUB_VAR_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_HOST="mail.example.org",
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


def test_production_refuses_a_bucket_it_cannot_use(tmp_path):
    refused = _deploy_check(tmp_path, S3_BUCKET="hub-files", S3_ENDPOINT_URL="minio:9000")

    assert refused.returncode != 0
    assert "hub.E003" in refused.stderr
    assert "AWS_ACCESS_KEY_ID" in refused.stderr and "minio:9000" in refused.stderr

    accepted = _deploy_check(
        tmp_path,
        S3_BUCKET="hub-files",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert "hub.E003" not in accepted.stderr, accepted.stderr


# Data exports ---------------------------------------------------------------------------------------


@pytest.fixture
def alice(db):
    return make_officer("alice-s3@police-a.example", name="Alice Bucket")


@pytest.fixture
def bob(db):
    return make_officer("bob-s3@police-b.example", name="Bob Other")


def _export_in_bucket(user, capture) -> tuple[Client, DataExport]:
    client = login_verified(Client(), user)
    with capture(execute=True):
        client.post(reverse("me_export"))
    export = DataExport.objects.get(user=user, ready_at__isnull=False)
    return client, export


@pytest.mark.parametrize("mode", MODES)
def test_an_officer_downloads_their_export_from_the_bucket(
    s3_bucket, alice, bob, settings, mode, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_DELIVERY = mode
    client, export = _export_in_bucket(alice, django_capture_on_commit_callbacks)
    key = f"private/exports/{export.file.name}"
    assert s3_bucket.keys() == [key]
    url = reverse("me_export_download", args=[export.pk])

    status, content, headers = fetch(client, url)

    assert status == 200
    data = json.loads(content)
    assert data["format"] == "global-hub-personal-data/1"
    assert "alice-s3@police-a.example" in content.decode()
    assert "attachment" in headers["Content-Disposition"]
    assert "global-hub-my-data-" in headers["Content-Disposition"]

    other = login_verified(Client(), bob).get(url)
    assert other.status_code == 404
    assert_no_file_address(other, s3_bucket)
    assert s3_bucket.anonymous_get(key).status_code == 403


@needs_worker
def test_a_worker_on_another_host_writes_the_export_that_the_web_host_serves(
    s3_bucket, transactional_db, tmp_path
):
    """The worker has its own disk (HUB_VAR_DIR): only the bucket is shared with the web host."""
    alice = make_officer("alice-s3@police-a.example", name="Alice Bucket")
    worker_var = tmp_path / "worker-host"
    with worker_processes("storage", var_dir=worker_var) as start:
        worker = start(env={**s3_bucket.env, "MEDIA_ROOT": str(worker_var / "media")})
        client = login_verified(Client(), alice)
        client.post(reverse("me_export"))
        deadline = time.monotonic() + 90
        export = DataExport.objects.get(user=alice)
        while export.ready_at is None and time.monotonic() < deadline:
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.2)
            export.refresh_from_db()
        assert export.ready_at is not None, "the worker did not build the export"

    assert s3_bucket.keys() == [f"private/exports/{export.file.name}"]
    assert not (worker_var / "media" / "private").exists()
    response = client.get(reverse("me_export_download", args=[export.pk]))
    assert response.status_code == 200
    assert "alice-s3@police-a.example" in body(response).decode()


def test_erasing_the_account_deletes_the_export_from_the_bucket(
    s3_bucket, alice, django_capture_on_commit_callbacks
):
    _client, export = _export_in_bucket(alice, django_capture_on_commit_callbacks)
    key = f"private/exports/{export.file.name}"
    assert s3_bucket.read(key)

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=alice, reason="test")

    assert s3_bucket.keys() == []


def test_an_expired_export_is_deleted_from_the_bucket(
    s3_bucket, alice, django_capture_on_commit_callbacks
):
    _client, export = _export_in_bucket(alice, django_capture_on_commit_callbacks)
    assert len(s3_bucket.keys()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        expired_exports_delete(now=export.expires_at + timedelta(minutes=1))

    assert s3_bucket.keys() == []
    assert not DataExport.objects.filter(pk=export.pk).exists()


def test_a_new_copy_deletes_the_older_file_from_the_bucket(
    s3_bucket, alice, django_capture_on_commit_callbacks
):
    client, first = _export_in_bucket(alice, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("me_export"))

    newest = DataExport.objects.filter(user=alice).first()
    assert newest.pk != first.pk
    assert s3_bucket.keys() == [f"private/exports/{newest.file.name}"]


# Learning videos ------------------------------------------------------------------------------------


@pytest.fixture
def video(s3_bucket, db):
    return make_video_resource(content=VIDEO)


@pytest.mark.parametrize("mode", MODES)
def test_a_member_plays_a_video_from_the_bucket_in_byte_ranges(video, settings, mode):
    settings.PRIVATE_MEDIA_DELIVERY = mode
    client = login_verified(Client(), make_officer())

    status, content, headers = fetch(client, video.video.url, "bytes=100000-165535")

    assert status == 206
    assert content == VIDEO[100000:165536]
    assert headers["Content-Range"] == f"bytes 100000-165535/{len(VIDEO)}"

    status, content, _headers = fetch(client, video.video.url)
    assert status == 200 and content == VIDEO


def test_the_hub_refuses_a_range_outside_the_video_in_the_bucket(video, settings):
    settings.PRIVATE_MEDIA_DELIVERY = "stream"
    client = login_verified(Client(), make_officer())

    response = client.get(video.video.url, HTTP_RANGE=f"bytes={len(VIDEO)}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


@pytest.mark.parametrize("mode", MODES)
def test_captions_come_from_the_hub_itself_in_every_mode(video, settings, mode):
    settings.PRIVATE_MEDIA_DELIVERY = mode
    client = login_verified(Client(), make_officer())
    url = video.captions.get().file.url

    response = client.get(url)

    assert response.status_code == 200  # never a redirect to the bucket's origin
    if mode == "x-accel-redirect":
        assert as_nginx(response).content == CAPTIONS
    else:
        assert body(response) == CAPTIONS


@pytest.mark.parametrize("mode", MODES)
def test_outsiders_get_no_byte_and_no_address_of_the_video(s3_bucket, video, settings, mode):
    settings.PRIVATE_MEDIA_DELIVERY = mode
    applicant = Client()
    applicant.force_login(make_applicant())
    outsiders = {
        "anonymous": Client(),
        "applicant": applicant,
        "provider": login_verified(Client(), make_provider()),
    }
    for persona, client in outsiders.items():
        response = client.get(video.video.url, HTTP_RANGE="bytes=0-99")
        assert response.status_code in (302, 404), persona
        if response.status_code == 302:
            assert response["Location"].startswith("/"), persona  # to log in, not to the bucket
        assert_no_file_address(response, s3_bucket)

    key = f"private/{video.video.name}"
    assert s3_bucket.read(key) == VIDEO
    assert s3_bucket.anonymous_get(key).status_code == 403


def test_the_signed_address_lives_private_media_url_seconds(video, settings):
    settings.PRIVATE_MEDIA_DELIVERY = "signed-url"
    settings.PRIVATE_MEDIA_URL_SECONDS = 30
    client = login_verified(Client(), make_officer())
    signed_at = datetime.now(UTC).replace(microsecond=0)

    with time_machine.travel(signed_at, tick=False):
        location = client.get(video.video.url)["Location"]

    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Date"] == [signed_at.strftime("%Y%m%dT%H%M%SZ")]
    assert query["X-Amz-Expires"] == ["30"]
    # The lifetime is part of what is signed: the same request signed for longer differs.
    storage = storages["private"]
    with time_machine.travel(signed_at, tick=False):
        longer = storage.url(video.video.name, expire=3600)
    assert parse_qs(urlsplit(longer).query)["X-Amz-Signature"] != query["X-Amz-Signature"]
    # And a fresh one is what the bucket serves.
    fresh = requests.get(client.get(video.video.url)["Location"], timeout=10)
    assert fresh.status_code == 200 and fresh.content == VIDEO


def test_staff_upload_writes_the_video_into_the_bucket(s3_bucket, db):
    staff = login_verified(Client(), make_staff())
    response = staff.post(
        reverse("admin:learning_resource_add"), resource_form(make_topic("bias", "Bias"))
    )

    assert response.status_code == 302
    resource = Resource.objects.get(slug="gender-bias")
    assert f"private/{resource.video.name}" in s3_bucket.keys()  # noqa: SIM118
    assert resource.video.url.startswith("/learn/media/learning/videos/")


def test_the_demo_copies_its_video_and_captions_into_the_bucket_when_missing(s3_bucket, db):
    resource = make_resource("What is AI", slug="video-what-is-ai", kind="video")
    sample = {"file": "what-is-ai.webm", "captions": {"en": "what-is-ai.en.vtt"}}

    demo.seed_video(resource, sample)
    demo.seed_video(resource, sample)  # a second run finds them there

    assert s3_bucket.keys() == [
        "private/learning/captions/what-is-ai.en.vtt",
        "private/learning/videos/what-is-ai.webm",
    ]
    assert s3_bucket.read("private/learning/videos/what-is-ai.webm")[:4] == b"\x1a\x45\xdf\xa3"
    assert CaptionTrack.objects.get(resource=resource).file.read(6) == b"WEBVTT"


# nginx in front: the documented internal location fetches the signed address ------------------------

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The location block of the README's Storage section (no resolver: the test bucket is an address).
S3_LOCATION = """
    location ~ ^/protected-s3/(?<s3_scheme>https?)/(?<s3_host>[^/]+)/(?<s3_path>.*)$ {
        internal;
        proxy_pass $s3_scheme://$s3_host/$s3_path$is_args$args;
        proxy_set_header Host $s3_host;
        proxy_set_header Authorization "";
        proxy_set_header Cookie "";
        proxy_buffering off;
        proxy_hide_header x-amz-id-2;
        proxy_hide_header x-amz-request-id;
        proxy_hide_header Set-Cookie;
        add_header Cache-Control "private, no-store" always;
    }
"""


@pytest.fixture
def nginx(live_server, tmp_path):
    """nginx on a free port, passing everything to the hub (a live server) but the internal
    location, which only the hub's X-Accel-Redirect reaches."""
    port = free_port()
    folder = tmp_path / "nginx"
    folder.mkdir()
    temp_paths = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"""
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{}}
http {{
    access_log off;
{temp_paths}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {live_server.url};
            proxy_set_header Host $http_host;
        }}
{S3_LOCATION}
    }}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-e", str(folder / "error.log"), "-p", str(folder), "-c", "nginx.conf",
         "-g", "daemon off;"],
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (folder / "error.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_behind_nginx_a_member_plays_the_video_from_the_bucket_in_ranges(
    s3_bucket, nginx, settings, transactional_db
):
    settings.PRIVATE_MEDIA_DELIVERY = "x-accel-redirect"
    video = make_video_resource(content=VIDEO)
    officer = login_verified(Client(), make_officer())
    cookies = {name: morsel.value for name, morsel in officer.cookies.items()}

    ranged = requests.get(
        nginx + video.video.url, cookies=cookies, headers={"Range": "bytes=1000-1999"}, timeout=30
    )

    assert ranged.status_code == 206
    assert ranged.content == VIDEO[1000:2000]
    assert ranged.headers["Content-Range"] == f"bytes 1000-1999/{len(VIDEO)}"
    assert "private" in ranged.headers["Cache-Control"]
    assert "x-amz-request-id" not in ranged.headers
    whole = requests.get(nginx + video.video.url, cookies=cookies, timeout=30)
    assert whole.status_code == 200 and whole.content == VIDEO

    provider = login_verified(Client(), make_provider())
    refused = requests.get(
        nginx + video.video.url,
        cookies={name: morsel.value for name, morsel in provider.cookies.items()},
        timeout=30,
    )
    assert refused.status_code == 404
    assert VIDEO[:100] not in refused.content
    # The internal location is not reachable by asking for it.
    signed = storages["private"].url(video.video.name)
    direct = requests.get(
        nginx + "/protected-s3/http/" + signed.removeprefix("http://"), cookies=cookies, timeout=30
    )
    assert direct.status_code == 404
    assert VIDEO[:100] not in direct.content
