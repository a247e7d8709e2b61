"""Properties of the wizard's matching, for any answers and any tools (hypothesis).

* adding a requirement never adds results;
* a tool that fails a requirement never appears (and one that meets them all always does);
* satisfying more preferences never lowers a score;
* the guided questions and the one-page parameters give the same ordered results.

The pure properties run on made-up facet keys; the database ones on a small real catalogue, so
that the SQL filter is checked against the rules themselves.
"""

import itertools
import math
import random
from dataclasses import replace
from fractions import Fraction

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.factories import make_officer
from tools_catalog import selectors
from tools_catalog.models import Tool
from tools_catalog.selectors import Term
from wizard import selectors as wizard

from .wizard_factories import (
    TAXONOMY,
    make_wizard_tool,
    result_scores,
    result_slugs,
    signed_in,
)

FACETS = {"purpose": 0, "media": 1, "deployment": 2, "cost": 3, "maturity": 4}
SLUGS = {facet: TAXONOMY[model] for facet, model in zip(FACETS, TAXONOMY, strict=True)}
LANGUAGES = ["ar", "en", "fr", "sw"]

# A snapshot like the real one, with made-up ids: facet -> terms in list order.
SNAPSHOT = {
    facet: [
        Term(100 * FACETS[facet] + n, slug, slug.capitalize(), "", 10 * n)
        for n, slug in enumerate(slugs, start=1)
    ]
    for facet, slugs in SLUGS.items()
}
ALL_KEYS = [f"{facet}:{term.id}" for facet, terms in SNAPSHOT.items() for term in terms] + [
    f"{kind}:{code}" for kind in ("ilang", "alang") for code in LANGUAGES
]


def _subset(items):
    return st.lists(st.sampled_from(items), unique=True).map(lambda values: tuple(sorted(values)))


criteria_strategy = st.builds(
    wizard.Criteria,
    purpose=_subset(SLUGS["purpose"]),
    media=_subset(SLUGS["media"]),
    offline=st.sampled_from(["", "prefer", "must"]),
    cloud=st.sampled_from(["", "no"]),
    ilang=_subset(LANGUAGES),
    ilang_required=st.booleans(),
    alang=_subset(LANGUAGES[:3]),
    budget=st.sampled_from(["", "prefer-free", "free"]),
    maturity=st.sampled_from(["", *SLUGS["maturity"][1:]]),
    capacity=st.sampled_from(["", *wizard.CAPACITY_FIT]),
)
tool_keys = st.frozensets(st.sampled_from(ALL_KEYS))

# One more requirement on top of any answers (answers that were a preference become required).
TIGHTER = [
    lambda c: replace(c, offline="must"),
    lambda c: replace(c, cloud="no"),
    lambda c: replace(c, budget="free"),
    lambda c: replace(c, maturity=SLUGS["maturity"][-1]),
    lambda c: replace(c, alang=tuple(sorted({*c.alang, "fr"}))),
    lambda c: replace(c, ilang=c.ilang or ("ar",), ilang_required=True),
    lambda c: replace(c, purpose=c.purpose or ("hash-matching",)),
    lambda c: replace(c, media=c.media or ("images",)),
]


def _requirement_count(criteria) -> int:
    return len(wizard.requirements(wizard.rules_for(criteria, SNAPSHOT)))


# On made-up keys ---------------------------------------------------------------------------------------


@given(criteria_strategy, st.lists(tool_keys, max_size=30), st.sampled_from(TIGHTER))
def test_adding_a_requirement_never_adds_results(criteria, tools, tighten):
    stricter = tighten(criteria)
    assume(_requirement_count(stricter) >= _requirement_count(criteria))
    before = {
        i
        for i, keys in enumerate(tools)
        if wizard.meets_requirements(keys, wizard.rules_for(criteria, SNAPSHOT))
    }
    after = {
        i
        for i, keys in enumerate(tools)
        if wizard.meets_requirements(keys, wizard.rules_for(stricter, SNAPSHOT))
    }

    assert after <= before


@given(criteria_strategy, tool_keys, st.frozensets(st.sampled_from(ALL_KEYS)))
def test_satisfying_more_preferences_never_lowers_a_score(criteria, keys, more):
    rules = wizard.rules_for(criteria, SNAPSHOT)
    before, after = wizard.score(keys, rules), wizard.score(keys | more, rules)

    if not wizard.preferences(rules):
        assert before is after is None
    else:
        assert 0 <= before <= after <= 100


@given(criteria_strategy, tool_keys)
def test_a_score_is_a_whole_percentage_rounded_half_up(criteria, keys):
    rules = wizard.rules_for(criteria, SNAPSHOT)
    prefs = wizard.preferences(rules)
    total = sum(rule.weight for rule in prefs)
    assume(total)
    earned = sum(
        Fraction(rule.weight * len(rule.keys & keys), len(rule.keys))
        if rule.mode == wizard.SHARE
        else rule.weight * rule.earned(keys)
        for rule in prefs
        if rule.keys
    )

    assert wizard.score(keys, rules) == math.floor(100 * Fraction(earned) / total + Fraction(1, 2))


# On a real catalogue ------------------------------------------------------------------------------------

DB_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def real_catalogue(db):
    """Twenty published tools with random values, and a few that are not listed."""
    rng = random.Random(5)
    for n in range(24):
        make_wizard_tool(
            f"Tool {n}",
            status="published" if n < 20 else rng.choice(["draft", "suspended", "removed"]),
            purposes=rng.sample(SLUGS["purpose"], rng.randint(0, 2)),
            media=rng.sample(SLUGS["media"], rng.randint(0, 2)),
            deployment=rng.sample(SLUGS["deployment"], rng.randint(0, 2)),
            cost=rng.sample(SLUGS["cost"], rng.randint(0, 1)),
            maturity=rng.choice([None, *SLUGS["maturity"]]),
            interface=rng.sample(LANGUAGES, rng.randint(1, 2)),
            analysis=rng.sample(LANGUAGES, rng.randint(0, 2)),
        )
    snapshot = selectors.taxonomy_snapshot("en")
    keys = {
        pk: frozenset(selectors.facet_index().get(pk, ()))
        for pk in Tool.objects.values_list("pk", flat=True)
    }
    return snapshot, keys


def _results(criteria, snapshot, sort="match"):
    return wizard.wizard_results(criteria, snapshot=snapshot, seed="5" * 64, sort=sort)


@DB_SETTINGS
@given(criteria=criteria_strategy)
def test_exactly_the_tools_that_meet_every_requirement_appear(real_catalogue, criteria):
    snapshot, keys = real_catalogue
    found = _results(criteria, snapshot)
    rules = found.rules
    published = set(Tool.objects.published().values_list("pk", flat=True))

    assert set(found.ids) <= published  # only published tools
    for pk in found.ids:
        assert wizard.meets_requirements(keys[pk], rules)  # nothing that fails a requirement
    for pk in published - set(found.ids):
        assert not wizard.meets_requirements(keys[pk], rules)  # nothing left out that meets them
    assert found.scores == {pk: wizard.score(keys[pk], rules) for pk in found.ids}


@DB_SETTINGS
@given(criteria=criteria_strategy, tighten=st.sampled_from(TIGHTER))
def test_adding_a_requirement_never_adds_results_in_the_database(real_catalogue, criteria, tighten):
    snapshot, _keys = real_catalogue
    stricter = tighten(criteria)
    assume(_requirement_count(stricter) >= _requirement_count(criteria))

    assert set(_results(stricter, snapshot).ids) <= set(_results(criteria, snapshot).ids)


@DB_SETTINGS
@given(criteria=criteria_strategy, sort=st.sampled_from(wizard.SORTS))
def test_every_order_is_complete_and_breaks_ties_fairly(real_catalogue, criteria, sort):
    snapshot, _keys = real_catalogue
    found = _results(criteria, snapshot, sort)
    fair = selectors.fair_order(found.ids, seed="5" * 64)

    if sort == "match":
        for a, b in itertools.pairwise(found.ids):
            score_a, score_b = found.scores[a] or 0, found.scores[b] or 0
            assert score_a > score_b or (score_a == score_b and fair.index(a) < fair.index(b))
    assert sorted(found.ids) == sorted(_results(criteria, snapshot).ids)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(criteria=criteria_strategy)
def test_guided_and_parameter_modes_agree(real_catalogue, criteria):
    from .test_wizard import _guided, _parameters

    client = signed_in(make_officer())
    guided = client.get(_guided(client, criteria))
    one_page = client.get(_parameters(client, criteria))

    assert result_slugs(guided) == result_slugs(one_page)
    assert result_scores(guided) == result_scores(one_page)
    expected = _results(criteria, real_catalogue[0])
    assert len(result_slugs(guided)) == min(expected.total, wizard.PAGE_SIZE)
    assert reverse("wizard:results") in guided.request["PATH_INFO"]
