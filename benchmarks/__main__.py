"""``python -m benchmarks``: build the bench database, measure every scenario, report.

Exits 0 when targets are missed (they are reported); non-zero only when the benchmark itself cannot
run (no database, a failed migration).
"""

import argparse
import os
import sys
import time

from . import database


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--tools", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=500)
    parser.add_argument("--officers", type=int, default=2_000)
    parser.add_argument("--feedback", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=50, help="measured requests per scenario")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the bench database if it holds these sizes"
    )
    parser.add_argument("--suite", action="append", help="run only this suite (repeatable)")
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the generated data")
    parser.add_argument(
        "--show-sql", action="store_true", help="print the slowest queries of each scenario"
    )
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    bench_db = database.configure(reuse=args.reuse)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()

    from django.core.management import call_command

    from . import data, load_suites, registry, report

    load_suites()
    selected = registry.scenarios(args.suite, args.only)
    if not selected:
        print("No scenario matches --suite/--only.", file=sys.stderr)
        return 2

    print(f"Bench database: {bench_db.vendor} {bench_db.name}")
    call_command("migrate", interactive=False, verbosity=0)
    sizes = data.Sizes(
        tools=args.tools,
        providers=args.providers,
        officers=args.officers,
        feedback=args.feedback,
        **({"seed": args.seed} if args.seed is not None else {}),
    )
    wanted = {k: v for k, v in sizes.as_dict().items() if k != "seed"}
    timings: dict[str, float] = {}
    if args.reuse and bench_db.existed and data.dataset_counts() == wanted:
        print("Reusing the bench data: " + ", ".join(f"{v:,} {k}" for k, v in wanted.items()))
    else:
        if bench_db.existed:
            print("The bench database holds other sizes: emptying it.")
            call_command("flush", interactive=False, verbosity=0)
        print("Generating: " + ", ".join(f"{v:,} {k}" for k, v in wanted.items()))
        started = time.perf_counter()
        timings = data.build(sizes, log=print)
        data.analyze()
        timings["total"] = round(time.perf_counter() - started, 2)
        print(f"  {'total':<12} {timings['total']:6.2f} s")

    ctx = registry.signed_in_context(data.login_officer(), seed=sizes.seed)
    results = []
    for item in selected:
        print(f"Measuring {item.title} ...", flush=True)
        results.append(registry.measure(ctx, item, args.requests))

    env = report.environment(bench_db, data.dataset_counts(), timings)
    report.print_table(results, env)
    if args.show_sql:
        report.print_sql(results)
    label = "-".join(dict.fromkeys(item.suite for item in selected))
    path = report.write_json(results, env, database.bench_dir(), label)
    print(f"\nWritten: {path} and {path.parent / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
