"""The catalogue's orders, as the officer's pages list them: the fair shuffle is the reference
permutation for this officer and day, and the explicit orders break ties with it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import login_verified, make_officer, make_tool
from tools_catalog.models import Tool
from tools_catalog.selectors import fair_order, fair_seed

CATALOGUE = reverse("tools:catalogue")


def _slugs(response) -> list[str]:
    return re.findall(r'<article class="tool-card" id="tool-([^"]+)"', response.content.decode())


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def client(officer) -> Client:
    return login_verified(Client(), officer)


def test_the_default_order_is_this_officers_shuffle_for_today_page_by_page(client, officer):
    tools = [make_tool(f"Tool {n:02}", purposes=("triage",) if n % 3 else ()) for n in range(45)]
    seed = fair_seed(officer, timezone.localdate())
    slug = {tool.pk: tool.slug for tool in tools}

    expected = [slug[pk] for pk in fair_order([tool.pk for tool in tools], seed=seed)]
    listed = [s for page in (1, 2, 3) for s in _slugs(client.get(CATALOGUE, {"page": page}))]
    assert listed == expected

    triage = [tool.pk for tool in tools if tool.purposes.exists()]
    expected = [slug[pk] for pk in fair_order(triage, seed=seed)][:20]
    assert _slugs(client.get(CATALOGUE, {"purpose": "triage"})) == expected


def test_explicit_orders_break_ties_with_the_shuffle(client, officer):
    now = timezone.now()
    seed = fair_seed(officer, timezone.localdate())
    names = ["delta", "Alpha", "charlie", "Bravo", "echo", "Echo"]
    tools = {name: make_tool(name, purposes=("triage",)) for name in names}
    for extra in range(50):  # enough other tools that the filtered list is ordered on its own
        make_tool(f"Other {extra}")
    verified = {"delta": 3, "Alpha": 1, "Bravo": 1, "charlie": None, "echo": None, "Echo": 2}
    for name, days in verified.items():
        Tool.objects.filter(pk=tools[name].pk).update(
            last_verified_at=now - timedelta(days=days) if days else None
        )
        tools[name].save(update_fields=["name"])  # a save: the catalogue learns of the change

    def tie(*group: str) -> list[str]:
        ids = fair_order([tools[name].pk for name in group], seed=seed)
        return [next(t.slug for t in tools.values() if t.pk == pk) for pk in ids]

    by_name = tie("Alpha") + tie("Bravo") + tie("charlie") + tie("delta") + tie("echo", "Echo")
    by_verified = tie("Alpha", "Bravo") + tie("Echo") + tie("delta") + tie("charlie", "echo")

    # The whole catalogue (its sorted lists walked) and six of its 56 tools (sorted on their own).
    def listed(**query) -> list[str]:
        numbers = (1, 2, 3) if "purpose" not in query else (1,)  # 56 tools, or 6
        pages = (_slugs(client.get(CATALOGUE, {**query, "page": page})) for page in numbers)
        return [slug for page in pages for slug in page]

    for query in ({}, {"purpose": "triage"}):
        assert [s for s in listed(sort="name", **query) if s in by_name] == by_name
        assert [s for s in listed(sort="verified", **query) if s in by_verified] == by_verified
    assert listed(sort="verified", purpose="triage") == by_verified


def test_the_shuffle_takes_in_added_and_removed_tools_at_once(client, officer):
    from safety.removal import tool_remove
    from tests.factories import make_staff

    tools = [make_tool(f"Tool {n:02}") for n in range(30)]
    seed = fair_seed(officer, timezone.localdate())
    assert len(_slugs(client.get(CATALOGUE))) == 20  # this officer's order is known

    tools += [make_tool(f"Later {n:02}") for n in range(8)]
    gone = tools.pop(3)
    tool_remove(
        tool=gone, by=make_staff(), reason="Copies uploads.", summary="Unsafe.", guidance=""
    )

    slug = {tool.pk: tool.slug for tool in tools}
    expected = [slug[pk] for pk in fair_order(list(slug), seed=seed)]
    assert _slugs(client.get(CATALOGUE)) == expected[:20]
    assert _slugs(client.get(CATALOGUE, {"page": 2})) == expected[20:]


def test_a_card_shows_at_once_that_the_officer_saved_its_tool(client, officer):
    tool = make_tool("Only Tool")
    card_id = f"tool-{tool.slug}"
    card = re.compile(rf'<article class="tool-card" id="tool-{tool.slug}">.*?</article>', re.S)
    assert "Save to My tools" in card.search(client.get(CATALOGUE).content.decode()).group()

    answer = client.post(
        reverse("tools:save", args=[tool.slug]), {"next": f"{CATALOGUE}?q=only", "at": card_id}
    )
    assert answer.url == f"{CATALOGUE}?q=only#{card_id}"

    html = card.search(client.get(CATALOGUE).content.decode()).group()
    assert "Saved in My tools" in html and "Remove from My tools" in html
    other = login_verified(Client(), make_officer())
    assert "Save to My tools" in card.search(other.get(CATALOGUE).content.decode()).group()


def test_the_way_back_after_saving_names_only_a_card(client):
    tool = make_tool("Only Tool")
    save = reverse("tools:save", args=[tool.slug])

    hostile = client.post(save, {"next": CATALOGUE, "at": 'x"><script>'})
    elsewhere = client.post(save, {"next": "https://evil.example/", "at": f"tool-{tool.slug}"})

    assert hostile.url == CATALOGUE
    assert elsewhere.url == tool.get_absolute_url()
