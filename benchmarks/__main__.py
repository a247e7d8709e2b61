"""``python -m benchmarks``: build the bench database, measure every row of the performance table,
report.

One run, one database that grows: the pages whose growth has a target are measured at
``--growth-from`` tools (1,000); the data set then grows to ``--tools`` (10,000), where everything
else is measured (pages in-process, page sizes, a removal, gunicorn throughput and bytes on the
wire); it then grows to ``--growth-to`` (50,000), where the growth pages are measured again and the
catalogue's CSV export is downloaded. ``--quick`` skips the growth and the gunicorn measurements.

Exits 0 when targets are missed (they are reported); non-zero only when the benchmark itself cannot
run (no database, a failed migration).
"""

import argparse
import os
import sys
import time

from . import database

GROWTH = {  # scenario -> the case's name in the growth rows
    "catalogue_first_page": "catalogue, default",
    "catalogue_search": "catalogue, search (en)",
    "catalogue_search_zh": "catalogue, search (zh)",
    "wizard_results": "wizard, five answers",
    "catalogue_after_change": "catalogue after a change",
    "wizard_after_change": "wizard after a change",
}
GROWTH_TARGET = 1.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--tools", type=int, default=10_000)
    parser.add_argument("--growth-from", type=int, default=1_000)
    parser.add_argument("--growth-to", type=int, default=50_000)
    parser.add_argument("--providers", type=int, default=500)
    parser.add_argument("--officers", type=int, default=2_000)
    parser.add_argument("--feedback", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients under gunicorn")
    parser.add_argument("--duration", type=float, default=15, help="seconds of load per page")
    parser.add_argument("--no-growth", action="store_true", help="measure at --tools only")
    parser.add_argument(
        "--no-served", action="store_true", help="skip throughput and bytes on the wire"
    )
    parser.add_argument("--no-removal", action="store_true", help="skip the removal")
    parser.add_argument("--no-watches", action="store_true", help="skip matching watches")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")
    parser.add_argument(
        "--quick", action="store_true", help="--no-growth --no-served, 10 requests per page"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="without growth: keep a bench database of these sizes"
    )
    parser.add_argument("--suite", action="append", help="in-process pages: only this suite")
    parser.add_argument("--only", action="append", help="in-process pages: only this scenario")
    parser.add_argument("--seed", type=int, default=None, help="seed of the generated data")
    parser.add_argument(
        "--show-sql", action="store_true", help="print the slowest queries of each scenario"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.no_growth = args.no_served = args.no_csv = True
        args.requests = min(args.requests, 10)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    if not args.no_growth and not args.growth_from < args.tools <= args.growth_to:
        parser.error("growth needs --growth-from < --tools <= --growth-to")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    bench_db = database.configure(reuse=args.reuse and args.no_growth)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no line per request in the output

    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from . import data, load_suites, pages, registry, removal, report, served, watches
    from .login import DjangoBrowser, log_in
    from .rows import Row, load_average

    load_suites()
    order = ["catalogue", "wizard", "changes"]
    selected = sorted(
        (s for s in registry.scenarios(args.suite, args.only) if s.suite in order),
        key=lambda s: order.index(s.suite),
    )
    if args.suite and "outbox" in args.suite:
        selected += registry.scenarios(["outbox"])
    print(f"Bench database: {bench_db.vendor} {bench_db.name}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    sizes = data.Sizes(
        tools=args.tools,
        providers=args.providers,
        officers=args.officers,
        feedback=args.feedback,
        **({"seed": args.seed} if args.seed is not None else {}),
    )
    wanted = {k: v for k, v in sizes.as_dict().items() if k != "seed"}
    timings: dict = {}
    phases: dict[str, list] = {}
    rows: list[Row] = []
    loads: dict[tuple[str, str], tuple] = {}  # the load average as each page was measured

    def measure(label: str, items) -> dict[str, registry.Result]:
        results = {}
        for item in items:
            print(f"Measuring {item.title} at {label} ...", flush=True)
            results[item.name] = registry.measure(ctx, item, args.requests)
            loads[(label, item.name)] = load_average()
        phases[label] = list(results.values())
        return results

    def attempt(section: str, measure_rows) -> list[Row]:
        """The rows of one part; a part that fails is one FAILED row, and the run goes on."""
        try:
            return measure_rows()
        except Exception as error:  # noqa: BLE001 - reported in the table
            return [Row(section, "(all)", None, "", error=f"{type(error).__name__}: {error}"[:300])]

    def checkpoint() -> None:
        """The rows so far, in var/bench/partial.*: a long run that is stopped still tells."""
        env = report.environment(bench_db, data.dataset_counts(), timings)
        report.write_partial(rows, phases, env, database.bench_dir())

    def grow_to(tools: int, feedback: int) -> None:
        checkpoint()
        print(f"Growing to {tools:,} tools, {feedback:,} feedback:", flush=True)
        timings[f"grow to {tools}"] = data.grow(
            tools=tools, feedback=feedback, seed=sizes.seed, log=print
        )

    growth_items = [s for s in registry.scenarios() if s.name in GROWTH]
    small: dict[str, registry.Result] = {}
    if not args.no_growth:
        if bench_db.existed:
            call_command("flush", interactive=False, verbosity=0)
        first = data.Sizes(
            tools=args.growth_from,
            providers=args.providers,
            officers=args.officers,
            feedback=args.feedback * args.growth_from // args.tools,
            seed=sizes.seed,
        )
        print(f"Generating {args.growth_from:,} tools (growth starts here):", flush=True)
        timings["build"] = data.build(first, log=print)
        data.analyze()
        ctx = registry.signed_in_context(data.login_officer(), seed=sizes.seed)
        small = measure(f"{args.growth_from} tools", growth_items)
        grow_to(args.tools, args.feedback)
    elif args.reuse and bench_db.existed and data.dataset_counts() == wanted:
        print("Reusing the bench data: " + ", ".join(f"{v:,} {k}" for k, v in wanted.items()))
    else:
        if bench_db.existed:
            call_command("flush", interactive=False, verbosity=0)
        print("Generating: " + ", ".join(f"{v:,} {k}" for k, v in wanted.items()), flush=True)
        timings["build"] = data.build(sizes, log=print)
        data.analyze()

    ctx = registry.signed_in_context(data.login_officer(), seed=sizes.seed)
    main_label = f"{args.tools} tools"
    results = measure(main_label, selected)
    section_of = {
        "catalogue": f"Catalogue p95 in-process ({args.tools:,} tools)",
        "wizard": f"Wizard and shortlist p95 in-process ({args.tools:,} tools)",
        "changes": f"First request after a tool change, p95 ({args.tools:,} tools)",
        "outbox": "Email delivery",
    }
    for name, result in results.items():
        section = section_of.get(result.scenario.suite, result.scenario.suite)
        if name in {"tool_page", "compare_four"}:
            section = f"Other officer pages p95 in-process ({args.tools:,} tools)"
        load = loads.get((main_label, name))
        rows.append(report.result_row(section, result.scenario.title, result, load))

    print("Measuring the size of officer pages ...", flush=True)
    rows += pages.html_sizes(ctx)

    if not args.no_removal:
        print("Removing tools saved by 10,000 officers ...", flush=True)
        staff = Client()
        log_in(DjangoBrowser(staff), data.login_staff())
        rows += attempt(removal.SECTION, lambda: removal.removal_rows(ctx, staff))

    if not args.no_watches:
        print("Matching a tool's change against 10,000 watches ...", flush=True)
        rows += attempt(watches.SECTION, lambda: watches.watch_rows(ctx))

    if not args.no_served:
        print(
            "Collecting static files; serving the hub and a bare view with gunicorn ...", flush=True
        )
        served.collectstatic()
        ctx = registry.relogin(ctx)
        rows += attempt(
            served.THROUGHPUT,
            lambda: served.throughput_and_wire(ctx, clients=args.clients, seconds=args.duration),
        )

    if not args.no_growth:
        grow_to(args.growth_to, args.feedback)
        checkpoint()
        ctx = registry.relogin(ctx)
        big = measure(f"{args.growth_to} tools", growth_items)
        section = f"Growth {args.growth_from:,} → {args.growth_to:,} tools, p95 ratio"
        for name, what in GROWTH.items():
            before, after = small.get(name), big.get(name)
            if before is None or after is None:
                continue
            if before.error or after.error or not before.p95_ms:
                error = before.error or after.error or "nothing measured"
                rows.append(Row(section, what, None, "x", GROWTH_TARGET, error=error))
                continue
            rows.append(
                Row(section, what, after.p95_ms / before.p95_ms, "x", GROWTH_TARGET,
                    note=f"p95 {before.p95_ms:.1f} ms → {after.p95_ms:.1f} ms")
            )  # fmt: skip

    if not args.no_csv:
        print("Downloading the catalogue's CSV export through gunicorn ...", flush=True)
        from tools_catalog.models import Tool

        checkpoint()
        tools = Tool.objects.published().count()
        rows += attempt(served.CSV, lambda: served.csv_export(ctx.user, tools=tools))

    timings["total"] = round(time.perf_counter() - began, 1)
    env = report.environment(bench_db, data.dataset_counts(), timings)
    report.print_rows(rows, env)
    if args.show_sql:
        for results_of_phase in phases.values():
            report.print_sql(results_of_phase)
    path = report.write_json(rows, phases, env, database.bench_dir(), "bench")
    print(f"\nTook {timings['total'] / 60:.1f} min. Written: {path}, latest.json and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
