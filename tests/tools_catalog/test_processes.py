"""Two processes of the hub, each with its own in-memory catalogue index: a change made through one
is in the other's pages at once, counts included."""

import json
import os
import select
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_tool
from tests.production_process import _postgres_url
from tools_catalog.models import Purpose, Tool
from tools_catalog.services import tool_index_refresh

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="needs REDIS_URL and PostgreSQL (run in CI's second pass)",
)


class OtherProcess:
    def __init__(self, officer):
        env = {**os.environ, "DATABASE_URL": _postgres_url()}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.tools_catalog.catalogue_process", str(officer.pk)],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._answer(timeout=60) == {"ready": True}

    def _answer(self, timeout: float) -> dict:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, "the other process did not answer"
        return json.loads(self.process.stdout.readline())

    def catalogue(self, query: str = "") -> dict:
        self.process.stdin.write(query + "\n")
        self.process.stdin.flush()
        return self._answer(timeout=30)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def officer(transactional_db):
    return make_officer()


@pytest.fixture
def other(officer):
    process = OtherProcess(officer)
    yield process
    process.stop()


def test_a_change_made_here_is_in_the_other_process_at_once(officer, other):
    make_tool("Hashwell", purposes=("hash-matching",), deployment=("offline",))
    make_tool("Framescan", purposes=("hash-matching",), deployment=("cloud",))
    late = make_tool("Latecomer", status="draft", purposes=("hash-matching",))
    here = login_verified(Client(), officer)

    before = other.catalogue("purpose=hash-matching")
    assert before["status"] == 200
    assert sorted(before["names"]) == ["Framescan", "Hashwell"]
    assert before["counts"]["purpose"] == {"hash-matching": 2}
    assert before["counts"]["deployment"] == {"cloud": 1, "offline": 1}
    assert here.get(reverse("tools:catalogue")).status_code == 200  # this process has its index

    # Published here: the other process lists it and counts it on its very next page.
    late.status = Tool.Status.PUBLISHED
    late.save()
    published = other.catalogue("purpose=hash-matching")
    assert sorted(published["names"]) == ["Framescan", "Hashwell", "Latecomer"]
    assert published["counts"]["purpose"] == {"hash-matching": 3}

    # A new facet value on one tool: counted there too, in the group's disjunctive counts.
    purpose, _ = Purpose.objects.get_or_create(
        slug="victim-identification", defaults={"name": "victim identification"}
    )
    late.purposes.add(purpose)
    tool_index_refresh(tool=late)
    widened = other.catalogue("purpose=hash-matching")
    assert widened["counts"]["purpose"] == {"hash-matching": 3, "victim-identification": 1}
    assert other.catalogue("purpose=victim-identification")["names"] == ["Latecomer"]

    # Withdrawn here: gone there at once.
    Tool.objects.filter(name="Hashwell").update(status=Tool.Status.SUSPENDED)
    Tool.objects.get(name="Hashwell").save()
    withdrawn = other.catalogue("purpose=hash-matching")
    assert sorted(withdrawn["names"]) == ["Framescan", "Latecomer"]
    assert withdrawn["counts"]["deployment"] == {"cloud": 1}
