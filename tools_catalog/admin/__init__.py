"""Staff curation of the tool catalogue in the admin, one module per concern.

Importing the modules registers their admin classes: ``taxonomies`` (the lists that describe tools),
``tools`` (the tools themselves), ``feedback`` (moderation of officers' feedback) and ``concerns``
(concerns officers report, and suspension, removal and reinstatement of tools).
"""

from . import concerns, feedback, taxonomies, tools  # noqa: F401
