"""Every URL × every persona: what each kind of person gets.

The access policy lives in tests/policies/ (one module per app). A URL pattern that is not in it
fails the test, so nobody can add a page without deciding who may open it.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from tests.factories import login_verified, make_applicant, make_officer, make_provider, make_staff
from tests.policies import ADMIN_LOGIN, LOGIN, PERSONAS, SAME_FOR_ALL, STATUS, VERIFY, collect
from tests.urlmap import all_routes

POLICY = collect()


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
    actual = {persona: answer(clients[persona].get(route.sample_path)) for persona in PERSONAS}
    if POLICY[route.pattern] == SAME_FOR_ALL:
        assert len(set(actual.values())) == 1 and actual["anonymous"] in (200, 503), actual
        return
    expected = dict(zip(PERSONAS, POLICY[route.pattern], strict=True))
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
