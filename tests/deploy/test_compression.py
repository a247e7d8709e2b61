"""What travels compressed: pages and CSV downloads (gzip, on any server), static files as the brotli
and gzip copies written at collectstatic; byte ranges and files never."""

import gzip
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_tool
from tests.learning.factories import VIDEO_BYTES, make_video_resource

ROOT = Path(__file__).resolve().parents[2]
ACCEPT = {"HTTP_ACCEPT_ENCODING": "br, gzip"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def officer_client(db) -> Client:
    return login_verified(Client(), make_officer())


def test_an_officer_page_is_sent_gzip_compressed_when_the_browser_accepts_it(officer_client):
    make_tool("Hashbridge")

    plain = officer_client.get(reverse("tools:catalogue"))
    packed = officer_client.get(reverse("tools:catalogue"), **ACCEPT)

    assert plain.status_code == packed.status_code == 200
    assert not plain.has_header("Content-Encoding")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    page = gzip.decompress(packed.content).decode()
    assert "Hashbridge" in page and page.rstrip().endswith("</html>")
    assert len(packed.content) < len(plain.content) / 2


def test_compressed_pages_differ_in_length_each_time_against_breach(officer_client):
    # Django pads each compressed body with a random number of random bytes: the length of a
    # response no longer tells an attacker whether a guess matched a secret on the page.
    lengths = {
        len(officer_client.get(reverse("tools:catalogue"), **ACCEPT).content) for _ in range(8)
    }

    assert len(lengths) > 1


def test_the_catalogue_csv_streams_compressed(officer_client):
    make_tool("Hashbridge")

    response = officer_client.get(reverse("tools:csv"), **ACCEPT)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    text = gzip.decompress(body(response)).decode("utf-8-sig")
    assert "Hashbridge" in text


@pytest.mark.parametrize("range_header", [None, "bytes=10-19"])
def test_videos_and_their_byte_ranges_are_sent_as_they_are(
    settings, tmp_path, officer_client, range_header
):
    settings.MEDIA_ROOT = tmp_path / "media"
    video = make_video_resource()
    headers = {**ACCEPT, **({"HTTP_RANGE": range_header} if range_header else {})}

    response = officer_client.get(video.video.url, **headers)

    assert not response.has_header("Content-Encoding")
    if range_header:
        assert response.status_code == 206
        assert body(response) == VIDEO_BYTES[10:20]
    else:
        assert response.status_code == 200
        assert body(response) == VIDEO_BYTES


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """collectstatic as the Docker image runs it: production settings, into a fresh folder."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        HUB_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="hub.example.org",
        HUB_VAR_DIR=str(tmp_path_factory.mktemp("var")),
        STATIC_ROOT=str(static_root),
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return static_root


def test_collectstatic_in_production_writes_brotli_and_gzip_copies(collected):
    stylesheets = list(collected.glob("css/hub.*.css"))

    assert stylesheets, "the hashed stylesheet is missing"
    for stylesheet in stylesheets:
        original = stylesheet.read_bytes()
        assert brotli.decompress(Path(f"{stylesheet}.br").read_bytes()) == original
        assert gzip.decompress(Path(f"{stylesheet}.gz").read_bytes()) == original


@pytest.fixture
def production_static(settings, collected):
    settings.STATIC_ROOT = collected
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    return collected


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)],
)
def test_static_files_are_served_brotli_or_gzip_compressed(
    db, production_static, accept, encoding, decode
):
    url = static("css/hub.css")
    # The collected copy, whose url()s point at hashed names too.
    original = (production_static / url.removeprefix("/static/")).read_bytes()

    response = Client().get(url, HTTP_ACCEPT_ENCODING=accept)

    assert url.startswith("/static/css/hub.") and url != "/static/css/hub.css"
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert decode(body(response)) == original
    assert "immutable" in response["Cache-Control"]


def test_pages_are_sent_without_the_indentation_between_tags(officer_client):
    make_tool("Hashbridge")

    page = officer_client.get(reverse("tools:catalogue")).content.decode()

    assert "Hashbridge" in page and page.rstrip().endswith("</html>")
    assert not re.search(r">\s*\n[ \t]+<", page) and "\n\n" not in page


def test_preformatted_text_keeps_its_blank_space():
    from hub.core.compression import html_trimmed

    page = b"<ul>\n  <li>a</li>\n\n  <li>b</li>\n</ul>\n  <pre>\n  x\n    y\n</pre>\n<textarea>\n  z\n</textarea>"

    assert html_trimmed(page) == (
        b"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<pre>\n  x\n    y\n</pre>\n<textarea>\n  z\n</textarea>"
    )
