"""The outbox's Celery tasks: send one row, send a batch, sweep up rows whose task was lost.

Their names are the ones they had in ``hub.tasks``, so that tasks queued before an upgrade still
run after it, and the beat schedule names them the same way.
"""

import smtplib
import socket
from collections.abc import Iterable

from celery import shared_task
from django.core.mail import get_connection
from django.db import transaction

from . import delivery

# Errors worth another try: the mail server or the network was briefly unavailable.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    socket.timeout,
    ConnectionError,
)
MAX_RETRIES = 6


@shared_task(name="hub.tasks.send_outbox_email", bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_outbox_email(self, message_id: int) -> bool:
    try:
        return delivery.outbox_deliver(message_id=message_id)
    except smtplib.SMTPResponseException as error:
        if 400 <= error.smtp_code < 500 and self.request.retries < MAX_RETRIES:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
        delivery.outbox_mark_failed(message_id=message_id, error=str(error))
        return False
    except TRANSIENT_ERRORS as error:
        if self.request.retries < MAX_RETRIES:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
        delivery.outbox_mark_failed(message_id=message_id, error=str(error))
        return False


@shared_task(name="hub.tasks.send_outbox_batch", acks_late=True)
def send_outbox_batch(message_ids: list[int]) -> int:
    """Send a batch of outbox rows in turn. A row that meets a passing error is handed to
    :func:`send_outbox_email` to be retried on its own; the batch goes on. Returns rows sent."""
    sent = 0
    backend = get_connection()  # one mail-server session for the batch, opened on first use
    try:
        for message_id in message_ids:
            try:
                sent += delivery.outbox_deliver(message_id=message_id, backend=backend)
            except (smtplib.SMTPException, *TRANSIENT_ERRORS):
                send_outbox_email.apply_async(args=[message_id], countdown=_backoff(0))
    finally:
        backend.close()
    return sent


def _backoff(retries: int) -> int:
    return min(30 * 2**retries, 3600)


@shared_task(name="hub.tasks.sweep_outbox")
def sweep_outbox() -> int:
    ids = delivery.outbox_sweep()
    outbox_dispatch(ids)
    return len(ids)


OUTBOX_BATCH_SIZE = 50


def outbox_dispatch(message_ids: Iterable[int]) -> None:
    """After commit, one task per row, or one per batch of rows when there are many."""
    message_ids = list(message_ids)
    if len(message_ids) <= 2:
        for message_id in message_ids:
            transaction.on_commit(lambda message_id=message_id: send_outbox_email.delay(message_id))
        return
    for start in range(0, len(message_ids), OUTBOX_BATCH_SIZE):
        batch = message_ids[start : start + OUTBOX_BATCH_SIZE]
        transaction.on_commit(lambda batch=batch: send_outbox_batch.delay(batch))
