"""The watches' answer to the catalogue's change signal (the catalogue does not import them)."""

import logging

from django.dispatch import receiver
from kombu.exceptions import OperationalError

from tools_catalog.signals import tools_changed

from .tasks import watches_match

logger = logging.getLogger(__name__)


@receiver(tools_changed, dispatch_uid="watches-match")
def _match(sender, *, tool_ids, **kwargs) -> None:
    """Sent after the change committed: match the changed tools in the background. A change that
    names no tool (a bulk load or a repair) is left alone; a task that cannot be queued now (the
    broker is down) is left to the beat's catch-up, which matches recently changed tools again."""
    if not tool_ids:
        return
    try:
        watches_match.delay(list(tool_ids))
    except OperationalError:  # the change is committed: never fail the request that made it
        logger.exception("watches: matching of tools %s left to the catch-up", list(tool_ids))
