"""The catalogue's demo data: complete, spread over the world, and safe to load twice."""

import io
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection, transaction

from hub.accounts import demo as hub_demo
from hub.core.regions import REGION_CODES, region_of
from hub.models import Organisation
from tools_catalog import demo
from tools_catalog.models import TAXONOMIES, Maturity, Purpose, Tool

LANGUAGE_FIELDS = ["en", "ar", "zh_hans", "fr", "ru", "es"]


def _seed() -> str:
    out = io.StringIO()
    hub_demo.seed(stdout=out)
    demo.seed(stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """The demo is built once for the module, inside a transaction rolled back at its end: each
    test runs in a savepoint of it, so no test sees another's changes, nor any later module."""
    with django_db_blocker.unblock(), transaction.atomic():
        _seed()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def seeded(_seeded_once, db):
    return None


@pytest.fixture
def published(seeded):
    return Tool.objects.published()


def test_a_second_run_creates_and_changes_nothing(db):
    _seed()
    counts = _counts()
    tools = list(Tool.objects.order_by("pk").values())

    output = _seed()

    assert _counts() == counts
    assert list(Tool.objects.order_by("pk").values()) == tools
    assert "catalogue: 0 tools from 0 providers created" in output


def test_at_least_sixty_published_tools(published):
    assert published.count() >= 60


def test_hidden_statuses_are_represented(seeded):
    statuses = Counter(Tool.objects.values_list("status", flat=True))
    assert statuses.get(Tool.Status.DRAFT) == 2
    assert statuses.get(Tool.Status.IN_REVIEW) == 1
    assert statuses.get(Tool.Status.SUSPENDED) == 1


def test_published_tools_come_from_thirty_providers_in_every_region(published):
    providers = Organisation.objects.filter(tools__in=published).distinct()

    assert providers.count() >= 30
    assert {region_of(provider.country) for provider in providers} == set(REGION_CODES)
    assert set(providers.values_list("status", flat=True)) == {"approved"}
    assert set(providers.values_list("type", flat=True)) == {
        "company",
        "academia",
        "non_profit",
        "public_body",
        "international",
    }


def test_every_purpose_is_used_by_a_published_tool(published):
    unused = Purpose.objects.exclude(tool__in=published).values_list("slug", flat=True)
    assert list(unused) == []
    assert Purpose.objects.count() == 18


def test_every_maturity_level_is_used_in_order(published):
    levels = list(Maturity.objects.order_by("position").values_list("slug", flat=True))
    assert levels == ["research-prototype", "pilot-in-development", "in-production-use"]
    used = set(published.values_list("maturity__slug", flat=True))
    assert used == set(levels)


def test_every_taxonomy_value_is_named_and_explained_in_six_languages(seeded):
    for model in TAXONOMIES:
        assert model.objects.exists(), model.__name__
        for value in model.objects.all():
            for language in LANGUAGE_FIELDS:
                assert getattr(value, f"name_{language}"), (value.slug, language)
                assert getattr(value, f"description_{language}"), (value.slug, language)


def test_summaries_fit_and_websites_are_reserved_example_domains(seeded):
    for tool in Tool.objects.select_related("provider"):
        assert len(tool.summary_en) <= 300
        assert ".example/" in tool.website
        assert ".example" in tool.provider.website
        if tool.evaluation_url:
            assert ".example/" in tool.evaluation_url
        for link in tool.training_links.all():
            assert ".example/" in link.url


def test_a_french_only_word_appears_in_one_french_description(seeded):
    french = Tool.objects.filter(description_fr__icontains="empreintes")
    assert french.count() >= 1
    for tool in Tool.objects.all():
        english = " ".join([tool.name, tool.summary_en, tool.description_en, tool.integrations])
        assert "empreintes" not in english.lower()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search documents: PostgreSQL only")
def test_the_french_word_is_found_by_french_search_only(seeded):
    from django.contrib.postgres.search import SearchQuery

    french = Tool.objects.filter(
        search_fr=SearchQuery("empreintes", config="french", search_type="websearch")
    )
    english = Tool.objects.filter(
        search_en=SearchQuery("empreintes", config="english", search_type="websearch")
    )
    assert french.filter(description_fr__icontains="empreintes").count() == french.count() >= 1
    assert not english.exists()
