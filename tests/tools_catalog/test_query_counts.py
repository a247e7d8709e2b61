"""The catalogue's pages make as many SQL queries with 100 tools as with 10, and at most 12.

The pages and their inputs are the benchmark's own scenarios (benchmarks/catalogue.py), and the
data comes from the benchmark's generator, at small sizes.
"""

import random

import pytest

from benchmarks import catalogue, data
from benchmarks.registry import MAX_QUERIES, Scenario, measure_once, scenarios, signed_in_context
from hub.core.richtext import sanitize_html
from tools_catalog.models import Feedback, Tool
from tools_catalog.selectors import catalogue_changed
from tools_catalog.services import tools_index_refresh_all

PAGES = scenarios([catalogue.SUITE])
SMALL = data.Sizes(tools=10, providers=4, officers=6, feedback=30)


def _grow_to(tools: int) -> None:
    rng = random.Random(tools)
    added = data.create_tools(tools - Tool.objects.count(), rng)
    data.create_feedback(2 * len(added), rng, tool_ids=added)
    tools_index_refresh_all()


def _queries(ctx, page: Scenario) -> int:
    """Queries of one request, after warm-up; the same for every input the scenario varies.

    Facet counts are cached until the catalogue changes; each request here is measured with that
    cache cold (the worst case), while the taxonomy names stay warm as they do in service.
    """
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


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_query_count_does_not_grow_with_the_catalogue(db, page, django_assert_max_num_queries):
    data.build(SMALL)
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


def test_the_bench_data_is_written_already_clean(db):
    """Bulk inserts skip the sanitising save(): what the generator writes must need no cleaning."""
    data.build(SMALL)

    for body in Feedback.objects.values_list("body", flat=True):
        assert sanitize_html(body) == body
    for description in Tool.objects.values_list("description_en", flat=True):
        assert sanitize_html(description) == description
