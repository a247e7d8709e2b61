"""The trust-and-safety screens of the admin, one module per kind of decision: ``feedback`` (officers'
feedback on tools), ``forum`` (threads and posts), ``messages`` (reported relayed messages),
``concerns`` (triage of concerns about tools) and ``removal`` (suspending, removing and reinstating
tools). Importing them registers their admin classes."""

from . import concerns, feedback, forum, messages, removal  # noqa: F401
