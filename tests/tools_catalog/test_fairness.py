"""Equal visibility: the default order favours no tool, over officers and days."""

import statistics
from datetime import date, timedelta

from hub.models import User
from tools_catalog.selectors import fair_order, fair_seed

TOOLS = list(range(1, 61))
PAGE = 20


def _officer(pk: int) -> User:
    return User(pk=pk, email=f"o{pk}@police.example")


def _officer_days(count: int):
    start = date(2026, 1, 1)
    for n in range(count):
        yield _officer(1 + n % 100), start + timedelta(days=n // 100)


def test_every_tool_is_on_average_in_the_middle():
    positions = {pk: [] for pk in TOOLS}
    for officer, day in _officer_days(1000):
        for position, pk in enumerate(fair_order(TOOLS, seed=fair_seed(officer, day))):
            positions[pk].append(position)

    expected = (len(TOOLS) - 1) / 2
    for pk, seen in positions.items():
        assert abs(statistics.mean(seen) - expected) <= 0.10 * expected, pk


def test_every_tool_reaches_the_first_page_about_equally_often():
    first_page = dict.fromkeys(TOOLS, 0)
    for officer, day in _officer_days(1000):
        for pk in fair_order(TOOLS, seed=fair_seed(officer, day))[:PAGE]:
            first_page[pk] += 1

    expected = 1000 * PAGE / len(TOOLS)
    assert min(first_page.values()) > 0.75 * expected
    assert max(first_page.values()) < 1.25 * expected


def test_the_order_is_stable_for_an_officer_for_a_day():
    officer, day = _officer(7), date(2026, 3, 1)

    assert fair_order(TOOLS, seed=fair_seed(officer, day)) == fair_order(
        TOOLS, seed=fair_seed(officer, day)
    )


def test_the_order_differs_between_officers_and_between_days():
    day = date(2026, 3, 1)
    first_pages = {
        tuple(fair_order(TOOLS, seed=fair_seed(_officer(pk), day))[:PAGE]) for pk in range(1, 21)
    }
    assert len(first_pages) == 20

    officer = _officer(7)
    today = fair_order(TOOLS, seed=fair_seed(officer, day))
    tomorrow = fair_order(TOOLS, seed=fair_seed(officer, day + timedelta(days=1)))
    assert today != tomorrow


def test_the_order_does_not_depend_on_the_order_tools_were_added():
    seed = fair_seed(_officer(3), date(2026, 3, 1))

    assert fair_order(TOOLS, seed=seed) == fair_order(list(reversed(TOOLS)), seed=seed)


def test_the_database_sorts_exactly_like_the_reference_shuffle(db):
    from tests.factories import make_tool
    from tools_catalog.models import Tool
    from tools_catalog.selectors import ordered

    ids = [make_tool(f"Tool {n}").pk for n in range(25)]
    seed = fair_seed(_officer(5), date(2026, 3, 1))

    assert list(ordered(Tool.objects.all(), sort="shuffle", seed=seed)) == fair_order(
        ids, seed=seed
    )
