"""Compare says when it left tools out; text the providers typed keeps its own language and
direction in pages in other languages (an English sentence in an Arabic page ends with its full
stop, not starts with it)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import login_verified, make_officer, make_tool

pytestmark = pytest.mark.django_db

ENGLISH = "Pilot with two agencies."


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request leaves its language active in the test's thread, and a tool made then would get
    its text in that language's fields; the tools here are written in English, as providers do."""
    with translation.override("en"):
        yield


@pytest.fixture
def officer_client() -> Client:
    return login_verified(Client(), make_officer())


def in_language(client: Client, language: str) -> Client:
    """The reader picks the page language, as with the language menu."""
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client


def opening_tag(html: str, text: str) -> str:
    """The opening tag of the element whose text begins with ``text``."""
    match = re.search(r"(<[a-z0-9]+(?:\s[^<>]*)?>)\s*" + re.escape(text), html)
    assert match, f"{text!r} not found"
    return match.group(1)


def test_a_fifth_tool_ticked_for_comparison_is_not_dropped_silently(officer_client):
    tools = [make_tool(f"Tool {n}") for n in range(5)]

    response = officer_client.get(reverse("tools:compare"), {"tool": [t.slug for t in tools]})

    assert response.status_code == 200
    html = response.content.decode()
    assert "You can compare up to four tools; the first four you chose are shown" in html
    assert "1 more was left out" in html
    assert all(f">{tool.name}</a></th>" in html for tool in tools[:4])
    assert f">{tools[4].name}</a></th>" not in html


def test_four_tools_are_compared_without_a_warning(officer_client):
    tools = [make_tool(f"Tool {n}") for n in range(4)]

    response = officer_client.get(reverse("tools:compare"), {"tool": [t.slug for t in tools]})

    assert response.status_code == 200
    assert "You can compare up to four tools" not in response.content.decode()


def test_in_arabic_the_english_text_of_a_tool_page_is_marked_english_and_keeps_its_direction(
    officer_client,
):
    tool = make_tool(
        "Hashwell", summary=ENGLISH, used_by_other_agencies="yes", used_by_details=ENGLISH
    )

    html = in_language(officer_client, "ar").get(tool.get_absolute_url()).content.decode()

    assert '<html lang="ar" dir="rtl"' in html
    facts = html[html.index('id="background-title"') :]
    tag = opening_tag(facts, ENGLISH)
    assert 'dir="auto"' in tag and 'lang="en"' in tag, tag
    summary = opening_tag(html, ENGLISH)
    assert 'dir="auto"' in summary and 'lang="en"' in summary, summary


def test_in_arabic_a_translated_summary_is_in_the_page_language(officer_client):
    tool = make_tool("Hashwell", summary=ENGLISH, summary_ar="تجربة مع وكالتين.")

    html = in_language(officer_client, "ar").get(tool.get_absolute_url()).content.decode()

    tag = opening_tag(html, "تجربة مع وكالتين.")
    assert 'dir="auto"' in tag and "lang=" not in tag, tag


def test_in_english_the_text_needs_no_language_of_its_own(officer_client):
    tool = make_tool("Hashwell", used_by_other_agencies="yes", used_by_details=ENGLISH)

    html = in_language(officer_client, "en").get(tool.get_absolute_url()).content.decode()

    tag = opening_tag(html, ENGLISH)
    assert 'dir="auto"' in tag and "lang=" not in tag, tag


def test_in_arabic_compare_marks_the_providers_english_text(officer_client):
    tools = [make_tool("Hashwell", summary=ENGLISH), make_tool("Chatguard")]

    response = in_language(officer_client, "ar").get(
        reverse("tools:compare"), {"tool": [t.slug for t in tools]}
    )

    assert response.status_code == 200
    tag = opening_tag(response.content.decode(), ENGLISH)
    assert tag.startswith("<td") and 'dir="auto"' in tag and 'lang="en"' in tag, tag


def test_in_arabic_catalogue_cards_mark_the_english_summary(officer_client):
    make_tool("Hashwell", summary=ENGLISH)

    html = in_language(officer_client, "ar").get(reverse("tools:catalogue")).content.decode()

    tag = opening_tag(html, ENGLISH)
    assert 'dir="auto"' in tag and 'lang="en"' in tag, tag
