"""The trust-and-safety screens of the admin, one module per kind of decision: ``feedback`` (officers'
feedback on tools), ``forum`` (threads and posts), ``messages`` (reported relayed messages),
``concerns`` (triage of concerns about tools) and ``removal`` (suspending, removing and reinstating
tools); ``queues`` puts what waits on the staff home. Importing them registers their admin classes."""

from . import concerns, feedback, forum, messages, queues, removal  # noqa: F401
