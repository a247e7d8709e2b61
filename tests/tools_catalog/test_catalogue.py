"""What officers see in the catalogue: filters, search, counts, and nothing unpublished."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_tool
from tools_catalog.models import Feedback, SavedTool


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def client_for(db):
    def _client(user) -> Client:
        return login_verified(Client(), user)

    return _client


@pytest.fixture
def catalogue(db):
    """Three published tools and one of every hidden status."""
    return {
        "hash": make_tool(
            "Hashwell", purposes=("hash-matching",), media=("images",), deployment=("offline",)
        ),
        "chat": make_tool(
            "Chatguard",
            purposes=("grooming-detection",),
            media=("text",),
            deployment=("cloud",),
            analysis_languages=("ar", "en"),
        ),
        "video": make_tool(
            "Framescan", purposes=("hash-matching",), media=("video",), deployment=("offline",)
        ),
        "draft": make_tool("Draftly", status="draft", purposes=("hash-matching",)),
        "review": make_tool("Reviewing", status="in_review", purposes=("hash-matching",)),
        "suspended": make_tool("Paused Tool", status="suspended", purposes=("hash-matching",)),
        "removed": make_tool("Gone Tool", status="removed", purposes=("hash-matching",)),
    }


HIDDEN = ("Draftly", "Reviewing", "Paused Tool", "Gone Tool")


def _names(response) -> list[str]:
    return re.findall(r'<h2[^>]*>\s*<a href="/tools/[^"]+/">([^<]+)</a>', response.content.decode())


def test_the_catalogue_lists_only_published_tools(client_for, officer, catalogue):
    response = client_for(officer).get(reverse("tools:catalogue"))

    assert response.status_code == 200
    assert sorted(_names(response)) == ["Chatguard", "Framescan", "Hashwell"]
    html = response.content.decode()
    for name in HIDDEN:
        assert name not in html


def test_facets_combine_or_within_and_across(client_for, officer, catalogue):
    client = client_for(officer)

    one = client.get(reverse("tools:catalogue"), {"purpose": "hash-matching"})
    assert sorted(_names(one)) == ["Framescan", "Hashwell"]
    either = client.get(reverse("tools:catalogue"), {"media": ["images", "text"]})
    assert sorted(_names(either)) == ["Chatguard", "Hashwell"]
    both = client.get(reverse("tools:catalogue"), {"purpose": "hash-matching", "media": "video"})
    assert _names(both) == ["Framescan"]
    language = client.get(reverse("tools:catalogue"), {"alang": "ar"})
    assert _names(language) == ["Chatguard"]


def test_facet_counts_match_the_results(client_for, officer, catalogue):
    response = client_for(officer).get(reverse("tools:catalogue"), {"deployment": "offline"})

    facets = {facet.param: facet for facet in response.context["facets"]()}
    counts = {option.value: option.count for option in facets["media"].options}
    assert counts == {"images": 1, "video": 1}
    purpose_counts = {option.value: option.count for option in facets["purpose"].options}
    assert purpose_counts == {"hash-matching": 2}  # the hidden tools are not counted
    assert response.context["result_count"] == 2


def test_every_state_is_a_shareable_url_with_removable_chips(client_for, officer, catalogue):
    response = client_for(officer).get(
        reverse("tools:catalogue"), {"purpose": "hash-matching", "media": "video", "sort": "name"}
    )

    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}
    assert set(chips) == {"hash matching", "video"}
    assert "media=video" not in chips["video"]
    assert "purpose=hash-matching" in chips["video"]
    assert "sort=name" in chips["video"]


def test_values_the_hub_does_not_know_are_dropped_and_the_rest_of_the_link_applies(
    client_for, officer, catalogue
):
    link = {
        "purpose": ["hash-matching", "no-such-purpose"],
        "media": "no-such-medium",
        "region": "ZZ",
        "ptype": "spaceship",
        "alang": "a-language-code-far-too-long",
        "sort": "by-price",
        "page": "²",
    }
    client = client_for(officer)

    response = client.get(reverse("tools:catalogue"), link)

    assert response.status_code == 200
    assert sorted(_names(response)) == ["Framescan", "Hashwell"]
    chips = {chip.label for chip in response.context["chips"]}
    assert "hash matching" in chips
    assert not chips & {"no-such-purpose", "no-such-medium", "ZZ", "spaceship"}
    assert '<option value="shuffle" selected>' in response.content.decode()
    export = client.get(reverse("tools:csv"), link)
    rows = list(csv.reader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["Framescan", "Hashwell"]


def test_an_overlong_search_is_cut_to_its_first_200_characters(client_for, officer, catalogue):
    text = "Hashwell " + "x" * 10_000

    response = client_for(officer).get(reverse("tools:catalogue"), {"q": text})

    assert response.status_code == 200
    assert f'name="q" id="catalogue-q" value="{text[:200]}"' in response.content.decode()


def test_search_finds_a_word_in_any_language_the_hub_holds_and_the_readers_own_first(
    client_for, officer, catalogue
):
    from tools_catalog.services import tool_index_refresh

    # Chatguard has the word only in its French description; Hashwell in its English one (its
    # French description is a translation without it).
    chat = catalogue["chat"]
    chat.description_fr = "<p>Analyse les empreintes numériques des conversations.</p>"
    chat.save()
    tool_index_refresh(tool=chat)
    hashed = catalogue["hash"]
    hashed.description_en = "<p>Compares empreintes files against hash lists.</p>"
    hashed.description_fr = "<p>Compare des fichiers à des listes de hachages.</p>"
    hashed.save()
    tool_index_refresh(tool=hashed)
    client = client_for(officer)

    client.cookies["django_language"] = "en"
    assert _names(client.get(reverse("tools:catalogue"), {"q": "empreintes"})) == [
        "Hashwell",
        "Chatguard",
    ]
    client.cookies["django_language"] = "fr"
    assert _names(client.get(reverse("tools:catalogue"), {"q": "empreintes"})) == [
        "Chatguard",
        "Hashwell",
    ]
    # Sorting by name keeps the reader's own language first.
    found = client.get(reverse("tools:catalogue"), {"q": "empreintes", "sort": "name"})
    assert _names(found) == ["Chatguard", "Hashwell"]


def test_a_search_follows_changes_to_the_tools_at_once(client_for, officer, catalogue):
    from tools_catalog.services import tool_index_refresh

    client = client_for(officer)

    def found() -> list[str]:
        return sorted(_names(client.get(reverse("tools:catalogue"), {"q": "empreintes"})))

    assert found() == []
    chat = catalogue["chat"]
    chat.description_fr = "<p>Analyse les empreintes numériques des conversations.</p>"
    chat.save()
    tool_index_refresh(tool=chat)
    assert found() == ["Chatguard"]

    catalogue["video"].summary_es = "Compara empreintes de vídeo."
    catalogue["video"].save()
    tool_index_refresh(tool=catalogue["video"])
    assert found() == ["Chatguard", "Framescan"]

    chat.status = "suspended"
    chat.save()
    assert found() == ["Framescan"]


def test_a_chinese_word_finds_the_longer_run_it_is_part_of(client_for, officer, catalogue):
    from tools_catalog.services import tool_index_refresh

    chat = catalogue["chat"]
    chat.summary_zh_hans = "天网识别系统，用于图像比对。"
    chat.save()
    tool_index_refresh(tool=chat)
    client = client_for(officer)

    for language in ("zh-hans", "en"):
        client.cookies["django_language"] = language
        for word in ("天网", "天网识别", "识别系统"):
            found = client.get(reverse("tools:catalogue"), {"q": word})
            assert _names(found) == ["Chatguard"], (language, word)
        assert _names(client.get(reverse("tools:catalogue"), {"q": "天网系统"})) == []


def test_search_never_finds_unpublished_tools(client_for, officer, catalogue):
    response = client_for(officer).get(reverse("tools:catalogue"), {"q": "Draftly"})

    assert _names(response) == []


@pytest.mark.parametrize("name", HIDDEN)
def test_unpublished_tool_pages_and_compare_are_404(client_for, officer, catalogue, name):
    hidden = next(tool for tool in catalogue.values() if tool.name == name)
    client = client_for(officer)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    compare = client.get(reverse("tools:compare"), {"tool": [catalogue["hash"].slug, hidden.slug]})
    assert compare.status_code == 404
    assert client.post(reverse("tools:save", args=[hidden.slug])).status_code == 404


def test_csv_export_has_the_listed_tools_and_neutralises_formulas(client_for, officer, catalogue):
    make_tool('=HYPERLINK("http://evil.example")', summary="+cmd|' /C calc'!A0")

    response = client_for(officer).get(reverse("tools:csv"))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    names = sorted(row[0] for row in rows[1:])
    assert "Draftly" not in names and "Gone Tool" not in names
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_compare_shows_two_to_four_tools_side_by_side(client_for, officer, catalogue):
    slugs = [catalogue[key].slug for key in ("hash", "chat", "video")]

    response = client_for(officer).get(reverse("tools:compare"), {"tool": slugs})

    assert response.status_code == 200
    html = response.content.decode()
    assert all(catalogue[key].name in html for key in ("hash", "chat", "video"))
    lines = {line.label: line for line in response.context["lines"]}
    assert lines["Material it handles"].differs


def test_an_officer_saves_a_tool_and_finds_it_in_my_tools(client_for, officer, catalogue):
    client = client_for(officer)
    tool = catalogue["hash"]

    client.post(reverse("tools:save", args=[tool.slug]))
    assert SavedTool.objects.filter(user=officer, tool=tool).exists()
    assert tool.name in client.get(reverse("tools:mine")).content.decode()

    client.post(reverse("tools:save", args=[tool.slug]))
    assert not SavedTool.objects.filter(user=officer, tool=tool).exists()


XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="https://evil.example"></iframe>',
]


@pytest.mark.parametrize("payload", XSS)
def test_feedback_is_stored_clean_and_renders_inert(client_for, officer, catalogue, payload):
    tool = catalogue["hash"]
    client = client_for(officer)

    client.post(tool.get_absolute_url(), {"body": f"Useful tool. {payload}"})

    stored = Feedback.objects.get(tool=tool).body
    for dangerous in ("<script", "onerror", "javascript:", "<svg", "style=", "<iframe", "onload"):
        assert dangerous not in stored.lower()
    html = client.get(tool.get_absolute_url()).content.decode()
    assert "Useful tool." in html
    assert 'onerror="' not in html and "<script>alert" not in html


def test_only_the_author_edits_or_deletes_feedback(client_for, officer, catalogue):
    tool = catalogue["hash"]
    feedback = Feedback.objects.create(tool=tool, author=officer, body="<p>Mine.</p>")
    other = client_for(make_officer())

    assert other.get(reverse("tools:feedback_edit", args=[feedback.pk])).status_code == 404
    assert (
        other.post(reverse("tools:feedback_edit", args=[feedback.pk]), {"body": "x"}).status_code
        == 404
    )
    assert other.post(reverse("tools:feedback_delete", args=[feedback.pk])).status_code == 404
    feedback.refresh_from_db()
    assert feedback.body == "<p>Mine.</p>"

    mine = client_for(officer)
    mine.post(reverse("tools:feedback_edit", args=[feedback.pk]), {"body": "Edited."})
    feedback.refresh_from_db()
    assert "Edited." in feedback.body and feedback.edited_at is not None
    mine.post(reverse("tools:feedback_delete", args=[feedback.pk]))
    assert not Feedback.objects.filter(pk=feedback.pk).exists()


def test_any_officer_can_report_a_post_and_hidden_posts_disappear(client_for, officer, catalogue):
    tool = catalogue["hash"]
    feedback = Feedback.objects.create(tool=tool, author=officer, body="<p>Rude words.</p>")
    other = client_for(make_officer())

    other.post(reverse("tools:feedback_report", args=[feedback.pk]), {"reason": "Insulting"})
    assert feedback.reports.get().reason == "Insulting"

    Feedback.objects.filter(pk=feedback.pk).update(is_hidden=True)
    assert "Rude words." not in other.get(tool.get_absolute_url()).content.decode()


def test_the_tool_page_carries_the_disclaimer_and_says_when_no_ethics_answers_exist(
    client_for, officer, catalogue
):
    html = client_for(officer).get(catalogue["hash"].get_absolute_url()).content.decode()

    assert "not an assessment or endorsement" in html
    assert "has not given answers to the ethics questionnaire" in html


def test_cached_facet_counts_follow_changes_to_the_catalogue(client_for, officer, catalogue):
    from tools_catalog.models import Tool

    client = client_for(officer)
    url = reverse("tools:catalogue")

    def hash_matching_count(response) -> int:
        facets = {facet.param: facet for facet in response.context["facets"]()}
        return {o.value: o.count for o in facets["purpose"].options}.get("hash-matching", 0)

    assert hash_matching_count(client.get(url)) == 2
    make_tool("Newcomer", purposes=("hash-matching",))
    assert hash_matching_count(client.get(url)) == 3
    Tool.objects.get(name="Newcomer").delete()
    catalogue["video"].status = "suspended"
    catalogue["video"].save()
    assert hash_matching_count(client.get(url)) == 1
