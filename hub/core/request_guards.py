"""Requests carrying text the database cannot hold are refused before anything reads them.

PostgreSQL refuses the NUL character in text, and a lone surrogate cannot be encoded for it at all:
such a value reaching a query is a server error, wherever it came from (path, query string, form,
cookie, header). Nothing a person types contains either, so the request is answered 400 with the
hub's normal page, before the session is even looked up.
"""

import re
from collections.abc import Iterator

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils import translation

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if any(UNSTORABLE.search(text) for text in _texts(request)):
            # The locale middleware has not run yet: the 400 page in the person's language.
            translation.activate(translation.get_language_from_request(request))
            raise BadRequest("The request contains characters that cannot be stored.")
        return self.get_response(request)


def _texts(request: HttpRequest) -> Iterator[str]:
    yield request.path_info
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and isinstance(value, str):
            yield value
    for name, value in request.COOKIES.items():  # parsed: a quoted cookie may spell NUL as \000
        yield name
        yield value
    yield from _fields(request.GET)
    try:
        yield from _fields(request.POST)
        for name, upload in request.FILES.items():
            yield name
            yield upload.name or ""
    except OSError:
        # The client went away while sending the body; as the CSRF check does, leave the
        # unreadable body to the view, which sees an empty form.
        pass


def _fields(data) -> Iterator[str]:
    for name, values in data.lists():
        yield name
        yield from values
