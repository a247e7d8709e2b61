"""Background work of the watches: matching changed tools, the beat's catch-up, the digests."""

from celery import shared_task
from django.db import OperationalError

from . import services

MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def watches_match(self, tool_ids: list[int]) -> int:
    """Tell watchers how these tools' changes concern them (idempotent: see services)."""
    try:
        return services.watches_match_tools(tool_ids=tool_ids).changes
    except OperationalError as error:  # the database was briefly unavailable
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task(acks_late=True)
def watches_catch_up() -> int:
    """Match again the tools changed lately (a killed worker's); nothing is told twice."""
    return services.watches_match_tools(tool_ids=services.recently_changed_tools()).changes


@shared_task(acks_late=True)
def watches_digest(frequency: str) -> int:
    return services.digests_send(frequency=frequency)
