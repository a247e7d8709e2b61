"""Celery tasks of the hub app: thin wrappers that take ids and call services."""

import smtplib
import socket

from celery import shared_task

from . import services

# Errors worth another try: the mail server or the network was briefly unavailable.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    socket.timeout,
    ConnectionError,
)
MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_outbox_email(self, message_id: int) -> bool:
    try:
        return services.outbox_deliver(message_id=message_id)
    except smtplib.SMTPResponseException as error:
        if 400 <= error.smtp_code < 500 and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
        services.outbox_mark_failed(message_id=message_id, error=str(error))
        return False
    except TRANSIENT_ERRORS as error:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
        services.outbox_mark_failed(message_id=message_id, error=str(error))
        return False


def _backoff(retries: int) -> int:
    return min(30 * 2**retries, 3600)


@shared_task
def sweep_outbox() -> int:
    return len(services.outbox_sweep())
