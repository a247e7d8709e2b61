"""One log line and the metrics of every request, and the request id that ties its logs together.

Outermost in ``MIDDLEWARE``: the duration covers the whole stack, and every record logged while the
request runs carries its id. It adds no query: the user id is logged only when the request has
already loaded the user.
"""

import logging
import time

from django.utils.functional import empty

from hub.core.client_address import client_address

from .logs import request_id_from, request_id_var
from .metrics import REQUEST_DURATION, RESPONSES

logger = logging.getLogger("hub.request")

HEADER = "X-Request-ID"
# URL parts that are secrets of their own (password-reset and confirmation keys, invitation tokens):
# for such URLs the log shows the route with its placeholders instead of the path.
_SECRET_URL_PARTS = frozenset({"key", "token", "uidb36", "uidb64"})
UNMATCHED = "<unmatched>"


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(HEADER))
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            duration = time.perf_counter() - started
            response[HEADER] = request_id
            view = _view_name(request)
            REQUEST_DURATION.labels(view=view).observe(duration)
            RESPONSES.labels(status=str(response.status_code)).inc()
            logger.info(
                "%s %s %s",
                request.method,
                _path(request),
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": _path(request),
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 1),
                    "user_id": _user_id(request),
                    "client": client_address(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else UNMATCHED


def _path(request) -> str:
    """The path without its query string (it can hold personal data), and without the secret
    parts of the URLs that carry one."""
    match = getattr(request, "resolver_match", None)
    if match is not None and _SECRET_URL_PARTS & set(match.kwargs):
        return "/" + match.route
    return request.path


def _user_id(request) -> int | None:
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None  # never loaded by this request: loading it here would cost a query
    return user.pk if user.is_authenticated else None
