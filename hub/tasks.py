"""Celery tasks of the hub app: thin wrappers that take ids and call services."""

import smtplib
import socket

from celery import shared_task
from django.core.mail import get_connection

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


@shared_task(acks_late=True)
def send_outbox_batch(message_ids: list[int]) -> int:
    """Send a batch of outbox rows in turn. A row that meets a passing error is handed to
    :func:`send_outbox_email` to be retried on its own; the batch goes on. Returns rows sent."""
    sent = 0
    backend = get_connection()  # one mail-server session for the batch, opened on first use
    try:
        for message_id in message_ids:
            try:
                sent += services.outbox_deliver(message_id=message_id, backend=backend)
            except (smtplib.SMTPException, *TRANSIENT_ERRORS):
                send_outbox_email.apply_async(args=[message_id], countdown=_backoff(0))
    finally:
        backend.close()
    return sent


def _backoff(retries: int) -> int:
    return min(30 * 2**retries, 3600)


@shared_task
def sweep_outbox() -> int:
    return len(services.outbox_sweep())


@shared_task
def retention_run() -> dict[str, int]:
    """The nightly retention run (see :mod:`hub.retention`); returns how much each rule did."""
    from .retention import retention_run as run

    return {result.rule: result.total for result in run()}


@shared_task(acks_late=True)
def build_data_export(export_id: int) -> bool:
    from .personal_data import data_export_build

    return data_export_build(export_id=export_id)


@shared_task(acks_late=True)
def erase_due_accounts() -> int:
    from .personal_data import accounts_erase_due

    return len(accounts_erase_due())
