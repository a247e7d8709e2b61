"""Writing the audit log: one function for every part of the hub."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model
from django.http import HttpRequest

from hub.core.client_address import client_address

from .models import AuditEvent

if TYPE_CHECKING:
    from hub.accounts.models import User


def audit_record(
    *,
    event: str,
    actor: User | None = None,
    target: Model | None = None,
    request: HttpRequest | None = None,
    **details,
) -> AuditEvent:
    """Write one audit entry. ``details`` must never carry secrets (passwords, codes, tokens)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        event=event,
        actor=actor,
        actor_label=str(actor) if actor else "",
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:254] if target is not None else "",
        ip=client_address(request),
        details=details,
    )
