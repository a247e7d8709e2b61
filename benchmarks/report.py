"""The results: a table on the terminal, JSON under var/bench/, and the same table in Markdown."""

import json
import platform
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from .registry import MAX_QUERIES, Result
from .rows import FAILED, MET, MISSED, NO_TARGET, Row, load_average


def environment(database, counts: dict[str, int], timings: dict) -> dict:
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
        "load_average_at_end": list(load_average()),
    }


def _cpu_count() -> int | None:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def result_row(section: str, what: str, result: Result, load: tuple | None = None) -> Row:
    """A scenario's p95 as a row; the SQL queries go in the note (at most 12 per page)."""
    load = load or load_average()
    if result.error:
        return Row(
            section, what, None, "ms", result.scenario.target_p95_ms, error=result.error, load=load
        )
    queries = (
        f"{result.max_queries}"
        if result.min_queries == result.max_queries
        else f"{result.min_queries}-{result.max_queries}"
    )
    over = (
        f" (over {MAX_QUERIES})"
        if result.max_queries is not None and result.max_queries > MAX_QUERIES
        else ""
    )
    note = f"p50 {result.p50_ms:.1f} ms, {result.requests} requests, {queries} queries{over}"
    return Row(
        section, what, result.p95_ms, "ms", result.scenario.target_p95_ms, note=note, load=load
    )


def _sections(rows: list[Row]) -> dict[str, list[Row]]:
    sections: dict[str, list[Row]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(row)
    return sections


def _load(row: Row) -> str:
    return "/".join(f"{value:.2f}" for value in row.load)


def print_rows(rows: list[Row], env: dict, out=sys.stdout) -> None:
    counts = ", ".join(f"{value:,} {key}" for key, value in env["counts"].items())
    out.write(
        f"\nDatabase: {env['database_vendor']} {env['database_version']} "
        f"({env['database_name']}); at the end: {counts}\n"
        f"Python {env['python']}, Django {env['django']}, {env['cpus']} CPUs; "
        f"load average (1/5/15 min) at the end: {'/'.join(map(str, env['load_average_at_end']))}\n"
    )
    width = max((len(row.what) for row in rows), default=20)
    for section, members in _sections(rows).items():
        out.write(f"\n{section}\n")
        for row in members:
            detail = row.error or row.note
            out.write(
                f"  {row.what:<{width}}  {row.target_text:>10}  {row.measured_text:>12}  "
                f"{row.verdict:<9}  load {_load(row):<16}  {detail}\n"
            )
    tally = Counter(row.verdict for row in rows)
    out.write(
        f"\n{tally[MET]} met, {tally[MISSED]} missed, {tally[FAILED]} failed, "
        f"{tally[NO_TARGET]} without a target (reported only). CPUs: {env['cpus']}.\n"
    )
    if env["database_vendor"] != "postgresql":
        out.write("This run is on SQLite: the targets are stated for PostgreSQL.\n")


def markdown(rows: list[Row], env: dict) -> str:
    lines = [
        f"{env['database_vendor']} {env['database_version']}, {env['cpus']} CPUs, "
        f"Python {env['python']}, Django {env['django']}",
        "",
        "| what | case | target | measured | verdict | load 1/5/15 | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        detail = (row.error or row.note).replace("|", "/")
        lines.append(
            f"| {row.section} | {row.what} | {row.target_text} | {row.measured_text} | "
            f"{row.verdict} | {_load(row)} | {detail} |"
        )
    return "\n".join(lines) + "\n"


def print_sql(results: list[Result], out=sys.stdout, top: int = 5) -> None:
    """The slowest queries of each scenario's slowest request: where the time goes."""
    for result in results:
        if not result.slowest_sql:
            continue
        total = sum(ms for ms, _sql in result.slowest_sql)
        out.write(
            f"\n{result.scenario.title}: slowest request {result.max_ms:.1f} ms, "
            f"{len(result.slowest_sql)} queries taking {total:.1f} ms; the slowest:\n"
        )
        for ms, sql in sorted(result.slowest_sql, key=lambda item: -item[0])[:top]:
            out.write(f"  {ms:7.1f} ms  {sql[:220]}\n")


def write_json(
    rows: list[Row], phases: dict[str, list[Result]], env: dict, directory: Path, label: str
) -> Path:
    now = datetime.now(UTC)
    data = {
        "benchmark": label,
        "timestamp": now.isoformat(timespec="seconds"),
        "environment": env,
        "rows": [row.as_dict() for row in rows],
        "verdicts": dict(Counter(row.verdict for row in rows)),
        "all_targets_met": all(row.verdict in {MET, NO_TARGET} for row in rows),
        "phases": {
            phase: [result.as_dict() for result in results] for phase, results in phases.items()
        },
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = directory / f"{label}-{now:%Y%m%dT%H%M%SZ}.json"
    path.write_text(text, encoding="utf-8")
    (directory / "latest.json").write_text(text, encoding="utf-8")
    (directory / "latest.md").write_text(markdown(rows, env), encoding="utf-8")
    return path


def write_partial(
    rows: list[Row], phases: dict[str, list[Result]], env: dict, directory: Path
) -> None:
    """The rows measured so far (``partial.json`` and ``partial.md``), replaced at each phase."""
    data = {
        "complete": False,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": env,
        "rows": [row.as_dict() for row in rows],
        "phases": {phase: [r.as_dict() for r in results] for phase, results in phases.items()},
    }
    (directory / "partial.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (directory / "partial.md").write_text(markdown(rows, env), encoding="utf-8")
