"""The wizard's pages make as many SQL queries with 100 tools as with 10, and at most 12.

The pages and their inputs are the benchmark's own scenarios (benchmarks/wizard.py: the result
page with five answers, and a saved shortlist reopened), on the benchmark's data at small sizes.
"""

import random

import pytest

from benchmarks import data, wizard
from benchmarks.registry import MAX_QUERIES, Scenario, measure_once, scenarios, signed_in_context
from tools_catalog.models import Tool
from tools_catalog.selectors import catalogue_changed
from tools_catalog.services import tools_index_refresh_all

PAGES = scenarios([wizard.SUITE])
SMALL = data.Sizes(tools=10, providers=4, officers=6, feedback=10)


def _grow_to(tools: int) -> None:
    data.create_tools(tools - Tool.objects.count(), random.Random(tools))
    tools_index_refresh_all()
    catalogue_changed()


def _queries(ctx, page: Scenario) -> int:
    """Queries of one request after warm-up, with the in-memory facet index cold each time."""
    for i in range(page.warmup):
        assert measure_once(ctx, page, i).status == 200
    counts = set()
    for i in range(page.warmup, page.warmup + 4):
        catalogue_changed()
        measurement = measure_once(ctx, page, i)
        assert measurement.status == 200
        counts.add(measurement.queries)
    assert len(counts) == 1, f"{page.name}: the query count varies with the input: {counts}"
    return counts.pop()


def test_the_wizard_has_its_scenarios():
    assert {page.name for page in PAGES} == {"wizard_results", "shortlist_reopen"}


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_query_count_does_not_grow_with_the_catalogue(db, page, django_assert_max_num_queries):
    data.build(SMALL)
    catalogue_changed()
    ctx = signed_in_context(data.login_officer())
    assert Tool.objects.published().count() == 10
    with_ten = _queries(ctx, page)

    _grow_to(100)
    ctx.forget()  # draw the inputs again, from the larger catalogue
    assert Tool.objects.published().count() == 100
    with_hundred = _queries(ctx, page)
    with django_assert_max_num_queries(MAX_QUERIES):  # lists the queries when there are too many
        measure_once(ctx, page, 0)

    assert with_ten == with_hundred
    assert with_hundred <= MAX_QUERIES
