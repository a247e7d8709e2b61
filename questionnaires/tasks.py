"""Celery tasks of the provider portal: thin wrappers that call services."""

from celery import shared_task

from . import services


@shared_task
def send_reconfirmation_reminders() -> int:
    """Daily: remind providers whose published tools were last confirmed 11 or 12 months ago."""
    return services.reconfirmation_reminders_send()
