"""Sending a private file to a member who may see it: byte ranges, or the web server's own sending.

Browsers fetch video in pieces (HTTP range requests) to start quickly and to seek, so a file is
sent whole (200), as the one range asked for (206 with ``Content-Range``), or refused with 416 when
the range lies outside the file. A Range header that cannot be read, or asks for several ranges
at once, is ignored and the whole file is sent, as HTTP allows.

In production the hub can leave the sending to the web server in front of it, which does ranges
itself and frees the worker: the view still checks who is asking, then answers with a header that
names the file. Settings (read with defaults; none is required):

``LEARNING_PROTECTED_MEDIA``
    ``""`` (default): Django streams the file. ``"x-accel-redirect"``: nginx; the response carries
    ``X-Accel-Redirect: <prefix><file name>``. ``"x-sendfile"``: Apache mod_xsendfile or
    lighttpd; the response carries ``X-Sendfile: <absolute path>``.
``LEARNING_PROTECTED_MEDIA_PREFIX``
    For nginx: the internal location that maps to ``MEDIA_ROOT/private/`` (default
    ``"/protected-media/"``), e.g.::

        location /protected-media/ { internal; alias /srv/hub/var/media/private/; }
"""

import os
import re
from collections.abc import Iterator
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

CONTENT_TYPES = {
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".ogv": "video/ogg",
    ".vtt": "text/vtt; charset=utf-8",
}
CHUNK_SIZE = 64 * 1024
DEFAULT_PREFIX = "/protected-media/"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class Unsatisfiable(Exception):
    """The range asked for lies outside the file."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one byte range (first, last; inclusive) that ``header`` asks for, or None for all.

    Raises :class:`Unsatisfiable` for a well-formed range that starts beyond the end of the file
    (or a zero-length suffix, or any range of an empty file).
    """
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None:  # another unit, several ranges, or nonsense: ignored
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


def _read(path: str, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as file:
        file.seek(start)
        remaining = length
        while remaining > 0:
            chunk = file.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def _range_applies(request: HttpRequest, etag: str, modified: float) -> bool:
    """If-Range: the range is only for the version of the file the browser already has part of."""
    if_range = request.headers.get("If-Range")
    if not if_range:
        return True
    if if_range.startswith('"'):
        return if_range == etag
    date = parse_http_date_safe(if_range)
    return date is not None and int(modified) <= date


def _content_type(name: str) -> str:
    return CONTENT_TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


def private_file_response(
    request: HttpRequest, storage: FileSystemStorage, name: str
) -> HttpResponse:
    """The file ``name`` of ``storage`` for a person already allowed to have it."""
    try:
        path = storage.path(name)
        stat = os.stat(path)
    except (OSError, ValueError) as error:
        raise Http404 from error
    content_type = _content_type(name)
    mode = getattr(settings, "LEARNING_PROTECTED_MEDIA", "") or ""

    if mode:
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            prefix = getattr(settings, "LEARNING_PROTECTED_MEDIA_PREFIX", DEFAULT_PREFIX)
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        elif mode == "x-sendfile":
            response["X-Sendfile"] = path
        else:
            raise ImproperlyConfigured(
                "LEARNING_PROTECTED_MEDIA must be '', 'x-accel-redirect' or 'x-sendfile'."
            )
        patch_cache_control(response, private=True, no_store=True)
        return response

    size = stat.st_size
    etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
    try:
        wanted = parse_range(request.headers.get("Range"), size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        if wanted is not None and not _range_applies(request, etag, stat.st_mtime):
            wanted = None
        if wanted is None:
            response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
        else:
            start, end = wanted
            length = end - start + 1
            response = StreamingHttpResponse(
                _read(path, start, length), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    patch_cache_control(response, private=True, no_store=True)
    return response
