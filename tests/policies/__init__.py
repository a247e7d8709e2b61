"""The hub's access policy, written out: what every persona gets at every URL pattern.

Each app keeps its entries in a module of this package (``POLICY`` dict); the persona matrix in
tests/hub/test_persona_matrix.py gathers them all and checks every URL the resolver knows.

An answer is a status code, or "→name": a redirect to the URL named ``name``.
"""

import importlib
import pkgutil

PERSONAS = ("anonymous", "applicant", "unverified", "officer", "provider", "staff")

LOGIN = "→account_login"
STATUS = "→application_status"
VERIFY = "→mfa_verify"
HOME = "→home"
ADMIN_LOGIN = "→admin:login"

PUBLIC = (200,) * 6
# Readiness: the same answer for everyone, 200 or 503 (503 where Redis is set and no worker has
# sent a heartbeat lately; whether one has depends on the tests run before in the same process).
SAME_FOR_ALL = "the same answer for every persona"
#                                 anonymous  applicant  unverified  officer  provider  staff
MEMBERS = (LOGIN, STATUS, VERIFY, 200, 200, 200)
MEMBERS_POST_ONLY = (LOGIN, STATUS, VERIFY, 405, 405, 405)
ADMIN = (LOGIN, STATUS, VERIFY, ADMIN_LOGIN, ADMIN_LOGIN, 200)
OFFICERS = (LOGIN, STATUS, VERIFY, 200, 404, 200)
OFFICERS_NOT_FOUND = (LOGIN, STATUS, VERIFY, 404, 404, 404)


def collect() -> dict[str, tuple]:
    """Every module's POLICY, merged; a pattern claimed twice is an error."""
    policy: dict[str, tuple] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for pattern, answers in module.POLICY.items():
            if pattern in policy:
                raise ValueError(f"{pattern} is in two policy modules")
            policy[pattern] = answers
    return policy
