"""Performance benchmarks of the hub: ``make bench`` (``python -m benchmarks``).

The benchmark builds its own database (``<name>_bench`` on the PostgreSQL server named by
``DATABASE_URL``, otherwise ``var/bench/bench.sqlite3``), fills it with a catalogue of realistic size,
and measures pages in-process with Django's test client signed in as a verified officer.

* :mod:`benchmarks.database` picks and prepares the bench database (before Django starts);
* :mod:`benchmarks.data` generates the data set with bulk inserts (also used by tests, at small sizes);
* :mod:`benchmarks.registry` holds the scenarios and measures them;
* :mod:`benchmarks.catalogue`, :mod:`benchmarks.wizard` and :mod:`benchmarks.changes` register the
  in-process pages (the last: the first request after a tool changed);
* :mod:`benchmarks.pages` weighs officer pages; :mod:`benchmarks.removal` times a removal and its
  fan-out; :mod:`benchmarks.served` measures through gunicorn (throughput against the bare project
  in :mod:`benchmarks.bare`, bytes on the wire, the CSV export's memory);
* :mod:`benchmarks.rows` and :mod:`benchmarks.report` print the table (target, measured, verdict,
  load average) and write ``var/bench/*.json``.

A new benchmark (watch matching, later) is a module that registers scenarios with :func:`benchmarks.registry.scenario`
(and, when it needs more data, a step with :func:`benchmarks.data.data_step`), listed in
:data:`SUITE_MODULES`.
"""

SUITE_MODULES = [
    "benchmarks.catalogue",
    "benchmarks.wizard",
    "benchmarks.changes",
    "benchmarks.removal",
]


def load_suites() -> None:
    """Import every suite so that its scenarios are registered."""
    from importlib import import_module

    for name in SUITE_MODULES:
        import_module(name)
