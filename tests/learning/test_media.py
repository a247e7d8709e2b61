"""Videos and captions: members only, in byte ranges, or handed to the web server in production."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.test import Client

from learning.models import Resource
from learning.storage import private_storage
from tests.factories import (
    login_verified,
    make_applicant,
    make_officer,
    make_provider,
    make_staff,
    make_tool,
)

from .factories import CAPTIONS, VIDEO_BYTES, make_video_resource

SIZE = len(VIDEO_BYTES)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def video(db) -> Resource:
    return make_video_resource()


@pytest.fixture
def officer_client(db) -> Client:
    return login_verified(Client(), make_officer())


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def get(client: Client, url: str, range_header: str | None = None, **headers):
    if range_header is not None:
        headers["HTTP_RANGE"] = range_header
    return client.get(url, **headers)


# Who gets bytes -------------------------------------------------------------------------------------


def test_officer_gets_the_whole_video(video, officer_client):
    response = get(officer_client, video.video.url)

    assert response.status_code == 200
    assert body(response) == VIDEO_BYTES
    assert response["Content-Type"] == "video/webm"
    assert response["Content-Length"] == str(SIZE)
    assert response["Accept-Ranges"] == "bytes"
    assert "private" in response["Cache-Control"]


def test_staff_get_the_video_too(video):
    client = login_verified(Client(), make_staff())
    assert body(get(client, video.video.url)) == VIDEO_BYTES


def _outsiders() -> dict[str, Client]:
    unverified = Client()
    unverified.force_login(make_officer())  # vetted, but no second factor this session
    applicant = Client()
    applicant.force_login(make_applicant())
    return {
        "anonymous": Client(),
        "applicant": applicant,
        "unverified": unverified,
        "provider": login_verified(Client(), make_provider()),
    }


@pytest.mark.parametrize("range_header", [None, "bytes=0-99", "bytes=-10"])
def test_nobody_else_gets_a_single_byte(video, range_header):
    for persona, client in _outsiders().items():
        for url in (video.video.url, video.captions.get().file.url):
            response = get(client, url, range_header)
            assert response.status_code in (302, 404), (persona, url, response.status_code)
            content = body(response)
            assert VIDEO_BYTES[:10] not in content, persona
            assert b"WEBVTT" not in content, persona
            assert "Content-Range" not in response, persona


def test_outsiders_are_sent_where_they_belong(video):
    clients = _outsiders()
    assert get(clients["anonymous"], video.video.url)["Location"].startswith("/accounts/login/")
    assert get(clients["applicant"], video.video.url)["Location"] == "/me/application/"
    assert get(clients["provider"], video.video.url).status_code == 404


def test_a_file_of_an_unpublished_resource_is_for_staff_only(video, officer_client):
    Resource.objects.filter(pk=video.pk).update(is_published=False)

    assert get(officer_client, video.video.url).status_code == 404
    staff = login_verified(Client(), make_staff())
    assert body(get(staff, video.video.url)) == VIDEO_BYTES


def test_provider_training_video_disappears_with_its_tool(officer_client):
    tool = make_tool("Triage Kit", status="published")
    resource = make_video_resource(kind=Resource.Kind.PROVIDER_TRAINING, tool=tool)
    assert get(officer_client, resource.video.url).status_code == 200

    tool.status = "removed"
    tool.save()
    assert get(officer_client, resource.video.url).status_code == 404


def test_only_files_of_a_resource_are_served(officer_client, video):
    orphan = private_storage.save("learning/videos/orphan.webm", ContentFile(b"secret"))
    url = private_storage.url(orphan)

    assert get(officer_client, url).status_code == 404
    assert (
        get(officer_client, "/learn/media/learning/videos/../../../../etc/passwd").status_code
        == 404
    )


def test_files_live_in_the_private_folder_and_nowhere_public(video, media_root):
    path = Path(private_storage.path(video.video.name))
    assert path.is_file()
    assert path.is_relative_to(media_root / "private")
    # No copy among the static files (which whitenoise serves to anyone).
    for finder in finders.get_finders():
        for name, _storage in finder.list(ignore_patterns=[]):
            assert not name.endswith((".webm", ".mp4", ".vtt")), name


def test_captions_are_served_as_webvtt(video, officer_client):
    response = get(officer_client, video.captions.get().file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert body(response) == CAPTIONS


# Byte ranges ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("range_header", "first", "last"),
    [
        ("bytes=100-199", 100, 199),  # a range in the middle
        ("bytes=0-0", 0, 0),  # one byte
        ("bytes=990-", 990, 999),  # open-ended: to the end
        ("bytes=-5", 995, 999),  # suffix: the last five bytes
        ("bytes=900-5000", 900, 999),  # past the end: up to the end
        ("bytes=-5000", 0, 999),  # a suffix longer than the file: all of it
    ],
)
def test_a_range_request_gets_exactly_those_bytes(video, officer_client, range_header, first, last):
    response = get(officer_client, video.video.url, range_header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{SIZE}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"
    assert body(response) == VIDEO_BYTES[first : last + 1]


@pytest.mark.parametrize("range_header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_outside_the_file_is_refused_with_416(video, officer_client, range_header):
    response = get(officer_client, video.video.url, range_header)

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert VIDEO_BYTES[:10] not in body(response)


@pytest.mark.parametrize(
    "range_header", ["bytes=0-1,5-6", "items=0-5", "bytes=5-1", "bytes=-", "nonsense"]
)
def test_a_range_header_that_cannot_be_read_gets_the_whole_file(
    video, officer_client, range_header
):
    response = get(officer_client, video.video.url, range_header)
    assert response.status_code == 200
    assert body(response) == VIDEO_BYTES


def test_if_range_only_applies_to_the_same_version_of_the_file(video, officer_client):
    etag = get(officer_client, video.video.url)["ETag"]

    same = get(officer_client, video.video.url, "bytes=10-19", HTTP_IF_RANGE=etag)
    assert same.status_code == 206
    assert body(same) == VIDEO_BYTES[10:20]

    changed = get(officer_client, video.video.url, "bytes=10-19", HTTP_IF_RANGE='"another"')
    assert changed.status_code == 200
    assert body(changed) == VIDEO_BYTES


def test_a_large_range_is_sent_in_full(officer_client):
    content = bytes(i % 253 for i in range(300_000))  # several chunks
    resource = make_video_resource(content=content)
    response = get(officer_client, resource.video.url, "bytes=1000-250000")
    assert response.status_code == 206
    assert body(response) == content[1000:250001]


# Production: the web server sends the file ----------------------------------------------------------


def test_nginx_mode_names_the_file_for_x_accel_redirect(video, officer_client, settings):
    settings.PRIVATE_MEDIA_DELIVERY = "x-accel-redirect"
    settings.PRIVATE_MEDIA_ACCEL_PREFIX = "/internal-media/"

    response = get(officer_client, video.video.url, "bytes=0-99")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{video.video.name}"
    assert response["Content-Type"] == "video/webm"
    assert body(response) == b""  # nginx sends the bytes (and handles the range itself)


def test_sendfile_mode_names_the_file_by_its_path(video, officer_client, settings):
    settings.PRIVATE_MEDIA_DELIVERY = "x-sendfile"

    response = get(officer_client, video.video.url)

    assert response["X-Sendfile"] == private_storage.path(video.video.name)
    assert body(response) == b""


@pytest.mark.parametrize("mode", ["x-accel-redirect", "x-sendfile"])
def test_production_modes_still_check_who_is_asking(video, settings, mode):
    settings.PRIVATE_MEDIA_DELIVERY = mode
    for persona, client in _outsiders().items():
        response = get(client, video.video.url)
        assert "X-Accel-Redirect" not in response, persona
        assert "X-Sendfile" not in response, persona
