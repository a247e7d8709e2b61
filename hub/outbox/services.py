"""Writing to people: emails into the outbox (sent by a worker after the transaction commits) and
in-app notices, each rendered in the recipient's language and written at most once per dedupe key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation

from hub.core.bulk import rows_insert_new

from .emails import email_render
from .models import Notice, OutboxEmail
from .tasks import outbox_dispatch

if TYPE_CHECKING:
    from hub.accounts.models import User


def email_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    recipient: User | None = None,
    dedupe_key: str | None = None,
) -> OutboxEmail | None:
    """Write an email to the outbox in the current transaction; it is sent after commit.

    With ``dedupe_key`` the same email is queued at most once, whatever calls this again.
    """
    if dedupe_key and OutboxEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    language = language or (recipient.language if recipient else settings.LANGUAGE_CODE)
    rendered = email_render(template=template, context=context, language=language)
    message = OutboxEmail.objects.create(
        recipient=recipient,
        to=to,
        template=template,
        language=language,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        dedupe_key=dedupe_key,
    )
    outbox_dispatch([message.pk])
    return message


def emails_queue_many(
    *,
    recipients: Iterable[User],
    template: str,
    context: dict,
    dedupe_prefix: str,
) -> int:
    """One email to each recipient, written in bulk to the outbox in the current transaction.

    The message is rendered once per language (so ``context`` must not depend on the recipient)
    and each row's dedupe key is ``<dedupe_prefix>:<user id>``: calling this again for the same
    decision adds nothing. Delivery is dispatched in batches after commit. Returns rows written.
    """
    by_language: dict[str, list[User]] = {}
    for user in recipients:
        by_language.setdefault(user.language or settings.LANGUAGE_CODE, []).append(user)
    wanted = {f"{dedupe_prefix}:{user.pk}" for users in by_language.values() for user in users}
    existing = _existing_keys(OutboxEmail, wanted)
    rows = []
    for language, users in by_language.items():
        rendered = email_render(template=template, context=context, language=language)
        rows.extend(
            OutboxEmail(
                recipient=user,
                to=user.email,
                template=template,
                language=language,
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                dedupe_key=f"{dedupe_prefix}:{user.pk}",
            )
            for user in users
            if f"{dedupe_prefix}:{user.pk}" not in existing
        )
    created = OutboxEmail.objects.bulk_create(rows, batch_size=1000)
    ids = [row.pk for row in created]
    if ids and ids[0] is None:  # a database that does not return keys from bulk inserts
        ids = list(
            OutboxEmail.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).values_list(
                "pk", flat=True
            )
        )
    outbox_dispatch(ids)
    return len(ids)


def notices_send_many(
    *,
    users: Iterable[User],
    title,
    body="",
    link: str = "",
    dedupe_prefix: str,
) -> int:
    """One in-app notice to each user, in bulk, rendered in each user's language.

    Dedupe keys are ``<dedupe_prefix>:<user id>``, so a repeated call adds nothing. ``title`` and
    ``body`` may be lazy translations. Returns the number of notices written.
    """
    users = list(users)
    wanted = {f"{dedupe_prefix}:{user.pk}" for user in users}
    existing = _existing_keys(Notice, wanted)
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for user in users:
        key = f"{dedupe_prefix}:{user.pk}"
        if key in existing:
            continue
        language = user.language or settings.LANGUAGE_CODE
        if language not in texts:
            with translation.override(language):
                texts[language] = (str(title)[:200], str(body))
        rows.append(
            Notice(
                user=user, title=texts[language][0], body=texts[language][1], link=link,
                dedupe_key=key,
            )
        )  # fmt: skip
    Notice.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@dataclass(frozen=True)
class NoticeDraft:
    """A notice already written in its reader's language (see :func:`notices_send_each`)."""

    user_id: int
    title: str
    body: str
    link: str
    dedupe_key: str


def notices_send_each(*, notices: Iterable[NoticeDraft]) -> int:
    """Notices that differ from reader to reader, written in bulk; a dedupe key already taken
    (a repeated call, or another worker's) is skipped by the database's unique index. Returns
    the number of notices asked for."""
    now = timezone.now()
    return rows_insert_new(
        Notice,
        ("user", "title", "body", "link", "dedupe_key", "created_at"),
        (
            (draft.user_id, draft.title[:200], draft.body, draft.link, draft.dedupe_key, now)
            for draft in notices
        ),
    )


def _existing_keys(model, wanted: set[str]) -> set[str]:
    """Which of ``wanted`` dedupe keys are taken already (looked up through the unique index)."""
    keys = sorted(wanted)
    found: set[str] = set()
    for start in range(0, len(keys), 1000):
        found.update(
            model.objects.filter(dedupe_key__in=keys[start : start + 1000]).values_list(
                "dedupe_key", flat=True
            )
        )
    return found


def notice_send(
    *,
    user: User,
    title: str,
    body: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notice | None:
    """An in-app notice. ``title`` and ``body`` may be lazy translations: they are rendered in the
    recipient's language. With ``dedupe_key`` the notice is written at most once."""
    if dedupe_key and Notice.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return Notice.objects.create(
            user=user, title=str(title)[:200], body=str(body), link=link, dedupe_key=dedupe_key
        )


def notices_mark_read(*, user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
