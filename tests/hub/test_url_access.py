"""Default deny: walk every URL pattern and check what an anonymous visitor gets.

A pattern that is not in PUBLIC or in one of the protected lists below fails the test, so nobody can
add a URL without deciding who may see it.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from tests.urlmap import all_routes

# Open to anyone; the expected answer to an anonymous GET.
PUBLIC = {
    "": 200,
    "about/": 200,
    "about/principles/": 200,
    "about/report/": 200,
    "privacy/": 200,
    "terms/": 200,
    "healthz": 200,
    "i18n/setlang/": 302,  # GET only redirects back; the switcher POSTs.
    "accounts/login/": 200,
    "accounts/password/reset/": 200,
    "accounts/password/reset/done/": 200,
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": 200,  # "bad token" page
    "accounts/password/reset/key/done/": 200,
    "accounts/confirm-email/": 200,
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": 200,  # "link expired or invalid" page
    "accounts/inactive/": 200,
    "accounts/signup/": 200,  # says sign-up happens through the application forms
    "accounts/login/code/confirm/": 302,  # login by code is off: back to login
    "accounts/logout/": 302,  # nobody to log out: back to the landing page
    "admin/login/": 200,
}

# Need a signed-in account: anonymous visitors are sent to the login page.
MEMBERS_ONLY = {
    "accounts/reauthenticate/",
    "accounts/email/",
    "accounts/password/change/",
    "accounts/password/set/",
}

ROUTES = all_routes()


def _is_admin(pattern: str) -> bool:
    return pattern.startswith("admin/") and pattern != "admin/login/"


def test_every_url_is_classified():
    unclassified = [
        route.pattern
        for route in ROUTES
        if route.pattern not in PUBLIC
        and route.pattern not in MEMBERS_ONLY
        and not _is_admin(route.pattern)
    ]
    assert unclassified == [], (
        f"add these URL patterns to tests/hub/test_url_access.py: {unclassified}"
    )


@pytest.mark.parametrize(
    "route", [r for r in ROUTES if r.pattern in PUBLIC], ids=lambda r: r.pattern or "/"
)
def test_public_urls_answer_anonymous_visitors(client, public_pages, route):
    response = client.get(route.sample_path)
    assert response.status_code == PUBLIC[route.pattern], route.sample_path
    if response.status_code == 302:
        # Not the default-deny redirect, which carries the page asked for in ?next=.
        assert "next=" not in response["Location"]


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if r.pattern in MEMBERS_ONLY or _is_admin(r.pattern)],
    ids=lambda r: r.pattern,
)
def test_protected_urls_send_anonymous_visitors_to_login(client, db, route):
    response = client.get(route.sample_path)
    assert response.status_code == 302, route.sample_path
    login_paths = {reverse(settings.LOGIN_URL), reverse("admin:login")}
    assert urlsplit(response["Location"]).path in login_paths
