"""Staff screens for accounts: vetting officers and provider organisations, users, agency domains."""

from . import users, vetting  # noqa: F401  (each module registers its admins)
