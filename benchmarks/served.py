"""What is measured through gunicorn: throughput against a bare Django view, bytes on the wire, and
the catalogue's CSV export (time and the worker's memory).

The hub runs with ``benchmarks.served_settings`` (the hub's settings, static files as in
production, DEBUG off) and the bare project with ``benchmarks.bare``, both under the Dockerfile's
gunicorn command line. The officer logs in through the login form and an authenticator code, and
every client reuses that session's cookies.
"""

import contextlib
import os
import statistics
import subprocess
import sys
import threading
import time

from django.urls import reverse

from . import catalogue, pages, wizard
from .login import log_in
from .registry import BenchContext
from .rows import Row
from .web import BASE_DIR, Gunicorn, Session, SessionBrowser, load, rss_kib, wire

THROUGHPUT = "Throughput under gunicorn, hub ÷ bare Django view"
WIRE_FIRST = "First visit on the wire (HTML + CSS + JS, compressed)"
WIRE_REPEAT = "Repeat visit on the wire (HTML + revalidated CSS/JS)"
CSV = "Unfiltered catalogue CSV export"
RATIO_TARGETS = {"catalogue": 0.33, "wizard": 0.33, "tool page": 0.5}
FIRST_VISIT_KB, REPEAT_VISIT_KB = 25.0, 12.0
CSV_MEMORY_MB = 50.0
HUB_SETTINGS = "benchmarks.served_settings"


def _hub_env() -> dict[str, str]:
    return {"DJANGO_SETTINGS_MODULE": HUB_SETTINGS, "LOG_LEVEL": "WARNING"}


def collectstatic() -> None:
    """Static files as the Docker image has them: hashed names with brotli and gzip copies."""
    subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "-v", "0"],
        cwd=BASE_DIR,
        env={**os.environ, **_hub_env()},
        check=True,
        timeout=600,
    )


def hub_server() -> Gunicorn:
    return Gunicorn("config.wsgi:application", _hub_env(), ready_path="/healthz")


def bare_server() -> Gunicorn:
    return Gunicorn("benchmarks.bare.wsgi:application", {}, ready_path="/healthz")


def signed_in(server: Gunicorn, user) -> Session:
    session = Session(server.port)
    log_in(SessionBrowser(session), user)
    return session


def _load_paths(ctx: BenchContext) -> dict[str, list[str]]:
    from tools_catalog.models import Tool  # tools removed meanwhile are left out

    return {
        "catalogue": [reverse("tools:catalogue")],
        "wizard": [wizard.wizard_results(ctx, i) for i in range(20)],
        "tool page": [
            reverse("tools:detail", args=[slug])
            for slug in Tool.objects.published()
            .filter(slug__in=catalogue.inputs(ctx).tool_slugs[:100])
            .values_list("slug", flat=True)
        ],
    }


def throughput_and_wire(ctx: BenchContext, *, clients: int, seconds: float) -> list[Row]:
    rows: list[Row] = []
    paths = _load_paths(ctx)
    officer_pages = pages.officer_pages(ctx)
    with bare_server() as bare, hub_server() as hub:
        session = signed_in(hub, ctx.user)
        for name, path in officer_pages.items():
            try:
                measured = wire(session, path)
            except Exception as error:  # noqa: BLE001 - reported, the rest still runs
                rows.append(Row(WIRE_FIRST, name, None, "KB", FIRST_VISIT_KB, error=str(error)))
                continue
            note = f"page {measured.html / 1024:.1f} KB ({measured.encoding}), {len(measured.assets)} CSS/JS files"
            rows.append(
                Row(WIRE_FIRST, name, measured.first_visit / 1024, "KB", FIRST_VISIT_KB, note=note)
            )
            rows.append(
                Row(
                    WIRE_REPEAT,
                    name,
                    measured.repeat_visit / 1024,
                    "KB",
                    REPEAT_VISIT_KB,
                    note=note,
                )
            )
        cookies = dict(session.cookies)
        session.close()

        # Warm both servers (every worker, every page) before the clock runs.
        load(bare.port, ["/"], {}, clients=clients, seconds=2)
        for page_paths in paths.values():
            load(hub.port, page_paths, cookies, clients=clients, seconds=3)
        bare_runs = [load(bare.port, ["/"], {}, clients=clients, seconds=seconds)]
        hub_runs = {name: load(hub.port, page_paths, cookies, clients=clients, seconds=seconds)
                    for name, page_paths in paths.items()}  # fmt: skip
        bare_runs.append(load(bare.port, ["/"], {}, clients=clients, seconds=seconds))
    bare_rate = statistics.fmean(run.per_second for run in bare_runs)
    rows.append(
        Row(THROUGHPUT, "bare Django view", bare_rate, "req/s",
            note=f"{clients} clients, {seconds:g} s, before and after the hub: "
                 + ", ".join(f"{run.per_second:.0f}" for run in bare_runs))
    )  # fmt: skip
    for name, run in hub_runs.items():
        ratio = run.per_second / bare_rate if bare_rate else 0.0
        error = f"{run.errors} requests failed" if run.errors and not run.requests else ""
        rows.append(
            Row(THROUGHPUT, name, ratio, "", RATIO_TARGETS[name], higher_is_better=True, error=error,
                note=f"{run.per_second:.1f} req/s ({run.requests} answered, {run.errors} not 200)")
        )  # fmt: skip
    return rows


def csv_export(user, *, tools: int) -> list[Row]:
    """Download the unfiltered catalogue CSV while reading the workers' memory from /proc."""
    what = f"{tools:,} tools"
    with hub_server() as hub:
        session = signed_in(hub, user)
        load(hub.port, [reverse("tools:catalogue")], session.cookies, clients=4, seconds=2)
        workers = hub.worker_pids()
        before = {pid: rss_kib(pid) for pid in workers}
        high_before = {pid: rss_kib(pid, "VmHWM") for pid in workers}
        peak = dict(before)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                for pid in workers:
                    with contextlib.suppress(OSError):  # a worker may be replaced meanwhile
                        peak[pid] = max(peak[pid], rss_kib(pid))
                time.sleep(0.01)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        session.close()  # the login's connection may have been closed by now (keep-alive)
        conn = session._conn()
        started = time.perf_counter()
        conn.request(
            "GET",
            reverse("tools:csv"),
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items()),
                     "Accept-Encoding": "identity"},
        )  # fmt: skip
        response = conn.getresponse()
        first_byte, size, lines = None, 0, 0
        while chunk := response.read1(65536):
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        for pid in workers:  # a peak between two samples shows in the high-water mark
            high = rss_kib(pid, "VmHWM")
            if high > high_before[pid]:
                peak[pid] = max(peak[pid], high)
        status, length = response.status, response.getheader("Content-Length")
        session.close()
    if status != 200:
        return [Row(CSV, what, None, "MB", CSV_MEMORY_MB, error=f"HTTP {status}")]
    growth_mb = max(peak[pid] - before[pid] for pid in workers) / 1024
    streamed = length is None and first_byte is not None and first_byte < seconds / 2
    first = first_byte or 0.0
    return [
        Row(CSV, f"streamed ({what})", None, "", passed=streamed,
            text=f"{'yes' if streamed else 'no'}: first byte after {first:.2f} s"),
        Row(CSV, f"worker memory growth ({what})", growth_mb, "MB", CSV_MEMORY_MB,
            note=f"peak RSS over the worker's before the download, {len(workers)} workers sampled"),
        Row(CSV, f"download time ({what})", seconds, "s",
            note=f"{size / 1024 / 1024:.1f} MB, {max(0, lines - 1):,} rows"),
    ]  # fmt: skip
