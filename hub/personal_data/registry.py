"""How each app tells the hub what it holds about a member: it answers a signal, as pretix's apps
answer ``register_data_shredders``. The export, erasure and the /me/ page ask; they never name an
app.

An app connects a receiver to :data:`register_personal_data` in its ``personal_data`` module
(imported by its ``AppConfig.ready()``); the receiver returns a :class:`PersonalData`. A test checks
that every relation to the user model anywhere in the project is in some ``covered`` (or in a
``not_exported``, with its reason), so a new model cannot be left out quietly.

An app that shows part of what it holds on the member's own page (/me/) connects a receiver to
:data:`register_me_sections`; it is given the request and returns a :class:`MeSection`, or None
when it has nothing to show that person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.dispatch import Signal
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from hub.accounts.models import User

register_personal_data = Signal()
register_me_sections = Signal()


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a member.

    ``member_data(user)`` returns plain JSON-ready data, the keys of ``section`` in the export
    (several apps may share a section). ``covered`` names every relation to the user model the app
    has (``"app.Model.field"``) and the key of ``member_data`` that holds its rows;
    ``not_exported`` names the relations left out on purpose, and why. ``member_erase(user)``, if
    given, runs just before the account is erased.
    """

    section: str
    member_data: Callable[[User], dict]
    covered: Mapping[str, str]
    not_exported: Mapping[str, str] = field(default_factory=dict)
    member_erase: Callable[[User], None] | None = None


@dataclass(frozen=True)
class MeSection:
    """Part of the member's own page: ``template`` rendered with ``context``. ``place`` is
    ``"main"`` for a section of its own (before the data export), or ``"consents"`` for a part
    of "What you agreed to"."""

    template: str
    context: Mapping = field(default_factory=dict)
    place: str = "main"

    def render(self, request: HttpRequest) -> SafeString:
        return render_to_string(self.template, dict(self.context), request=request)


def personal_data_registered() -> list[PersonalData]:
    """Every app's answer, in the order of INSTALLED_APPS."""
    return [answer for _receiver, answer in register_personal_data.send(sender=None)]


def me_sections(request: HttpRequest) -> list[MeSection]:
    return [
        answer
        for _receiver, answer in register_me_sections.send(sender=None, request=request)
        if answer is not None
    ]
