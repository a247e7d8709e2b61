import pytest


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """``with deliver(): ...``: run what the block queues after commit (the outbox's emails)
    when it ends, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
