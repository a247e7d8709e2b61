"""Staff curation of the tool catalogue in the admin: ``taxonomies`` (the lists that describe tools)
and ``tools``. Importing them registers their admin classes.

Moderation of officers' feedback, concerns about tools and decisions on them are trust and safety:
their admin is in safety.admin.
"""

from . import taxonomies, tools  # noqa: F401
