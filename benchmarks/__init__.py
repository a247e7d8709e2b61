"""Performance benchmarks of the hub: ``make bench`` (``python -m benchmarks``).

The benchmark builds its own database (``<name>_bench`` on the PostgreSQL server named by
``DATABASE_URL``, otherwise ``var/bench/bench.sqlite3``), fills it with a catalogue of realistic size,
and measures pages in-process with Django's test client signed in as a verified officer.

* :mod:`benchmarks.database` picks and prepares the bench database (before Django starts);
* :mod:`benchmarks.data` generates the data set with bulk inserts (also used by tests, at small sizes);
* :mod:`benchmarks.registry` holds the scenarios and measures them;
* :mod:`benchmarks.catalogue` registers the catalogue's scenarios;
* :mod:`benchmarks.report` prints the table and writes ``var/bench/*.json``.

A new benchmark is a module that registers scenarios with :func:`benchmarks.registry.scenario`
(and, when it needs more data, a step with :func:`benchmarks.data.data_step`), listed in
:data:`SUITE_MODULES`.
"""

SUITE_MODULES = ["benchmarks.catalogue", "benchmarks.wizard", "benchmarks.removal"]


def load_suites() -> None:
    """Import every suite so that its scenarios are registered."""
    from importlib import import_module

    for name in SUITE_MODULES:
        import_module(name)
