"""Access policy of the hub app: public pages, accounts, second factor, admin login."""

from . import (
    ADMIN_LOGIN,
    HOME,
    LOGIN,
    MEMBERS,
    MEMBERS_POST_ONLY,
    OFFICERS_NOT_FOUND,
    PUBLIC,
    SAME_FOR_ALL,
    STATUS,
    VERIFY,
)

POLICY: dict[str, tuple] = {
    "": (200, STATUS, VERIFY, 200, 200, 200),
    "about/": PUBLIC,
    "about/principles/": PUBLIC,
    "about/report/": PUBLIC,
    "privacy/": PUBLIC,
    "terms/": PUBLIC,
    "numbers/": PUBLIC,
    "healthz": PUBLIC,
    "readyz": SAME_FOR_ALL,
    "metrics": PUBLIC,  # the test client's address is loopback, which may read the metrics
    "i18n/setlang/": (HOME,) * 6,  # the switcher POSTs; a GET just goes back
    "join/": (200, HOME, HOME, HOME, HOME, HOME),
    "provider/join/": (200, HOME, HOME, HOME, HOME, HOME),
    "provider/users/": (LOGIN, STATUS, VERIFY, 404, 200, 404),
    "provider/invitation/<str:token>/": (404,) * 6,  # the sample token is not a real invitation
    # The member's own data: applicants too may take a copy of their data or leave.
    "me/": (LOGIN, 200, VERIFY, 200, 200, 200),
    "me/consents/": (LOGIN, "→me", VERIFY, "→me", "→me", "→me"),  # all accepted already
    "me/export/": (LOGIN, 405, VERIFY, 405, 405, 405),  # POST only
    "me/export/<id:pk>/": (LOGIN, 404, VERIFY, 404, 404, 404),  # nobody's export
    "me/delete/": (LOGIN, 200, VERIFY, 200, 200, 200),
    "me/delete/cancel/": (LOGIN, 405, VERIFY, 405, 405, 405),  # POST only
    "me/application/": (LOGIN, 200, VERIFY, HOME, HOME, HOME),
    "me/notices/": MEMBERS,
    "mfa/setup/": (LOGIN, STATUS, VERIFY, 200, 200, 200),
    "mfa/verify/": (LOGIN, STATUS, 200, HOME, HOME, HOME),
    "mfa/devices/": MEMBERS,
    "mfa/devices/<id:pk>/remove/": MEMBERS_POST_ONLY,
    "mfa/recovery-codes/": (LOGIN, STATUS, VERIFY, *(("→mfa_devices",) * 3)),  # codes show once
    # New codes as a file or a printable page: only just after they were shown, in that session.
    "mfa/recovery-codes/recovery-codes.txt": (LOGIN, STATUS, VERIFY, *(("→mfa_devices",) * 3)),
    "mfa/recovery-codes/print/": (LOGIN, STATUS, VERIFY, *(("→mfa_devices",) * 3)),
    "mfa/recovery-codes/saved/": MEMBERS_POST_ONLY,
    "mfa/passkeys/add/": MEMBERS,
    "mfa/passkeys/<id:pk>/remove/": OFFICERS_NOT_FOUND,  # nobody's passkey
    # Only when HUB_STAFF_REQUIRE_PASSKEY is on, for staff (off here).
    "mfa/passkeys/required/": (LOGIN, STATUS, VERIFY, 404, 404, 404),
    # The passkey ceremonies answer POSTs of JSON; using one is also the second-factor step.
    "mfa/passkeys/registration/begin/": (LOGIN, STATUS, VERIFY, 403, 403, 403),  # no code given
    "mfa/passkeys/registration/complete/": (LOGIN, STATUS, VERIFY, 403, 403, 403),
    "mfa/passkeys/authentication/begin/": (LOGIN, STATUS, 405, 405, 405, 405),
    "mfa/passkeys/authentication/complete/": (LOGIN, STATUS, 405, 405, 405, 405),
    # Accounts (allauth). Test users have no usable password, hence "set" instead of "change".
    "accounts/login/": (200, HOME, HOME, HOME, HOME, HOME),
    "accounts/logout/": (HOME, 200, 200, 200, 200, 200),  # a page with a "Log out" button
    "accounts/inactive/": PUBLIC,
    "accounts/signup/": (200, HOME, HOME, HOME, HOME, HOME),  # points to the application forms
    "accounts/email/": (404,) * 6,
    "accounts/reauthenticate/": (404,) * 6,
    "accounts/login/code/confirm/": (404,) * 6,
    "accounts/confirm-email/": PUBLIC,
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": PUBLIC,  # "this link is not valid" page
    "accounts/password/change/": (LOGIN, STATUS, VERIFY, *(("→account_set_password",) * 3)),
    "accounts/password/set/": MEMBERS,
    "accounts/password/reset/": PUBLIC,
    "accounts/password/reset/done/": PUBLIC,
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": PUBLIC,
    "accounts/password/reset/key/done/": PUBLIC,
    # The admin's own login page hands over to the hub's login.
    "admin/login/": (LOGIN, 404, 404, 404, 404, "→admin:index"),
    "admin/logout/": (ADMIN_LOGIN, STATUS, VERIFY, "→admin:index", "→admin:index", 405),
}
