"""The learning centre's pages read the database a fixed number of times, however much is on them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import login_verified, make_officer

from .factories import add_resource_step, add_stage, make_path, make_resource, make_topic


def _fill(size: int) -> None:
    topic = make_topic(name="AI basics")
    for number in range(size):
        resource = make_resource(f"Resource {number}", topics=(topic,))
        path = make_path(f"Path {number}")
        add_resource_step(path, resource)
        add_stage(path, "Stage", ("One", "Two", "Three"))


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "paths"])
def test_lists_do_not_read_more_with_more_content(page):
    client = login_verified(Client(), make_officer())
    url = reverse(f"learning:{page}")
    _fill(2)
    few = _queries(client, url)
    _fill(6)
    assert _queries(client, url) == few


@pytest.mark.django_db
def test_a_path_page_does_not_read_more_with_more_steps():
    client = login_verified(Client(), make_officer())
    path = make_path("Workflow")
    add_stage(path, "Stage", ("One",))
    add_resource_step(path, make_resource("Read this"))
    few = _queries(client, path.get_absolute_url())
    for number in range(6):
        add_stage(path, f"Stage {number}", ("One", "Two"))
        add_resource_step(path, make_resource(f"Read {number}"))
    assert _queries(client, path.get_absolute_url()) == few
