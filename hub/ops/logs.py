"""Structured logs: the request id of the current request or task, and a one-object-per-line
JSON formatter.

The request id comes from ``X-Request-ID`` when the proxy or the client sent a sane one, otherwise
it is made here; every log record written while the request (or a task it queued) runs carries it.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str | None] = ContextVar("hub_request_id", default=None)

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# The name of the Celery message header that carries the request id into a task.
TASK_HEADER = "hub_request_id"


def request_id_from(value: str | None) -> str:
    """The caller's request id when it looks sane (at most 64 of ``A-Z a-z 0-9 . _ -``), else a new one."""
    if value and _SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get() or "-"
        return True


# What every LogRecord has; anything else on a record was passed with ``extra=`` and is a field.
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "request_id",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the ``extra`` fields,
    and the exception's traceback as one string when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get() or "-",
        }
        for key, value in record.__dict__.items():
            # Only plain values: Django passes the request object itself, whose text holds the
            # query string.
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_") and _plain(value):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def _plain(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


# Celery signal receivers (connected in config/celery.py): the request id goes with the message
# and is the task's while it runs.


def task_headers_add_request_id(headers: dict | None = None, **kwargs) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers[TASK_HEADER] = request_id


def task_request_id_set(task=None, **kwargs) -> None:
    if task is None or task.request.is_eager:
        return  # run in-process: the request's own id is already there
    value = getattr(task.request, TASK_HEADER, None) or (task.request.headers or {}).get(
        TASK_HEADER
    )
    sane = isinstance(value, str) and _SANE_REQUEST_ID.fullmatch(value)
    request_id_var.set(value if sane else None)


def task_request_id_clear(task=None, **kwargs) -> None:
    if task is not None and not task.request.is_eager:
        request_id_var.set(None)
