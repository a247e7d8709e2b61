"""The hub's Django admin: vetting, accounts, records and public pages."""

from . import accounts, records, vetting  # noqa: F401  (each module registers its admins)
