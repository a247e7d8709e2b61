"""The learning centre's home page (/learn/) reads the database at most twelve times, and as many
times with many paths, modules and resources as with few."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning.models import ChecklistTick, ResourceCompletion
from tests.factories import login_verified, make_officer

from .factories import add_resource_step, add_stage, make_path, make_resource, make_topic

MAX_QUERIES = 12


def _fill(size: int, officer) -> None:
    topic = make_topic(name=f"Topic {size}")
    for number in range(size):
        resource = make_resource(f"Resource {size}-{number}", topics=(topic,))
        path = make_path(f"Path {size}-{number}")
        add_resource_step(path, resource)
        stage = add_stage(path, "Stage", ("One", "Two", "Three"))
        # The officer has started every other path, so the page also shows where to go on.
        if number % 2:
            ResourceCompletion.objects.create(user=officer, resource=resource)
            ChecklistTick.objects.create(user=officer, item=stage.items.first())


def _queries(client: Client) -> list[str]:
    url = reverse("learning:home")
    client.get(url)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_the_learning_home_reads_at_most_twelve_times_whatever_it_holds():
    officer = make_officer()
    client = login_verified(Client(), officer)
    _fill(2, officer)
    few = _queries(client)
    _fill(8, officer)
    many = _queries(client)

    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= MAX_QUERIES, "\n".join(many)
