"""The models of the hub app, each defined in the room it belongs to, imported here so that Django
registers them under the app label ``hub`` (their tables and migrations are the hub app's).

Code inside hub/ imports a model from its room (``hub.accounts.models``); the other apps may import
it from here or from the room. The migrations refer to ``hub.models.UserManager`` and
``hub.models.ExportStorage`` by these paths.
"""

from hub.accounts.models import (
    AgencyDomain,
    Consent,
    OfficerApplication,
    Organisation,
    OrganisationType,
    ProviderInvitation,
    Role,
    Status,
    User,
    UserManager,
    VettingDecision,
)
from hub.audit.models import AuditEvent
from hub.core.models import SanitizedRichTextMixin, SubmissionToken
from hub.outbox.models import Notice, OutboxEmail
from hub.pages.models import Page, PageVersion
from hub.personal_data.models import DataExport, DeletionRequest, ExportStorage, export_storage

__all__ = [
    "AgencyDomain",
    "AuditEvent",
    "Consent",
    "DataExport",
    "DeletionRequest",
    "ExportStorage",
    "Notice",
    "OfficerApplication",
    "Organisation",
    "OrganisationType",
    "OutboxEmail",
    "Page",
    "PageVersion",
    "ProviderInvitation",
    "Role",
    "SanitizedRichTextMixin",
    "Status",
    "SubmissionToken",
    "User",
    "UserManager",
    "VettingDecision",
    "export_storage",
]
