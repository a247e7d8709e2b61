"""English shown in place of a translation says so: it carries lang="en", keeps its own direction,
and is followed by a visible "(in English)" in the page's language. A translated text has no mark.

Event titles, learning path cards, checklist items and the tool summaries on the catalogue's and
the wizard's cards, each read by an officer logged in through the real forms."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.community.factories import make_event
from tests.factories import make_officer
from tests.hub.person import PASSWORD, log_in
from tests.learning.factories import add_stage, make_path
from tests.wizard.wizard_factories import make_wizard_tool

pytestmark = pytest.mark.django_db

# The reader reads Arabic: the mark says "(in English)" in Arabic.
MARK = '<span class="in-english">(بالإنجليزية)</span>'


def shown(html: str, text: str) -> str:
    """How ``text`` is shown: its wrapping span and whatever mark follows it."""
    match = re.search(
        rf'<span( lang="[^"]*")? dir="auto">{re.escape(text)}</span>(&#32;{re.escape(MARK)})?', html
    )
    assert match, f"{text!r} is not on the page"
    return match.group(0)


def english(text: str) -> str:
    return f'<span lang="en" dir="auto">{text}</span>&#32;{MARK}'


def own(text: str) -> str:
    return f'<span dir="auto">{text}</span>'


@pytest.fixture
def reader(client):
    """An officer reading the hub in Arabic."""

    def _read(language: str = "ar"):
        officer = make_officer(password=PASSWORD, language=language)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        log_in(client, officer)
        return client

    return _read


def test_event_titles(reader):
    english_only = make_event("Hash matching clinic")
    translated = make_event("Triage workshop", title_ar="ورشة الفرز")
    client = reader("ar")

    listing = client.get(reverse("community:events")).content.decode()
    assert shown(listing, "Hash matching clinic") == english("Hash matching clinic")
    assert shown(listing, "ورشة الفرز") == own("ورشة الفرز")

    page = client.get(reverse("community:event", args=[english_only.pk])).content.decode()
    assert f"<h1>{english('Hash matching clinic')}</h1>" in page
    page = client.get(reverse("community:event", args=[translated.pk])).content.decode()
    assert f"<h1>{own('ورشة الفرز')}</h1>" in page


def test_learning_path_cards_and_checklist_items(reader):
    path = make_path("First steps", summary="Start here.", title_ar="الخطوات الأولى")
    add_stage(path, "Prepare", items=("Name a lead officer", "Write the plan"))
    item = path.steps.get().items.get(position=2)
    item.text_ar = "اكتب الخطة"
    item.save()
    client = reader("ar")

    cards = client.get(reverse("learning:paths")).content.decode()
    assert shown(cards, "الخطوات الأولى") == own("الخطوات الأولى")
    assert shown(cards, "Start here.") == english("Start here.")

    detail = client.get(reverse("learning:path", args=[path.slug])).content.decode()
    assert shown(detail, "Name a lead officer") == english("Name a lead officer")
    assert shown(detail, "اكتب الخطة") == own("اكتب الخطة")


def test_tool_summaries_on_the_wizards_cards(reader):
    make_wizard_tool("Hashfinder", summary="Finds known images.")
    make_wizard_tool("Chatlens", summary="Reads chats.", summary_ar="يقرأ المحادثات.")
    client = reader("ar")

    results = client.get(reverse("wizard:results")).content.decode()

    assert shown(results, "Finds known images.") == english("Finds known images.")
    assert shown(results, "يقرأ المحادثات.") == own("يقرأ المحادثات.")


def test_tool_summaries_on_the_catalogues_cards(reader):
    make_wizard_tool("Hashfinder", summary="Finds known images.")
    make_wizard_tool("Chatlens", summary="Reads chats.", summary_ar="يقرأ المحادثات.")
    client = reader("ar")

    results = client.get(reverse("tools:catalogue")).content.decode()

    assert shown(results, "Finds known images.") == english("Finds known images.")
    assert shown(results, "يقرأ المحادثات.") == own("يقرأ المحادثات.")


def test_nothing_is_marked_on_an_english_page(reader):
    make_event("Hash matching clinic")
    path = make_path("First steps", summary="Start here.")
    add_stage(path, "Prepare", items=("Name a lead officer",))
    make_wizard_tool("Hashfinder", summary="Finds known images.")
    client = reader("en")

    for url in (
        reverse("community:events"),
        reverse("learning:paths"),
        reverse("learning:path", args=[path.slug]),
        reverse("wizard:results"),
        reverse("tools:catalogue"),
    ):
        html = client.get(url).content.decode()
        assert "in-english" not in html, url
    assert shown(html, "Finds known images.") == own("Finds known images.")
