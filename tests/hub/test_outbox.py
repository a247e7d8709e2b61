"""The email outbox: written with the decision, sent once, never lost."""

import smtplib
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction
from django.utils import timezone

from hub.models import OutboxEmail
from hub.outbox import services, tasks


def _queue(to: str = "officer@agency.example", **extra) -> OutboxEmail:
    return services.email_queue(
        to=to, template="devices_reset", context={"user": None}, language="en", **extra
    )


def test_queued_email_is_sent_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue()
        assert mail.outbox == []  # nothing leaves before the transaction commits

    message.refresh_from_db()
    assert message.state == OutboxEmail.State.SENT
    assert message.sent_at is not None
    assert [m.to for m in mail.outbox] == [["officer@agency.example"]]
    sent = mail.outbox[0]
    assert sent.subject.startswith("[Global Hub]")
    assert sent.body.strip()
    assert sent.alternatives and sent.alternatives[0][1] == "text/html"


def test_rolled_back_decision_sends_nothing(db, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError("the decision failed")

    assert OutboxEmail.objects.count() == 0
    assert mail.outbox == []


def test_sending_the_same_row_twice_sends_one_email(db):
    message = _queue()

    first = tasks.send_outbox_email.apply(args=[message.pk]).get()
    second = tasks.send_outbox_email.apply(args=[message.pk]).get()

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1


def test_a_dedupe_key_queues_an_email_once(db):
    _queue(dedupe_key="removal-7-user-3")
    _queue(dedupe_key="removal-7-user-3")

    assert OutboxEmail.objects.count() == 1


def test_the_sweep_picks_up_a_pending_row(db, django_capture_on_commit_callbacks):
    message = _queue()  # its task is lost: on_commit callbacks are not run here
    OutboxEmail.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )

    with django_capture_on_commit_callbacks(execute=True):
        swept = tasks.sweep_outbox.apply().get()

    assert swept == 1
    message.refresh_from_db()
    assert message.state == OutboxEmail.State.SENT
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_fresh_and_claimed_rows_alone(db, django_capture_on_commit_callbacks):
    fresh = _queue()
    claimed = _queue(to="other@agency.example")
    OutboxEmail.objects.filter(pk=claimed.pk).update(
        state=OutboxEmail.State.SENDING,
        claimed_at=timezone.now(),
        created_at=timezone.now() - timedelta(minutes=5),
    )

    with django_capture_on_commit_callbacks(execute=True):
        tasks.sweep_outbox.apply().get()

    assert mail.outbox == []
    fresh.refresh_from_db()
    assert fresh.state == OutboxEmail.State.PENDING


class FlakyBackend:
    """An SMTP server that drops the connection the first time."""

    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls == 1:
            raise smtplib.SMTPServerDisconnected("connection dropped")
        mail.outbox.extend(messages)
        return len(messages)


def test_a_transient_smtp_error_is_retried(db, settings):
    settings.EMAIL_BACKEND = "tests.hub.test_outbox.FlakyBackend"
    FlakyBackend.calls = 0
    message = _queue()

    with pytest.raises(Retry):
        tasks.send_outbox_email.apply(args=[message.pk], throw=True)
    message.refresh_from_db()
    assert message.state == OutboxEmail.State.PENDING  # back in the queue for the retry
    assert "connection dropped" in message.last_error

    assert tasks.send_outbox_email.apply(args=[message.pk]).get() is True  # the retry
    message.refresh_from_db()
    assert message.state == OutboxEmail.State.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@y.example": (550, b"no such user")})


def test_a_permanent_smtp_error_marks_the_row_failed(db, settings):
    settings.EMAIL_BACKEND = "tests.hub.test_outbox.RefusingBackend"
    message = _queue()

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        tasks.send_outbox_email.apply(args=[message.pk], throw=True)

    message.refresh_from_db()
    assert message.state in {OutboxEmail.State.PENDING, OutboxEmail.State.FAILED}
    assert message.sent_at is None
