"""A member's own data: consents to the terms and privacy notice, the data export, and erasure.

Each app says what it holds about a member in its own ``personal_data`` module: ``member_data(user)``
returns plain JSON-ready data, and ``COVERED`` names every relation to the user model the app has and
the key of ``member_data`` that holds its rows. The export gathers them all; a test checks that every
relation to a user anywhere in the project is in some ``COVERED`` (or in the short, reasoned
``NOT_EXPORTED``), so a new model cannot be left out quietly. An app may also offer
``member_erase(user)``, called just before an account is erased.

Erasure deletes the account row and the database does the rest: rows that are only the member's go
with it; posts, feedback and reports stay without an author. The audit log keeps its entries under a
pseudonym that is the same in every entry about that member.
"""

from .consents import (
    CONSENT_PAGES,
    ConsentRow,
    consent_overview,
    consent_required,
    consents_accept,
    consents_outdated,
)
from .erasure import (
    ERASE_REQUESTED,
    account_erase,
    accounts_erase_due,
    deletion_cancel,
    deletion_grace,
    deletion_needs_code,
    deletion_pending,
    deletion_request,
    identity_confirm,
    member_pseudonym,
)
from .export import (
    COVERED,
    NOT_EXPORTED,
    PERSONAL_DATA_MODULES,
    data_export_build,
    data_export_downloaded,
    data_export_for_download,
    data_export_in_progress,
    data_export_latest,
    data_export_request,
    member_data,
    member_export,
)

__all__ = [
    "CONSENT_PAGES",
    "COVERED",
    "ERASE_REQUESTED",
    "NOT_EXPORTED",
    "PERSONAL_DATA_MODULES",
    "ConsentRow",
    "account_erase",
    "accounts_erase_due",
    "consent_overview",
    "consent_required",
    "consents_accept",
    "consents_outdated",
    "data_export_build",
    "data_export_downloaded",
    "data_export_for_download",
    "data_export_in_progress",
    "data_export_latest",
    "data_export_request",
    "deletion_cancel",
    "deletion_grace",
    "deletion_needs_code",
    "deletion_pending",
    "deletion_request",
    "identity_confirm",
    "member_data",
    "member_export",
    "member_pseudonym",
]
