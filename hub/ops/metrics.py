"""Prometheus metrics: requests (latency by view, count by status), failed logins, and figures
read when Prometheus scrapes (the outbox backlog, the Celery queue, the workers' heartbeat).

Under gunicorn with several worker processes, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty
directory writable by the hub (cleared at each start): every process then writes its counts there
and ``/metrics`` adds them up, whichever process answers.
"""

import ipaddress
import logging
import os

import redis
from celery import current_app
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from hub.outbox.models import OutboxEmail

from .heartbeat import heartbeat_age

logger = logging.getLogger(__name__)

REQUEST_DURATION = Histogram(
    "hub_http_request_duration_seconds",
    "Time from a request's arrival to its response, by view name",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RESPONSES = Counter("hub_http_responses", "Responses, by HTTP status", ["status"])
LOGIN_FAILURES = Counter("hub_login_failures", "Failed logins (wrong email or password)")

# Kombu's Redis transport keeps each priority of a queue in a list of its own.
_PRIORITY_SUFFIXES = ("", "\x06\x163", "\x06\x166", "\x06\x169")


class ScrapeTimeCollector:
    """Figures read when Prometheus asks, so that every process reports the same truth."""

    def describe(self):
        return []  # registering must not run the queries (the database may not be there yet)

    def collect(self):
        # A figure that cannot be read (database or Redis down) is left out; the request metrics
        # of this process are still served, and /readyz says what is wrong.
        try:
            backlog = OutboxEmail.objects.filter(state=OutboxEmail.State.PENDING).aggregate(
                count=Count("id"), oldest=Min("created_at")
            )
        except DatabaseError:
            logger.warning("metrics: the outbox could not be read")
        else:
            yield GaugeMetricFamily(
                "hub_outbox_pending_emails", "Emails waiting in the outbox", value=backlog["count"]
            )
            oldest = backlog["oldest"]
            yield GaugeMetricFamily(
                "hub_outbox_oldest_pending_age_seconds",
                "Age of the oldest email waiting in the outbox (0 when none waits)",
                value=max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0,
            )
        try:
            queues = celery_queue_lengths()
            age = None if current_app.conf.task_always_eager else heartbeat_age()
        except (redis.RedisError, OSError):
            logger.warning("metrics: Redis could not be read")
            return
        if queues is not None:
            family = GaugeMetricFamily(
                "hub_celery_queue_length", "Tasks waiting in a Celery queue", labels=["queue"]
            )
            for queue, length in queues.items():
                family.add_metric([queue], length)
            yield family
        if age is not None:
            yield GaugeMetricFamily(
                "hub_worker_heartbeat_age_seconds",
                "Seconds since a Celery worker last showed it takes tasks",
                value=age,
            )


def celery_queue_lengths() -> dict[str, int] | None:
    """Tasks waiting in each of the hub's queues on Redis; ``None`` when tasks run in-process."""
    if not settings.REDIS_URL or current_app.conf.task_always_eager:
        return None
    names = [current_app.conf.task_default_queue]
    names += [queue.name for queue in current_app.conf.task_queues or () if queue.name not in names]
    client = redis.Redis.from_url(
        current_app.conf.broker_url, socket_timeout=2, socket_connect_timeout=2
    )
    with client, client.pipeline(transaction=False) as pipe:
        for name in names:
            for suffix in _PRIORITY_SUFFIXES:
                pipe.llen(name + suffix)
        lengths = pipe.execute()
    step = len(_PRIORITY_SUFFIXES)
    return {name: sum(lengths[i * step : (i + 1) * step]) for i, name in enumerate(names)}


_SCRAPE_TIME = ScrapeTimeCollector()
_MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
if not _MULTIPROCESS:
    REGISTRY.register(_SCRAPE_TIME)


def metrics_render() -> bytes:
    """The exposition text: this process's metrics, or all processes' in multiprocess mode."""
    if not _MULTIPROCESS:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_SCRAPE_TIME)
    return generate_latest(registry)


def metrics_allowed(request, client: str | None) -> bool:
    """From a network listed in ``METRICS_ALLOWED_NETWORKS``, or a staff member who has given
    their second factor in this session."""
    if client:
        address = ipaddress.ip_address(client)
        if address.version == 6 and address.ipv4_mapped:  # ::ffff:10.0.0.5 from a dual-stack socket
            address = address.ipv4_mapped
        if any(address in network for network in _allowed_networks()):
            return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff and user.is_verified())


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.METRICS_ALLOWED_NETWORKS]


def login_failure_count(**kwargs) -> None:
    LOGIN_FAILURES.inc()
