"""Scenarios and how one is measured.

A scenario is a function ``run(ctx, i)`` that performs request ``i`` (inputs may vary with ``i``; the
shape of the request must not) and returns the response. It is registered with :func:`scenario`,
with its targets. :func:`measure` runs the warm-up requests, then times each request with
``time.perf_counter`` and counts its SQL queries with ``CaptureQueriesContext``.

A scenario that needs untimed preparation per request (its URL, a fresh tool to remove, ...)
registers a ``prepare(ctx, i)``; what it returns is passed to ``run`` as ``ctx.prepared``. A plain
page is registered with :func:`page` and a function that returns the URL to GET.
"""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

P95_MS = 50.0
MAX_QUERIES = 12


@dataclass
class BenchContext:
    """What scenarios share: the signed-in client, a seeded random source and memoised inputs."""

    client: Client
    user: Any
    rng: random.Random = field(default_factory=lambda: random.Random(1))
    prepared: Any = None
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]

    def forget(self) -> None:
        """Drop memoised inputs (after the data set changed)."""
        self._memo.clear()


def signed_in_context(user, *, seed: int = 1) -> BenchContext:
    """A client signed in as ``user`` through the login form and an authenticator code."""
    from .login import DjangoBrowser, log_in

    client = Client()
    log_in(DjangoBrowser(client), user)
    return BenchContext(client=client, user=user, rng=random.Random(seed))


def relogin(ctx: BenchContext) -> BenchContext:
    """The same officer and inputs in a new session (after a long pause, which ends a session)."""
    fresh = signed_in_context(ctx.user)
    fresh.rng, fresh._memo = ctx.rng, ctx._memo
    return fresh


Run = Callable[[BenchContext, int], HttpResponse]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    suite: str
    run: Run
    prepare: Callable[[BenchContext, int], Any] | None = None
    requests: int | None = None  # None: the --requests option
    warmup: int = 3
    target_p95_ms: float | None = P95_MS
    target_max_queries: int | None = MAX_QUERIES
    expected_status: int = 200


SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str, title: str, *, suite: str, **options) -> Callable[[Run], Run]:
    """Register ``run`` as a scenario of ``suite`` (options: see :class:`Scenario`)."""

    def register(run: Run) -> Run:
        if name in SCENARIOS:
            raise ValueError(f"Scenario {name!r} is registered twice.")
        SCENARIOS[name] = Scenario(name=name, title=title, suite=suite, run=run, **options)
        return run

    return register


def page(name: str, title: str, *, suite: str, **options) -> Callable[[Callable], Callable]:
    """Register a GET of the URL that ``url(ctx, i)`` returns (built untimed, before the request)."""

    def register(url: Callable[[BenchContext, int], str]) -> Callable:
        scenario(name, title, suite=suite, prepare=url, **options)(_get_prepared)
        return url

    return register


def _get_prepared(ctx: BenchContext, i: int) -> HttpResponse:
    return ctx.client.get(ctx.prepared)


def scenarios(suites: list[str] | None = None, names: list[str] | None = None) -> list[Scenario]:
    return [
        s
        for s in SCENARIOS.values()
        if (not suites or s.suite in suites) and (not names or s.name in names)
    ]


@dataclass
class Measurement:
    seconds: float
    queries: int
    status: int
    sql: list[tuple[float, str]]  # (milliseconds, statement) in the order they ran


def measure_once(ctx: BenchContext, item: Scenario, i: int) -> Measurement:
    ctx.prepared = item.prepare(ctx, i) if item.prepare else None
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = item.run(ctx, i)
        seconds = time.perf_counter() - started
    sql = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    return Measurement(seconds, len(captured), response.status_code, sql)


@dataclass
class Result:
    scenario: Scenario
    requests: int = 0
    seconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    error: str = ""
    slowest_sql: list[tuple[float, str]] = field(default_factory=list)  # the slowest request's

    @property
    def p50_ms(self) -> float | None:
        return statistics.median(self.seconds) * 1000 if self.seconds else None

    @property
    def p95_ms(self) -> float | None:
        if len(self.seconds) < 2:
            return self.seconds[0] * 1000 if self.seconds else None
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[94] * 1000

    @property
    def max_ms(self) -> float | None:
        return max(self.seconds) * 1000 if self.seconds else None

    @property
    def max_queries(self) -> int | None:
        return max(self.queries) if self.queries else None

    @property
    def min_queries(self) -> int | None:
        return min(self.queries) if self.queries else None

    def missed(self) -> list[str]:
        """The targets this scenario missed, in words."""
        if self.error:
            return [f"failed: {self.error}"]
        s, missed = self.scenario, []
        if s.target_p95_ms is not None and self.p95_ms > s.target_p95_ms:
            missed.append(f"p95 {self.p95_ms:.1f} ms > {s.target_p95_ms:g} ms")
        if s.target_max_queries is not None and self.max_queries > s.target_max_queries:
            missed.append(f"{self.max_queries} queries > {s.target_max_queries}")
        return missed

    def as_dict(self) -> dict:
        def ms(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "name": self.scenario.name,
            "title": self.scenario.title,
            "suite": self.scenario.suite,
            "requests": self.requests,
            "p50_ms": ms(self.p50_ms),
            "p95_ms": ms(self.p95_ms),
            "max_ms": ms(self.max_ms),
            "mean_ms": ms(statistics.fmean(self.seconds) * 1000) if self.seconds else None,
            "min_queries": self.min_queries,
            "max_queries": self.max_queries,
            "target_p95_ms": self.scenario.target_p95_ms,
            "target_max_queries": self.scenario.target_max_queries,
            "missed": self.missed(),
            "error": self.error or None,
            "slowest_request_sql": [
                {"ms": round(ms, 1), "sql": sql} for ms, sql in self.slowest_sql
            ],
        }


def measure(ctx: BenchContext, item: Scenario, requests: int) -> Result:
    """Warm up, then time ``requests`` requests; stops at the first failing request."""
    count = item.requests or requests
    result = Result(item)
    try:
        for i in range(item.warmup):
            m = measure_once(ctx, item, i)
            _check(item, m)
        for i in range(item.warmup, item.warmup + count):
            m = measure_once(ctx, item, i)
            _check(item, m)
            if not result.seconds or m.seconds > max(result.seconds):
                result.slowest_sql = m.sql
            result.requests += 1
            result.seconds.append(m.seconds)
            result.queries.append(m.queries)
    except Exception as error:  # noqa: BLE001 - reported, and the other scenarios still run
        result.error = f"{type(error).__name__}: {error}"[:300]
    return result


def _check(item: Scenario, m: Measurement) -> None:
    if m.status != item.expected_status:
        raise AssertionError(f"HTTP {m.status}, expected {item.expected_status}")
