"""The member's own data in the background: writing an export, erasing accounts whose grace period
has passed, and the nightly retention run. Thin wrappers around the services.

Their names are the ones they had in ``hub.tasks``, so that tasks queued before an upgrade still
run after it, and the beat schedule names them the same way.
"""

from celery import shared_task

from .erasure import accounts_erase_due
from .export import data_export_build
from .retention import retention_run as retention_rules_run


@shared_task(name="hub.tasks.retention_run")
def retention_run() -> dict[str, int]:
    """The nightly retention run (see :mod:`hub.personal_data.retention`); returns how much each
    rule did."""
    return {result.rule: result.total for result in retention_rules_run()}


@shared_task(name="hub.tasks.build_data_export", acks_late=True)
def build_data_export(export_id: int) -> bool:
    return data_export_build(export_id=export_id)


@shared_task(name="hub.tasks.erase_due_accounts", acks_late=True)
def erase_due_accounts() -> int:
    return len(accounts_erase_due())
