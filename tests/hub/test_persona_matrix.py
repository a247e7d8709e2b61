"""Every URL × every persona: what each kind of person gets.

The table below is the access policy of the hub, written out. A URL pattern that is not in it
fails the test, so nobody can add a page without deciding who may open it.

An answer is a status code, or "→name": a redirect to the URL named ``name``.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from tests.factories import login_verified, make_applicant, make_officer, make_provider, make_staff
from tests.urlmap import all_routes

PERSONAS = ("anonymous", "applicant", "unverified", "officer", "provider", "staff")

LOGIN = "→account_login"
STATUS = "→application_status"
VERIFY = "→mfa_verify"
HOME = "→home"
ADMIN_LOGIN = "→admin:login"

PUBLIC = (200,) * 6
#                                 anonymous  applicant  unverified  officer  provider  staff
MEMBERS = (LOGIN, STATUS, VERIFY, 200, 200, 200)
MEMBERS_POST_ONLY = (LOGIN, STATUS, VERIFY, 405, 405, 405)
ADMIN = (LOGIN, STATUS, VERIFY, ADMIN_LOGIN, ADMIN_LOGIN, 200)
OFFICERS = (LOGIN, STATUS, VERIFY, 200, 404, 200)
OFFICERS_NOT_FOUND = (LOGIN, STATUS, VERIFY, 404, 404, 404)

POLICY: dict[str, tuple] = {
    "": (200, STATUS, VERIFY, 200, 200, 200),
    "about/": PUBLIC,
    "about/principles/": PUBLIC,
    "about/report/": PUBLIC,
    "privacy/": PUBLIC,
    "terms/": PUBLIC,
    "healthz": PUBLIC,
    "i18n/setlang/": (HOME,) * 6,  # the switcher POSTs; a GET just goes back
    "join/": (200, HOME, HOME, HOME, HOME, HOME),
    "provider/join/": (200, HOME, HOME, HOME, HOME, HOME),
    "provider/users/": (LOGIN, STATUS, VERIFY, 404, 200, 404),
    "provider/invitation/<str:token>/": (404,) * 6,  # the sample token is not a real invitation
    "me/application/": (LOGIN, 200, VERIFY, HOME, HOME, HOME),
    "mfa/setup/": (LOGIN, STATUS, VERIFY, 200, 200, 200),
    "mfa/verify/": (LOGIN, STATUS, 200, HOME, HOME, HOME),
    "mfa/devices/": MEMBERS,
    "mfa/devices/<int:pk>/remove/": MEMBERS_POST_ONLY,
    "mfa/recovery-codes/": (LOGIN, STATUS, VERIFY, *(("→mfa_devices",) * 3)),  # codes show once
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
    # The catalogue: officers and staff; providers get nothing (404). The sample slug and ids are
    # not real tools or posts, hence 404 even for officers there.
    "tools/": OFFICERS,
    "tools/export.csv": OFFICERS,
    "tools/compare/": OFFICERS,
    "tools/mine/": OFFICERS,
    "tools/feedback/<int:pk>/edit/": OFFICERS_NOT_FOUND,
    "tools/feedback/<int:pk>/delete/": OFFICERS_NOT_FOUND,
    "tools/feedback/<int:pk>/report/": OFFICERS_NOT_FOUND,
    "tools/<slug:slug>/": OFFICERS_NOT_FOUND,
    "tools/<slug:slug>/save/": (LOGIN, STATUS, VERIFY, 405, 404, 405),
    # The admin's own login page hands over to the hub's login.
    "admin/login/": (LOGIN, 404, 404, 404, 404, "→admin:index"),
    "admin/logout/": (ADMIN_LOGIN, STATUS, VERIFY, "→admin:index", "→admin:index", 405),
}

# Every other admin page: staff with a verified second factor only. (What a staff member sees on a
# sample path varies by page, so for staff the test checks only that they are let in.)
ADMIN_FOR_OTHERS = {
    "anonymous": {LOGIN, ADMIN_LOGIN},  # the admin's login hands over to the hub's
    "applicant": {STATUS},
    "unverified": {VERIFY},
    "officer": {ADMIN_LOGIN},  # which answers 404
    "provider": {ADMIN_LOGIN},
}

ROUTES = all_routes()


@pytest.fixture
def clients(db, public_pages) -> dict[str, Client]:
    applicant = make_applicant()
    unverified = make_officer()
    unverified_client = Client()
    unverified_client.force_login(unverified)
    return {
        "anonymous": Client(),
        "applicant": _logged_in(applicant),
        "unverified": unverified_client,
        "officer": login_verified(Client(), make_officer()),
        "provider": login_verified(Client(), make_provider()),
        "staff": login_verified(Client(), make_staff()),
    }


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer(response) -> object:
    if response.status_code in (301, 302):
        match = resolve(urlsplit(response["Location"]).path)
        return f"→{match.view_name}"
    return response.status_code


def _is_admin_page(pattern: str) -> bool:
    return pattern.startswith("admin/") and pattern not in POLICY


def test_every_url_has_an_entry():
    missing = [
        r.pattern for r in ROUTES if r.pattern not in POLICY and not _is_admin_page(r.pattern)
    ]
    assert missing == [], f"decide who may open these and add them to POLICY: {missing}"


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.pattern in POLICY], ids=lambda r: r.pattern or "/"
)
def test_each_persona_gets_the_expected_answer(clients, route):
    expected = dict(zip(PERSONAS, POLICY[route.pattern], strict=True))
    actual = {persona: answer(clients[persona].get(route.sample_path)) for persona in PERSONAS}
    assert actual == expected


ADMIN_SAMPLE = [r for r in ROUTES if _is_admin_page(r.pattern)]


def test_admin_pages_are_for_verified_staff_only(clients):
    assert len(ADMIN_SAMPLE) > 20
    for route in ADMIN_SAMPLE:
        for persona, expected in ADMIN_FOR_OTHERS.items():
            assert answer(clients[persona].get(route.sample_path)) in expected, (
                route.pattern,
                persona,
            )
        staff_answer = answer(clients["staff"].get(route.sample_path))
        assert staff_answer not in {LOGIN, ADMIN_LOGIN, VERIFY, STATUS}, route.pattern
