"""Readiness: may this process take traffic? The database answers, Redis answers, every
migration of this code is applied, and a Celery worker has shown a heartbeat lately.

Each check answers a short word and whether it passed; nothing from an exception (addresses,
passwords in URLs, stack traces) ever leaves this module.
"""

import functools
import uuid
from dataclasses import dataclass

import redis
from celery import current_app
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .heartbeat import heartbeat_age

REDIS_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class Check:
    passed: bool
    state: str


OK = Check(True, "ok")


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return Check(False, "unavailable")
    return OK


def redis_check() -> Check:
    """A set and a get of a short-lived key on the Redis that carries the queue and the cache,
    with short timeouts so that an unreachable server answers quickly."""
    if not settings.REDIS_URL:
        return Check(True, "not configured")
    key, value = f"hub:ops:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        with client:
            client.set(key, value, ex=10)
            answered = client.get(key)
            client.delete(key)
    except Exception:
        return Check(False, "unavailable")
    return OK if answered == value.encode() else Check(False, "unavailable")


@functools.cache
def _migration_loader() -> MigrationLoader:
    # The migration files are read once per process (they change only with the code); what the
    # database has applied is read on every check.
    return MigrationLoader(None, ignore_no_migrations=True)


def migrations_check() -> Check:
    loader = _migration_loader()
    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    except Exception:
        return Check(False, "unavailable")

    def is_applied(key) -> bool:
        if key in applied:
            return True
        replaced = loader.replacements.get(
            key
        )  # a squashed migration counts when all it replaces do
        return replaced is not None and all(old in applied for old in replaced.replaces)

    pending = [key for key in loader.graph.nodes if not is_applied(key)]
    return Check(False, "pending") if pending else OK


def worker_check() -> Check:
    if current_app.conf.task_always_eager:
        return Check(True, "in-process")
    try:
        age = heartbeat_age()
    except Exception:
        return Check(False, "unavailable")
    if age is None:
        return Check(False, "no heartbeat")
    if age > settings.WORKER_HEARTBEAT_MAX_AGE:
        return Check(False, "stale")
    return OK


CHECKS = {
    "database": database_check,
    "redis": redis_check,
    "migrations": migrations_check,
    "worker": worker_check,
}


def readiness() -> dict[str, Check]:
    return {name: check() for name, check in CHECKS.items()}
