"""Forms that create something create it once, however often they are sent.

A double-click, a reload of a slow answer or the back button sends the same form again. Each form
that creates something carries a one-time token, made on the server when the form is shown and kept
when the form comes back with errors (:class:`SubmissionTokenMixin`; the template renders
``{{ form.submission_token }}`` inside the form). The service that creates is wrapped in
:func:`creates_once` and called with ``submission=form.submission(request)``: in the same
transaction as what it creates, it records the member (or none, for an anonymous visitor), the
service and the token in :class:`~hub.core.models.SubmissionToken`, under a unique constraint. Sent
again, the form finds that record and the service returns what the first sending created, so the
view answers exactly as it did then and nothing is created twice. A sending that arrives while the
first is still running waits at the unique index (PostgreSQL) until the first commits, then finds
its record.

A form sent without a token (a page shown before tokens existed, a script) creates as before:
refusing it would lose what the member wrote. A token is 256 random bits that only the browser it
was shown to knows, which is why an anonymous visitor's token needs no session to belong to.
"""

from __future__ import annotations

import functools
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import forms
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from .models import SubmissionToken

if TYPE_CHECKING:
    from hub.accounts.models import User

FIELD = "submission_token"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class Submission:
    """One sending of a create form: by whom (None for a visitor) and with which token."""

    token: str
    user: User | None


class SubmissionTokenMixin(forms.Form):
    """A hidden one-time token for a form that creates something.

    A form class that also serves to edit (a post, feedback, a shortlist's name) keeps the field;
    its edit page does not render it, and the edit service takes no submission.
    """

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new token each time the form is shown; a bound form shows the token it came with.
        self.fields[FIELD].initial = secrets.token_urlsafe(32)

    def clean_submission_token(self) -> str:
        token = self.cleaned_data[FIELD]
        # What cannot be a token the hub made counts as none: the form still creates.
        return token if _TOKEN.fullmatch(token) else ""

    def submission(self, request: HttpRequest) -> Submission | None:
        token = self.cleaned_data.get(FIELD)
        if not token:
            return None
        user = request.user if request.user.is_authenticated else None
        return Submission(token=token, user=user)


def creates_once(service):
    """Wrap a service that creates (and returns) something: called with ``submission=``, it creates
    at most once per submission, and returns what the first call created to every later one.

    When the first call created nothing (returned None), later calls return None too. When what it
    created has since been deleted, the form creates again: that is a new decision, not a repeat.
    """
    action = f"{service.__module__}.{service.__qualname__}"

    @functools.wraps(service)
    def once(*args, submission: Submission | None = None, **kwargs):
        if submission is None:
            return service(*args, **kwargs)
        with transaction.atomic():
            record, first = _record(action, submission)
            if not first:
                if record.object_id is None:
                    return None
                earlier = record.created_object
                if earlier is not None:
                    return earlier
            made = service(*args, **kwargs)
            if made is not None:
                record.created_object = made
                record.save(update_fields=["content_type", "object_id"])
            return made

    return once


def _record(action: str, submission: Submission) -> tuple[SubmissionToken, bool]:
    """The submission's record, locked until the transaction ends, and whether it is new.

    A concurrent sending of the same form waits here until the first one's transaction ends.
    """
    key = {"user": submission.user, "action": action, "token": submission.token}
    try:
        with transaction.atomic():
            return SubmissionToken.objects.create(**key), True
    except IntegrityError:
        return SubmissionToken.objects.select_for_update().get(**key), False
