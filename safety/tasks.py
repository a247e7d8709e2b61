"""Background work of trust and safety: telling everyone of a decision on a tool."""

from celery import shared_task
from django.db import OperationalError

from tools_catalog.models import ToolDecision

from . import announce

MAX_RETRIES = 5


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def tool_decision_announce(self, decision_id: int) -> int:
    """Write the emails and notices of a decision (idempotent: see :mod:`safety.announce`)."""
    try:
        decision = ToolDecision.objects.get(pk=decision_id)
        announced = announce.tool_decision_announce(decision=decision)
    except ToolDecision.DoesNotExist:
        return 0
    except OperationalError as error:  # the database was briefly unavailable
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
    return announced.emails + announced.notices


@shared_task(acks_late=True)
def tool_decisions_resume() -> int:
    """Queue again the fan-outs a killed worker left unfinished."""
    ids = announce.tool_decisions_unannounced()
    for decision_id in ids:
        tool_decision_announce.delay(decision_id)
    return len(ids)
