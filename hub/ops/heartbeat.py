"""The workers' heartbeat: proof for readiness that some Celery worker is taking tasks.

Every worker writes the time into the shared cache when it starts (``worker_ready``) and whenever
it runs the ``worker_heartbeat`` task the beat schedules every minute. Readiness fails when the
newest heartbeat is older than ``WORKER_HEARTBEAT_MAX_AGE`` seconds.
"""

import time

from celery.signals import worker_ready
from django.core.cache import cache

CACHE_KEY = "hub:ops:worker-heartbeat"
# Kept well past any sensible maximum age, so an old heartbeat reads as old rather than as none.
CACHE_SECONDS = 7 * 24 * 60 * 60


def heartbeat_record() -> None:
    cache.set(CACHE_KEY, time.time(), CACHE_SECONDS)


def heartbeat_age() -> float | None:
    """Seconds since the newest heartbeat, or ``None`` when no worker has written one."""
    beat = cache.get(CACHE_KEY)
    return None if beat is None else max(0.0, time.time() - float(beat))


@worker_ready.connect(dispatch_uid="hub.ops.heartbeat")
def _worker_ready(**kwargs) -> None:
    heartbeat_record()
