import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and throttles live in the cache (Redis in CI): no test may inherit another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_language_from_an_earlier_test():
    # A request leaves its language active in the thread: the next test would otherwise read
    # French error messages, or save a tool's summary into its Arabic field.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in-process unless a test asks for a real worker (the ``celery_worker`` marker)."""
    from config.celery import app

    eager = request.node.get_closest_marker("celery_worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def public_pages(db):
    from hub.pages.reference import pages_load

    pages_load()
