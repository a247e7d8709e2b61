"""The hub app's staff screens (Django's admin autodiscovery reads this module), each in its room."""

from hub.accounts import admin as accounts_admin  # noqa: F401  (vetting, users, agency domains)
from hub.audit import admin as audit_admin  # noqa: F401  (the audit log and its CSV export)
from hub.outbox import admin as outbox_admin  # noqa: F401  (the email outbox)
from hub.pages import admin as pages_admin  # noqa: F401  (the public pages and their versions)
