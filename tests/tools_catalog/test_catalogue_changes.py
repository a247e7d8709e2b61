"""Every writer that changes a tool names it in the catalogue's change log.

A change that names no tool makes every process rebuild its whole index (every published tool's
facets) on its next request; a change that names its tools makes them re-read only those. Staff
publish, verify and remove tools through the admin: each logs exactly the tools it changed, and the
next catalogue page shows the change.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_staff
from tests.wizard.wizard_factories import make_wizard_tool
from tools_catalog.models import CatalogueChange, Tool

pytestmark = pytest.mark.django_db

TOOLS = reverse("admin:tools_catalog_tool_changelist")
HASH = {"purposes": ["hash-matching"]}


@pytest.fixture
def staff_client(client):
    return login_verified(client, make_staff(name="Cleo Curator"))


@pytest.fixture
def officer_client():
    return login_verified(Client(), make_officer(name="Omar Officer"))


def catalogue_names(client, **params) -> set[str]:
    html = client.get(reverse("tools:catalogue"), params).content.decode()
    return set(re.findall(r'<h2[^>]*>\s*<a href="/tools/[^"]+/">([^<]+)</a>', html))


def logged_since(last: int) -> list[int | None]:
    return list(
        CatalogueChange.objects.filter(pk__gt=last).order_by("pk").values_list("tool_id", flat=True)
    )


def last_change() -> int:
    return CatalogueChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_publishing_in_the_admin_logs_only_the_published_tools(staff_client, officer_client):
    make_wizard_tool("Keeper Matcher", **HASH)
    draft = make_wizard_tool("Sentinel Hasher", status=Tool.Status.DRAFT, **HASH)
    other = make_wizard_tool("Quiet Draft", status=Tool.Status.DRAFT, **HASH)
    assert catalogue_names(officer_client) == {"Keeper Matcher"}
    before = last_change()

    response = staff_client.post(
        TOOLS, {"action": "publish", "index": "0", "_selected_action": [draft.pk]}
    )

    assert response.status_code == 302
    assert set(logged_since(before)) == {draft.pk}
    assert other.pk not in logged_since(before)
    assert catalogue_names(officer_client) == {"Keeper Matcher", "Sentinel Hasher"}
    assert catalogue_names(officer_client, purpose="hash-matching") == {
        "Keeper Matcher",
        "Sentinel Hasher",
    }


def test_marking_verified_in_the_admin_logs_the_tools_and_reorders_at_once(
    staff_client, officer_client
):
    newer = make_wizard_tool("Beta Newer", **HASH)
    older = make_wizard_tool(
        "Alpha Older", last_verified_at=newer.last_verified_at.replace(year=2020), **HASH
    )
    html = officer_client.get(reverse("tools:catalogue"), {"sort": "verified"}).content.decode()
    assert html.index("Beta Newer") < html.index("Alpha Older")
    before = last_change()

    response = staff_client.post(
        TOOLS, {"action": "mark_verified", "index": "0", "_selected_action": [older.pk]}
    )

    assert response.status_code == 302
    assert logged_since(before) == [older.pk]
    html = officer_client.get(reverse("tools:catalogue"), {"sort": "verified"}).content.decode()
    assert html.index("Alpha Older") < html.index("Beta Newer")


def test_removing_in_the_admin_logs_only_the_removed_tool(staff_client, officer_client):
    make_wizard_tool("Keeper Matcher", **HASH)
    sentinel = make_wizard_tool("Sentinel Hasher", **HASH)
    assert catalogue_names(officer_client) == {"Keeper Matcher", "Sentinel Hasher"}
    before = last_change()

    response = staff_client.post(
        TOOLS,
        {
            "action": "remove",
            "index": "0",
            "_selected_action": [sentinel.pk],
            "select_across": "0",
            "confirm": "yes",
            "reason": "Substantiated concern: it copies uploads abroad.",
            "summary": "Its accuracy claims could not be verified.",
            "guidance": "Stop uploading material to it.",
        },
    )

    assert response.status_code == 302
    assert Tool.objects.get(pk=sentinel.pk).status == Tool.Status.REMOVED
    assert logged_since(before) == [sentinel.pk]
    assert catalogue_names(officer_client) == {"Keeper Matcher"}
    assert catalogue_names(officer_client, purpose="hash-matching") == {"Keeper Matcher"}
