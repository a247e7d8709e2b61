"""Celery tasks of the community: thin wrappers that call services."""

from celery import shared_task

from . import services


@shared_task
def send_event_reminders() -> int:
    """Hourly (beat): remind the registered officers of events that start within a day."""
    return services.event_reminders_queue()
