"""The outbox over real SMTP (an aiosmtpd server in the test): a message is complete on the
server only once its row is marked sent, so a worker dying at any moment sends no second copy."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from hub.models import OutboxEmail, User
from hub.outbox import delivery, services, tasks
from tests.smtp import SmtpSink


@pytest.fixture
def smtp_sink():
    with (
        SmtpSink() as sink,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=sink.port,
            EMAIL_USE_TLS=False,
            EMAIL_TIMEOUT=10,
        ),
    ):
        yield sink


def _queue(to: str = "officer@agency.example") -> OutboxEmail:
    return services.email_queue(
        to=to, template="devices_reset", context={"user": None}, language="en"
    )


def test_an_email_reaches_the_mail_server_once_and_the_row_is_sent(db, smtp_sink):
    message = _queue()

    assert tasks.send_outbox_email.apply(args=[message.pk]).get() is True
    assert tasks.send_outbox_email.apply(args=[message.pk]).get() is False

    message.refresh_from_db()
    assert message.state == OutboxEmail.State.SENT
    assert [envelope.rcpt_tos for envelope in smtp_sink.envelopes] == [["officer@agency.example"]]
    received = smtp_sink.envelopes[0].content.decode()
    assert f"outbox-{message.pk}@" in received
    assert message.subject in received


def test_a_line_starting_with_a_dot_arrives_intact(db, smtp_sink):
    message = _queue()
    OutboxEmail.objects.filter(pk=message.pk).update(body_text="First line\n.\n..two dots\nend\n")

    delivery.outbox_deliver(message_id=message.pk)

    received = smtp_sink.envelopes[0].content.decode()
    assert "\r\n.\r\n..two dots\r\nend" in received


def test_a_worker_that_loses_its_claim_leaves_nothing_on_the_server(db, smtp_sink):
    message = _queue()
    original = delivery._smtp_send_committed

    def claim_taken_meanwhile(connection, email, *, mark_sent):
        # Another worker took the row over (after a timeout) while this one was sending.
        OutboxEmail.objects.filter(pk=message.pk).update(claim_token=None)
        return original(connection, email, mark_sent=mark_sent)

    delivery._smtp_send_committed = claim_taken_meanwhile
    try:
        assert delivery.outbox_deliver(message_id=message.pk) is False
    finally:
        delivery._smtp_send_committed = original

    assert smtp_sink.envelopes == []


def test_a_worker_dying_before_the_end_of_the_data_sends_nothing_and_the_sweep_recovers(
    db, smtp_sink
):
    message = _queue()

    class Killed(BaseException):
        """Stands for SIGKILL: nothing after it runs, no handler sees it."""

    @contextmanager
    def die(**options):
        raise Killed
        yield

    with pytest.raises(Killed):
        delivery._email_send_committed(_email_for(message), mark_sent=die, backend=None)
    # The server dropped the half-sent message with the connection.
    assert smtp_sink.envelopes == []

    # The row a dead worker held: claimed long ago, never finished.
    OutboxEmail.objects.filter(pk=message.pk).update(
        state=OutboxEmail.State.SENDING, claimed_at=timezone.now() - timedelta(minutes=11)
    )
    with override_settings(OUTBOX_SWEEP_AFTER=0):
        assert message.pk in delivery.outbox_sweep()
    assert delivery.outbox_deliver(message_id=message.pk) is True
    assert [envelope.rcpt_tos for envelope in smtp_sink.envelopes] == [["officer@agency.example"]]


def _email_for(message: OutboxEmail):
    from django.core.mail import EmailMultiAlternatives

    return EmailMultiAlternatives(subject=message.subject, body=message.body_text, to=[message.to])


def test_a_batch_shares_one_session_and_sends_each_row_once(db, smtp_sink):
    users = [
        User.objects.create_user(email=f"officer{n}@agency.example", name=f"Officer {n}")
        for n in range(5)
    ]
    written = services.emails_queue_many(
        recipients=users, template="devices_reset", context={"user": None}, dedupe_prefix="t"
    )
    again = services.emails_queue_many(
        recipients=users, template="devices_reset", context={"user": None}, dedupe_prefix="t"
    )
    ids = list(OutboxEmail.objects.values_list("pk", flat=True))

    assert (written, again) == (5, 0)
    assert tasks.send_outbox_batch.apply(args=[ids + ids[:2]]).get() == 5
    assert sorted(address for e in smtp_sink.envelopes for address in e.rcpt_tos) == sorted(
        user.email for user in users
    )
