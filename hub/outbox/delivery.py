"""Delivering the outbox: each row is sent exactly once, whatever happens to the worker."""

import re
import smtplib
import socket
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.utils import timezone

from .models import OutboxEmail


def outbox_deliver(*, message_id: int, backend=None) -> bool:
    """Send one outbox row if nobody else has claimed it. Returns True if this call sent it.

    Exactly once, even if the worker is killed at any moment. Over SMTP the message is complete
    on the mail server only with its final "." line; until then, a broken connection makes the
    server discard it. So the row is locked, marked sent, the "." goes out, and the transaction
    commits straight away, with no waiting between the last two. A worker that dies earlier
    leaves the row claimed and the server without the message: sending it again later (the
    sweep) duplicates nothing. Only the holder of the claim may mark the row sent, and the lock
    keeps the sweep from handing the row on meanwhile.

    Errors propagate after the row is put back to pending, so the task can retry. ``backend`` is
    an open email connection to reuse across a batch.
    """
    token = uuid.uuid4()
    claimed = OutboxEmail.objects.filter(pk=message_id, state=OutboxEmail.State.PENDING).update(
        state=OutboxEmail.State.SENDING, claimed_at=timezone.now(), claim_token=token
    )
    if claimed != 1:
        return False
    message = OutboxEmail.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": f"<outbox-{message.pk}@{settings.HUB_MAIL_DOMAIN}>"},
    )
    email.attach_alternative(message.body_html, "text/html")

    @contextmanager
    def mark_sent(*, hold: bool = True):
        """Yields whether this call still holds the claim; if so the row is marked sent. With
        ``hold`` the row stays locked and the mark uncommitted until the block ends."""
        rows = OutboxEmail.objects.filter(
            pk=message.pk, state=OutboxEmail.State.SENDING, claim_token=token
        )
        values = {
            "state": OutboxEmail.State.SENT,
            "sent_at": timezone.now(),
            "attempts": message.attempts + 1,
        }
        if not hold:
            yield rows.update(**values) == 1
            return
        with transaction.atomic():
            yield rows.update(**values) == 1  # the update locks the row until commit

    try:
        return _email_send_committed(email, mark_sent=mark_sent, backend=backend)
    except Exception as error:
        OutboxEmail.objects.filter(pk=message.pk, claim_token=token).update(
            state=OutboxEmail.State.PENDING,
            sent_at=None,
            attempts=message.attempts + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise


def _email_send_committed(email: EmailMultiAlternatives, *, mark_sent, backend=None) -> bool:
    """Send ``email``, entering ``mark_sent`` at the last moment the send can still be called off.

    Over SMTP that moment is just before the end of the message data; other backends (files,
    memory in tests) cannot fail half-way, so the row is marked and then the message written.
    Returns False, sending nothing, if ``mark_sent`` says the claim was lost.
    """
    own_backend = backend is None
    backend = backend or get_connection()
    if not isinstance(backend, SmtpBackend):
        with mark_sent(hold=False) as held:
            if not held:
                return False
        email.connection = backend
        email.send()
        return True
    try:
        backend.open()
        return _smtp_send_committed(backend.connection, email, mark_sent=mark_sent)
    except Exception:
        backend.close()  # the session is in an unknown state; the next message starts afresh
        raise
    finally:
        if own_backend:
            backend.close()


def _smtp_send_committed(connection: smtplib.SMTP, email, *, mark_sent) -> bool:
    encoding = email.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(email.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in email.recipients()]
    data = email.message().as_bytes(linesep="\r\n")
    data = re.sub(rb"(?m)^\.", b"..", data)  # SMTP's dot-stuffing
    if not data.endswith(b"\r\n"):
        data += b"\r\n"

    if connection.sock is not None:
        # The data and its final "." are two writes: without this, the second waits for the
        # server's delayed acknowledgement of the first (tens of milliseconds per message).
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connection.ehlo_or_helo_if_needed()
    code, reply = connection.mail(sender)
    if code != 250:
        connection.rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    for recipient in recipients:
        code, reply = connection.rcpt(recipient)
        if code not in (250, 251):
            connection.rset()
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = connection.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    connection.send(data)
    with mark_sent() as held:
        if not held:
            # Someone else holds the row now. Dropping the connection before the final "."
            # makes the server discard this copy.
            connection.close()
            return False
        connection.send(b".\r\n")
    code, reply = connection.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)
    return True


def outbox_mark_failed(*, message_id: int, error: str) -> None:
    OutboxEmail.objects.filter(pk=message_id, state=OutboxEmail.State.PENDING).update(
        state=OutboxEmail.State.FAILED, last_error=error[:2000]
    )


def outbox_sweep() -> list[int]:
    """The rows whose task was lost, to be sent again: pending for a while, or claimed by a worker
    that died (their claim is released). The ``sweep_outbox`` task hands them to new tasks.

    A claimed row never reached the mail server complete (see :func:`outbox_deliver`), so handing
    it on sends no second copy.
    """
    now = timezone.now()
    OutboxEmail.objects.filter(
        state=OutboxEmail.State.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT),
    ).update(state=OutboxEmail.State.PENDING, claim_token=None)
    return list(
        OutboxEmail.objects.filter(
            state=OutboxEmail.State.PENDING,
            created_at__lt=now - timedelta(seconds=settings.OUTBOX_SWEEP_AFTER),
        ).values_list("pk", flat=True)[:5000]
    )
