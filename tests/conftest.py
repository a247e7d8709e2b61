import io

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and throttles live in the cache (Redis in CI): no test may inherit another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_pages(db):
    from hub.demo import seed_pages

    seed_pages(stdout=io.StringIO())
