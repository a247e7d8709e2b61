"""The landing page's main action for a visitor is to apply to join."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_officer
from tests.hub.person import PASSWORD, log_in

pytestmark = pytest.mark.django_db


def actions(html: str) -> list[tuple[str, str, str]]:
    """The landing page's action links, in order: (class, href, text)."""
    block = re.search(r'<p class="actions">(.*?)</p>', html, re.S)
    if block is None:
        return []
    return re.findall(r'<a class="([^"]*)" href="([^"]*)">([^<]*)</a>', block.group(1))


def test_a_visitor_is_first_offered_to_apply_to_join(client, public_pages):
    html = client.get(reverse("home")).content.decode()

    main, *others = actions(html)
    assert main == ("button", reverse("join"), "Apply to join")
    assert ("button button--secondary", reverse("account_login"), "Log in") in others


def test_a_member_is_not_asked_to_join(client, public_pages):
    log_in(client, make_officer(password=PASSWORD))

    html = client.get(reverse("home")).content.decode()

    assert actions(html) == []
    assert "Apply to join" not in html
