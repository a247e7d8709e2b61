import pytest
from django.core.cache import cache
from django.utils import translation

from tests.smtp import SmtpSink
from tests.workers import worker_processes


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


@pytest.fixture
def smtp_sink():
    """A real SMTP server in the test process, recording what it receives."""
    with SmtpSink() as sink:
        yield sink


@pytest.fixture
def start_worker(request, transactional_db, smtp_sink, tmp_path):
    """``start_worker()`` starts a real Celery worker (mark the test with ``tests.workers.needs_worker``)
    on a queue of the test's own, sending its email to ``smtp_sink``; stopped after the test."""
    with worker_processes(request.module.__name__.rpartition(".")[2], var_dir=tmp_path) as start:
        yield lambda: start(env=smtp_sink.env)
