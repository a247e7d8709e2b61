"""The benchmark's own pieces: verdicts never call a figure without a target "met", the servers it
measures run the Dockerfile's gunicorn configuration, and its HTTP client counts what travels."""

import pytest

from benchmarks.rows import FAILED, MET, MISSED, NO_TARGET, Row
from benchmarks.web import Gunicorn, Session, dockerfile_command, gunicorn_arguments, load


@pytest.mark.parametrize(
    ("row", "verdict"),
    [
        (Row("s", "page", 49.0, "ms", 50.0), MET),
        (Row("s", "page", 51.0, "ms", 50.0), MISSED),
        (Row("s", "ratio", 0.4, "", 0.33, higher_is_better=True), MET),
        (Row("s", "ratio", 0.2, "", 0.33, higher_is_better=True), MISSED),
        (Row("s", "fan-out", 3.0, "s"), NO_TARGET),
        (Row("s", "page", None, "ms", 50.0, error="HTTP 500"), FAILED),
        (Row("s", "streamed", None, "", passed=True, text="yes"), MET),
        (Row("s", "streamed", None, "", passed=False, text="no"), MISSED),
    ],
)
def test_a_row_is_met_only_against_a_target(row, verdict):
    assert row.verdict == verdict


def test_a_row_without_a_target_says_so():
    row = Row("s", "fan-out", 3.25, "s")

    assert row.target_text == "-"
    assert row.measured_text == "3.25 s"
    assert row.as_dict()["verdict"] == "no target"
    assert len(row.as_dict()["load_average"]) == 3


def test_servers_run_with_the_dockerfiles_gunicorn_configuration():
    docker = dockerfile_command()
    arguments = gunicorn_arguments("benchmarks.bare.wsgi:application", 8123)

    assert arguments[0] == "benchmarks.bare.wsgi:application"
    assert arguments[arguments.index("--bind") + 1] == "127.0.0.1:8123"
    for option in ("--worker-class", "--threads", "--timeout", "--keep-alive", "--max-requests"):
        assert arguments[arguments.index(option) + 1] == docker[docker.index(option) + 1]
    assert "--access-logfile" not in arguments


def test_the_load_generator_and_the_byte_count_against_the_bare_project():
    with Gunicorn("benchmarks.bare.wsgi:application", {}) as server:
        answer = Session(server.port).get("/")
        run = load(server.port, ["/"], {}, clients=2, seconds=1)

    assert answer.status == 200
    assert b"A bare Django view" in answer.body
    assert answer.wire_bytes > len(answer.body) + len("HTTP/1.1 200 OK\r\n")
    assert run.requests > 0 and run.errors == 0
    assert run.per_second > 0
