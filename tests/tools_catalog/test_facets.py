"""The facet panel as an officer reads it: counts that leave a group's own choice out, the values
that matter first, and every other value one link away, without JavaScript."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_tool
from tools_catalog.presenters import FACET_SHOWN

CATALOGUE = reverse("tools:catalogue")


@pytest.fixture
def client(db) -> Client:
    return login_verified(Client(), make_officer())


def _panel(response) -> dict[str, dict[str, int]]:
    """facet → {value: count}, as the filter form lists them."""
    html = response.content.decode()
    start = html.index('class="catalogue__filters"')
    form = html[start : html.index("</form>", start)]
    found: dict[str, dict[str, int]] = {}
    for param, value, count in re.findall(
        r'<input type="checkbox" name="([a-z]+)" value="([^"]+)"[^>]*>\s*<span>[^<]*'
        r"<small>\((\d+)\)</small>",
        form,
    ):
        found.setdefault(param, {})[value] = int(count)
    return found


def _names(response) -> list[str]:
    return re.findall(r'<h2[^>]*>\s*<a href="/tools/[^"]+/">([^<]+)</a>', response.content.decode())


def test_a_groups_counts_leave_its_own_choice_out(client):
    make_tool("Hashwell", purposes=("hash-matching",), deployment=("offline",))
    make_tool("Framescan", purposes=("hash-matching",), deployment=("offline",))
    make_tool("Victimfind", purposes=("victim-identification",), deployment=("offline",))
    make_tool("Chatguard", purposes=("grooming-detection",), deployment=("cloud",))

    response = client.get(CATALOGUE, {"purpose": "hash-matching", "deployment": "offline"})

    assert sorted(_names(response)) == ["Framescan", "Hashwell"]
    panel = _panel(response)
    # Offline tools, whatever their purpose: another purpose can be added as an alternative.
    assert panel["purpose"] == {"hash-matching": 2, "victim-identification": 1}
    # Hash-matching tools, wherever they run.
    assert panel["deployment"] == {"offline": 2}

    either = client.get(
        CATALOGUE,
        {"purpose": ["hash-matching", "victim-identification"], "deployment": "offline"},
    )
    assert sorted(_names(either)) == ["Framescan", "Hashwell", "Victimfind"]
    assert _panel(either)["purpose"] == {"hash-matching": 2, "victim-identification": 1}

    purpose_only = _panel(client.get(CATALOGUE, {"purpose": "hash-matching"}))
    assert purpose_only["purpose"] == {
        "hash-matching": 2,
        "victim-identification": 1,
        "grooming-detection": 1,
    }
    assert purpose_only["deployment"] == {"offline": 2}


@pytest.fixture
def many_purposes(db):
    """Ten purposes: purpose-0 on ten tools, purpose-1 on nine, ... purpose-9 on one."""
    for n in range(10):
        make_tool(
            f"Tool {n}",
            purposes=tuple(f"purpose-{k}" for k in range(n + 1)),
            deployment=("offline",) if n % 2 else ("cloud",),
        )


def test_the_panel_shows_the_chosen_values_then_the_largest_and_links_to_the_rest(
    client, many_purposes
):
    response = client.get(CATALOGUE, {"purpose": "purpose-9", "sort": "name", "q": "Tool"})

    shown = _panel(response)["purpose"]
    assert list(shown) == ["purpose-9", *(f"purpose-{k}" for k in range(FACET_SHOWN - 1))]
    assert shown["purpose-0"] == 10 and shown["purpose-9"] == 1
    html = response.content.decode()
    more = re.search(
        rf'<a href="([^"]+)">{10 - FACET_SHOWN} more<span class="visually-hidden">: ([^<]+)</span>',
        html,
    )
    assert more and more.group(2) == "What it helps with"

    # The link keeps the search, the filter and the order, and lists every value with its count.
    link = more.group(1).replace("&amp;", "&")
    query = parse_qs(urlsplit(link).query)
    assert query == {"purpose": ["purpose-9"], "sort": ["name"], "q": ["Tool"], "more": ["purpose"]}
    assert urlsplit(link).fragment == "facet-purpose"
    everything = client.get(CATALOGUE + link.split("#")[0])
    assert _panel(everything)["purpose"] == {f"purpose-{k}": 10 - k for k in range(10)}
    assert 'id="facet-purpose" open' in everything.content.decode()
    assert _names(everything) == ["Tool 9"]  # the results are those of the same query
    # From the full list, a link goes back to the short one.
    fewer = re.search(r'<a href="([^"]+)#facet-purpose">Fewer', everything.content.decode())
    assert fewer and "more=" not in fewer.group(1)


def test_values_of_small_groups_are_all_shown(client, many_purposes):
    panel = _panel(client.get(CATALOGUE))

    assert panel["deployment"] == {"cloud": 5, "offline": 5}
    assert len(panel["purpose"]) == FACET_SHOWN


def test_a_publish_or_a_withdrawal_changes_the_counts_at_once(client, many_purposes):
    from tools_catalog.models import Tool

    assert _panel(client.get(CATALOGUE))["purpose"]["purpose-0"] == 10
    draft = make_tool("Late Tool", status="draft", purposes=("purpose-0", "purpose-9"))
    assert _panel(client.get(CATALOGUE))["purpose"]["purpose-0"] == 10

    draft.status = Tool.Status.PUBLISHED
    draft.save()
    after = client.get(CATALOGUE, {"more": "purpose"})
    assert _panel(after)["purpose"]["purpose-0"] == 11
    assert _panel(after)["purpose"]["purpose-9"] == 2
    assert "Late Tool" in _names(client.get(CATALOGUE, {"sort": "name"}))

    Tool.objects.get(name="Tool 0").delete()
    draft.status = Tool.Status.SUSPENDED
    draft.save()
    gone = client.get(CATALOGUE, {"more": "purpose"})
    assert _panel(gone)["purpose"]["purpose-0"] == 9
    assert _panel(gone)["purpose"]["purpose-9"] == 1
    assert "Late Tool" not in _names(client.get(CATALOGUE, {"sort": "name"}))
