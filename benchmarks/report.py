"""The results: a table on the terminal and JSON under var/bench/."""

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from .registry import MAX_QUERIES, P95_MS, Result


def environment(database, counts: dict[str, int], timings: dict[str, float]) -> dict:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        server_version = cursor.fetchone()[0]
    return {
        "database_vendor": connection.vendor,
        "database_version": server_version,
        "database_name": database.name,
        "data_reused": database.existed,
        "counts": counts,
        "data_seconds": timings,
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": _cpu_count(),
    }


def _cpu_count() -> int | None:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def print_table(results: list[Result], env: dict, out=sys.stdout) -> None:
    vendor = env["database_vendor"]
    counts = ", ".join(f"{value:,} {key}" for key, value in env["counts"].items())
    out.write(
        f"\nDatabase: {vendor} {env['database_version']} ({env['database_name']}); {counts}\n"
    )
    out.write(f"Python {env['python']}, Django {env['django']}, {env['cpus']} CPUs\n\n")
    header = f"{'scenario':<26} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}  targets"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for result in results:
        queries = (
            "-"
            if result.max_queries is None
            else str(result.max_queries)
            if result.min_queries == result.max_queries
            else f"{result.min_queries}-{result.max_queries}"
        )
        missed = result.missed()
        verdict = "met" if not missed else "MISSED: " + "; ".join(missed)
        out.write(
            f"{result.scenario.title:<26} {result.requests:>8} {_ms(result.p50_ms):>8} "
            f"{_ms(result.p95_ms):>8} {_ms(result.max_ms):>8} {queries:>8}  {verdict}\n"
        )
    out.write(f"\nTargets (on PostgreSQL): p95 under {P95_MS:g} ms and at most {MAX_QUERIES} SQL ")
    out.write("queries per page; 'queries' is the most any measured request made.\n")
    if vendor != "postgresql":
        out.write(
            "This run is on SQLite: the targets are stated for PostgreSQL, shown for orientation.\n"
        )
    missed = [r for r in results if r.missed()]
    if missed:
        out.write(f"Targets missed by {len(missed)} of {len(results)} scenarios: ")
        out.write(", ".join(r.scenario.name for r in missed) + "\n")
    else:
        out.write("Every scenario met its targets.\n")


def print_sql(results: list[Result], out=sys.stdout, top: int = 5) -> None:
    """The slowest queries of each scenario's slowest request: where the time goes."""
    for result in results:
        if not result.slowest_sql:
            continue
        total = sum(ms for ms, _sql in result.slowest_sql)
        out.write(
            f"\n{result.scenario.title}: slowest request {_ms(result.max_ms)} ms, "
            f"{len(result.slowest_sql)} queries taking {total:.1f} ms; the slowest:\n"
        )
        for ms, sql in sorted(result.slowest_sql, key=lambda item: -item[0])[:top]:
            out.write(f"  {ms:7.1f} ms  {sql[:220]}\n")


def write_json(results: list[Result], env: dict, directory: Path, label: str) -> Path:
    now = datetime.now(UTC)
    data = {
        "benchmark": label,
        "timestamp": now.isoformat(timespec="seconds"),
        "environment": env,
        "targets": {"p95_ms": P95_MS, "max_queries": MAX_QUERIES, "database": "postgresql"},
        "all_targets_met": not any(r.missed() for r in results),
        "scenarios": [r.as_dict() for r in results],
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = directory / f"{label}-{now:%Y%m%dT%H%M%SZ}.json"
    path.write_text(text, encoding="utf-8")
    (directory / "latest.json").write_text(text, encoding="utf-8")
    return path
