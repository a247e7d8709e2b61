"""Sending a video or captions file to a member who may see it.

The delivery itself (byte ranges, nginx's X-Accel-Redirect, signed S3 addresses) is the hub's one
way of handing out members-only files, :mod:`hub.core.private_files`, set by
``PRIVATE_MEDIA_DELIVERY``. What is particular to the learning centre: captions always come from
the hub's own origin, since a browser refuses a text track from another origin without CORS.
"""

from django.core.files.storage import Storage
from django.http import HttpRequest, HttpResponse

from hub.core import private_files
from hub.core.private_files import CONTENT_TYPES

__all__ = ["CONTENT_TYPES", "private_file_response"]


def private_file_response(request: HttpRequest, storage: Storage, name: str) -> HttpResponse:
    """The video or captions file ``name`` for a member already allowed to have it."""
    captions = name.lower().endswith(".vtt")
    return private_files.private_file_response(request, storage, name, may_redirect=not captions)
