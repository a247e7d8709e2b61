"""Members-only files: where they are kept, and how one is handed to a person allowed to have it.

Files live in the ``"private"`` storage of ``STORAGES``: a folder under ``MEDIA_ROOT`` on a bare
machine, or an S3-compatible bucket (keys under ``private/``) that every host reads when
``S3_BUCKET`` is set. Nothing ever links to them directly: a view first checks who is asking, then
answers with :func:`private_file_response`, which delivers the file as ``PRIVATE_MEDIA_DELIVERY``
says:

``"stream"`` (default)
    The hub sends the bytes: the whole file (200), the one range asked for (206 with
    ``Content-Range``), or 416 for a range outside the file. From S3 it asks the bucket for just
    that range, so a large video is never read whole into a worker.
``"x-accel-redirect"``
    nginx sends the file and answers ranges itself. On disk the response names
    ``PRIVATE_MEDIA_ACCEL_PREFIX + name`` (an internal location aliased to ``MEDIA_ROOT/private/``);
    on S3 it names ``PRIVATE_MEDIA_S3_ACCEL_PREFIX + scheme/host/key?signature``, an internal
    location that proxies to that short-lived signed address.
``"signed-url"``
    A redirect (302) to a signed S3 address valid ``PRIVATE_MEDIA_URL_SECONDS``; the bucket answers
    ranges. On disk there is nothing to sign, and the hub streams.
``"x-sendfile"``
    Apache mod_xsendfile or lighttpd, for files on disk: ``X-Sendfile: <absolute path>``.

Every answer is ``Cache-Control: private, no-store``: no shared cache keeps a members-only file or
the address of one.
"""

import mimetypes
import os
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

CHUNK_SIZE = 64 * 1024
DELIVERY_MODES = ("stream", "x-accel-redirect", "signed-url", "x-sendfile")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


# Where the files are ------------------------------------------------------------------------------


@deconstructible(path="hub.core.private_files.MediaFolderStorage")
class MediaFolderStorage(FileSystemStorage):
    """A folder under ``MEDIA_ROOT`` (read on use, so a test that moves MEDIA_ROOT moves it too)."""

    def __init__(self, folder: str = "private", base_url: str | None = None, **kwargs):
        self.folder = folder
        super().__init__(base_url=base_url, **kwargs)

    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, self.folder)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        if self._base_url is None:
            raise ValueError("Members-only files have no address of their own.")
        return super().url(name)


@deconstructible(path="hub.core.private_files.PrivateFolder")
class PrivateFolder(Storage):
    """One folder of the ``"private"`` storage, looked up on every use.

    A file field keeps this in its migrations, so the field does not change when the deployment
    moves its files from disk to a bucket. File names are kept in ASCII: a key travels in web
    addresses (signed S3 addresses, nginx's internal redirects) and must read the same there.
    """

    alias = "private"

    def __init__(self, folder: str = ""):
        self.folder = folder.strip("/")

    @property
    def storage(self) -> Storage:
        return storages[self.alias]

    def key(self, name: str) -> str:
        """The file's name in the whole private storage."""
        return f"{self.folder}/{name}" if self.folder else name

    def _name(self, key: str) -> str:
        prefix = f"{self.folder}/" if self.folder else ""
        return key.removeprefix(prefix)

    def get_valid_name(self, name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return self.storage.get_valid_name(ascii_name or "file")

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        extra = len(self.key("")) if max_length is not None else 0
        saved = self.storage.save(
            self.key(str(name)),
            content,
            max_length=None if max_length is None else max_length + extra,
        )
        return self._name(saved)

    def get_available_name(self, name, max_length=None):
        extra = len(self.key("")) if max_length is not None else 0
        return self._name(
            self.storage.get_available_name(
                self.key(name), None if max_length is None else max_length + extra
            )
        )

    def _open(self, name, mode="rb"):
        return self.storage.open(self.key(name), mode)

    def delete(self, name):
        if name:
            self.storage.delete(self.key(name))

    def exists(self, name):
        return self.storage.exists(self.key(name))

    def size(self, name):
        return self.storage.size(self.key(name))

    def path(self, name):
        return self.storage.path(self.key(name))

    def listdir(self, path):
        return self.storage.listdir(self.key(path))

    def get_modified_time(self, name):
        return self.storage.get_modified_time(self.key(name))

    def url(self, name):
        raise ValueError("Members-only files are fetched through the hub, never by a file address.")


# Handing a file out ------------------------------------------------------------------------------

CONTENT_TYPES = {
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".ogv": "video/ogg",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
}


class Unsatisfiable(Exception):
    """The range asked for lies outside the file."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one byte range (first, last; inclusive) that ``header`` asks for, or None for all.

    Raises :class:`Unsatisfiable` for a well-formed range that starts beyond the end of the file
    (or a zero-length suffix, or any range of an empty file). Another unit, several ranges at once
    or nonsense are ignored (the whole file is sent), as HTTP allows.
    """
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:  # invalid: ignored
        return None
    if start >= size:
        raise Unsatisfiable
    return start, min(end, size - 1)


def content_type_for(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    return (
        CONTENT_TYPES.get(extension) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    )


def delivery_mode() -> str:
    mode = settings.PRIVATE_MEDIA_DELIVERY or "stream"
    if mode not in DELIVERY_MODES:
        raise ImproperlyConfigured(
            f"PRIVATE_MEDIA_DELIVERY must be one of {', '.join(DELIVERY_MODES)}."
        )
    return mode


def private_file_response(
    request: HttpRequest,
    storage: Storage,
    name: str,
    *,
    download_as: str | None = None,
    may_redirect: bool = True,
) -> HttpResponse:
    """The file ``name`` of ``storage`` for a person already allowed to have it.

    ``download_as`` makes it an attachment of that file name. ``may_redirect=False`` keeps the file
    on the hub's own origin in "signed-url" mode (captions: a text track may not come from another
    origin without CORS), and the hub streams it instead.
    """
    if not name:
        raise Http404
    if isinstance(storage, PrivateFolder):
        storage, name = storage.storage, storage.key(name)
    content_type = content_type_for(name)
    mode = delivery_mode()
    if isinstance(storage, S3Storage):
        response = _from_s3(request, storage, name, content_type, mode, download_as, may_redirect)
    else:
        response = _from_disk(request, storage, name, content_type, mode)
    if download_as and not isinstance(response, HttpResponseRedirect):
        response["Content-Disposition"] = content_disposition_header(True, download_as)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _ranged(
    request: HttpRequest,
    *,
    size: int,
    etag: str,
    modified: float,
    content_type: str,
    whole,
    part,
) -> HttpResponse:
    """200, 206 or 416 for a file of ``size`` bytes; ``whole()`` and ``part(start, end)`` read it."""
    try:
        wanted = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        if wanted is not None and not _range_applies(request, etag, modified):
            wanted = None
        if wanted is None:
            response = whole()
            response["Content-Length"] = str(size)
        else:
            start, end = wanted
            response = StreamingHttpResponse(
                part(start, end), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    return response


def _range_applies(request: HttpRequest, etag: str, modified: float) -> bool:
    """If-Range: the range is only for the version of the file the browser already has part of."""
    if_range = request.headers.get("If-Range")
    if not if_range:
        return True
    if if_range.startswith('"'):
        return if_range == etag
    date = parse_http_date_safe(if_range)
    return date is not None and int(modified) <= date


def _from_disk(
    request: HttpRequest, storage: Storage, name: str, content_type: str, mode: str
) -> HttpResponse:
    try:
        path = storage.path(name)
        stat = os.stat(path)
    except (OSError, ValueError, SuspiciousFileOperation) as error:
        raise Http404 from error
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        return response
    if mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = path
        return response

    def part(start: int, end: int) -> Iterator[bytes]:
        with open(path, "rb") as file:
            file.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = file.read(min(CHUNK_SIZE, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk

    return _ranged(
        request,
        size=stat.st_size,
        etag=f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"',
        modified=stat.st_mtime,
        content_type=content_type,
        whole=lambda: FileResponse(open(path, "rb"), content_type=content_type),  # noqa: SIM115
        part=part,
    )


def signed_url(
    storage: S3Storage, name: str, *, content_type: str, download_as: str | None = None
) -> str:
    """A short-lived address of the object that S3 answers (ranges included) without the hub."""
    parameters = {"ResponseContentType": content_type, "ResponseCacheControl": "private, no-store"}
    if download_as:
        parameters["ResponseContentDisposition"] = content_disposition_header(True, download_as)
    return storage.url(name, parameters=parameters, expire=settings.PRIVATE_MEDIA_URL_SECONDS)


def _from_s3(
    request: HttpRequest,
    storage: S3Storage,
    name: str,
    content_type: str,
    mode: str,
    download_as: str | None,
    may_redirect: bool,
) -> HttpResponse:
    if mode == "x-sendfile":
        raise ImproperlyConfigured("x-sendfile delivers files on disk, not from S3_BUCKET.")
    client = storage.connection.meta.client
    key = storage._normalize_name(clean_name(name))
    try:
        head = client.head_object(Bucket=storage.bucket_name, Key=key)
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            raise Http404 from error
        raise
    if mode == "x-accel-redirect" or (mode == "signed-url" and may_redirect):
        url = signed_url(storage, name, content_type=content_type, download_as=download_as)
        if mode == "signed-url":
            return HttpResponseRedirect(url)
        address = urlsplit(url)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = (
            settings.PRIVATE_MEDIA_S3_ACCEL_PREFIX.rstrip("/")
            + f"/{address.scheme}/{address.netloc}{address.path}?{address.query}"
        )
        return response

    def body(**range_argument) -> Iterator[bytes]:
        answer = client.get_object(Bucket=storage.bucket_name, Key=key, **range_argument)
        stream = answer["Body"]
        try:
            yield from stream.iter_chunks(CHUNK_SIZE)
        finally:
            stream.close()

    return _ranged(
        request,
        size=head["ContentLength"],
        etag=head["ETag"],
        modified=head["LastModified"].timestamp(),
        content_type=content_type,
        whole=lambda: StreamingHttpResponse(body(), content_type=content_type),
        part=lambda start, end: body(Range=f"bytes={start}-{end}"),
    )


@register(deploy=True)
def private_storage_usable(app_configs, **kwargs) -> list[Error]:
    """An unknown delivery, or a bucket without keys or with a malformed endpoint, fails only when
    a member first asks for a file: production refuses to start with it instead."""
    mode = settings.PRIVATE_MEDIA_DELIVERY
    errors = []
    if mode not in DELIVERY_MODES:
        errors.append(
            Error(
                f"PRIVATE_MEDIA_DELIVERY {mode!r} is not known.",
                hint=f"One of: {', '.join(DELIVERY_MODES)}.",
                id="hub.E003",
            )
        )
    if not settings.S3_BUCKET:
        return errors
    if not (settings.AWS_ACCESS_KEY_ID and settings.AWS_SECRET_ACCESS_KEY):
        errors.append(
            Error(
                "S3_BUCKET is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: members' "
                "files could be neither written nor read.",
                hint="Set both keys (or *_FILE variables naming files that hold them), or unset "
                "S3_BUCKET to keep files under MEDIA_ROOT.",
                id="hub.E003",
            )
        )
    endpoint = settings.S3_ENDPOINT_URL
    if endpoint and urlsplit(endpoint).scheme not in ("http", "https"):
        errors.append(
            Error(
                f"S3_ENDPOINT_URL {endpoint!r} is not an http(s) address.",
                hint="For example https://s3.example.org or http://127.0.0.1:9000; leave it unset "
                "for Amazon S3.",
                id="hub.E003",
            )
        )
    if mode == "x-sendfile":
        errors.append(
            Error(
                "PRIVATE_MEDIA_DELIVERY x-sendfile sends files from disk, but S3_BUCKET is set.",
                hint="Use stream, x-accel-redirect or signed-url with a bucket.",
                id="hub.E003",
            )
        )
    return errors
