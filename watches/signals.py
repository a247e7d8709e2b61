"""The watches' answer to the catalogue's change signal (the catalogue does not import them)."""

from django.dispatch import receiver

from tools_catalog.signals import tools_changed

from .tasks import watches_match


@receiver(tools_changed, dispatch_uid="watches-match")
def _match(sender, *, tool_ids, **kwargs) -> None:
    """Sent after the change committed: match the changed tools in the background. A change that
    names no tool (a bulk load or a repair) is left to the beat's catch-up."""
    if tool_ids:
        watches_match.delay(list(tool_ids))
