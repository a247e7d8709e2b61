"""The learning centre's pages: the list with filters and search, resource pages, languages."""

import re
import sys
import types
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import PathStep, Resource
from learning.selectors import PAGE_SIZE
from tests.factories import login_verified, make_officer, make_staff, make_tool

from .factories import add_stage, make_path, make_resource, make_topic, make_video_resource

HOME = reverse("learning:home")


@pytest.fixture
def officer_client(db) -> Client:
    return login_verified(Client(), make_officer())


def in_language(client: Client, language: str) -> Client:
    client.cookies["django_language"] = language
    return client


def listed(client: Client, **params) -> list[str]:
    """The slugs of the resources /learn/ lists for these GET parameters, in order."""
    response = client.get(HOME, params)
    assert response.status_code == 200
    return re.findall(r'id="resource-([\w-]+)-title"', response.content.decode())


@pytest.fixture
def library(db):
    rights = make_topic("human-rights", "Human rights and children’s rights")
    wellbeing = make_topic("wellbeing", "Investigator well-being")
    return {
        "bias": make_resource(
            "Gender bias in AI tools",
            slug="bias",
            level="beginner",
            summary="Why tools can miss women and girls.",
            topics=(rights,),
            languages=("en", "fr"),
        ),
        "breaks": make_resource(
            "Taking breaks during review",
            slug="breaks",
            kind=Resource.Kind.HOW_TO,
            level="intermediate",
            summary="Simple habits that protect investigators.",
            topics=(wellbeing,),
            languages=("es",),
        ),
        "unesco": make_resource(
            "UNESCO Recommendation on the Ethics of AI",
            slug="unesco",
            kind=Resource.Kind.GUIDELINE,
            level="advanced",
            summary="The global standard on AI ethics.",
            topics=(rights,),
            languages=("en", "fr", "ar"),
            external_url="https://www.unesco.org/en/artificial-intelligence/recommendation-ethics",
        ),
    }


# Filters and search ---------------------------------------------------------------------------------


def test_every_published_resource_is_listed(library, officer_client):
    make_resource("Draft", slug="draft", is_published=False)
    assert sorted(listed(officer_client)) == ["bias", "breaks", "unesco"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "human-rights"}, ["bias", "unesco"]),
        ({"topic": "wellbeing"}, ["breaks"]),
        ({"level": "advanced"}, ["unesco"]),
        ({"kind": "how_to"}, ["breaks"]),
        ({"language": "fr"}, ["bias", "unesco"]),
        ({"language": "ar"}, ["unesco"]),
        ({"topic": "human-rights", "level": "beginner"}, ["bias"]),
        ({"topic": "human-rights", "kind": "how_to"}, []),
    ],
)
def test_filters_narrow_the_list(library, officer_client, params, expected):
    assert sorted(listed(officer_client, **params)) == expected


def test_unknown_filter_values_are_ignored(library, officer_client):
    assert len(listed(officer_client, topic="nope", level="expert", kind="x", language="zz")) == 3


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bias", ["bias"]),  # in a title
        ("HABITS", ["breaks"]),  # in a summary, any case
        ("ethics global", ["unesco"]),  # every word must match
        ("ethics breaks", []),
        ("AI", ["bias", "unesco"]),
    ],
)
def test_search_matches_titles_and_summaries(library, officer_client, q, expected):
    assert sorted(listed(officer_client, q=q)) == expected


def test_search_reads_the_readers_language_and_english(library, officer_client):
    resource = library["breaks"]
    resource.title_fr = "Faire des pauses pendant l’examen"
    resource.save()
    in_language(officer_client, "fr")

    assert listed(officer_client, q="pauses") == ["breaks"]
    assert listed(officer_client, q="breaks") == ["breaks"]  # the English title still matches


def test_no_match_says_so_and_offers_to_clear(library, officer_client):
    html = officer_client.get(HOME, {"q": "quantum"}).content.decode()
    assert "No resources match your search and filters." in html
    assert f'href="{HOME}#resources-title"' in html


def test_filters_and_pages_keep_each_other(db, officer_client):
    topic = make_topic("ai-basics", "AI basics")
    for number in range(PAGE_SIZE + 3):
        make_resource(f"Basics {number:02d}", topics=(topic,))
    make_resource("Off topic")

    first = listed(officer_client, topic="ai-basics")
    second = listed(officer_client, topic="ai-basics", page=2)

    assert len(first) == PAGE_SIZE and len(second) == 3
    assert not set(first) & set(second)
    html = officer_client.get(HOME, {"topic": "ai-basics"}).content.decode()
    assert "?topic=ai-basics&amp;page=2#resources-title" in html


def test_provider_training_is_listed_only_while_its_tool_is(db, officer_client):
    tool = make_tool("Triage Kit")
    make_resource(
        "Triage Kit course",
        slug="course",
        kind=Resource.Kind.PROVIDER_TRAINING,
        tool=tool,
        external_url="https://provider.example/course",
    )
    assert listed(officer_client) == ["course"]
    page = officer_client.get(reverse("learning:resource", args=["course"])).content.decode()
    assert f'href="{tool.get_absolute_url()}"' in page

    tool.status = "suspended"
    tool.save()
    assert listed(officer_client) == []
    assert officer_client.get(reverse("learning:resource", args=["course"])).status_code == 404


# Languages --------------------------------------------------------------------------------------------


def test_untranslated_text_falls_back_to_english_with_a_marker(library, officer_client):
    translated = library["bias"]
    translated.title_fr = "Les biais de genre dans les outils d’IA"
    translated.summary_fr = "Pourquoi des outils peuvent manquer les femmes et les filles."
    translated.save()
    in_language(officer_client, "fr")

    english_only = officer_client.get(reverse("learning:resource", args=["breaks"]))
    html = english_only.content.decode()
    assert '<html lang="fr"' in html
    assert '<h1 lang="en" dir="ltr">Taking breaks during review</h1>' in html
    assert 'class="untranslated"' in html

    french = officer_client.get(reverse("learning:resource", args=["bias"])).content.decode()
    assert "<h1>Les biais de genre dans les outils d’IA</h1>" in french
    # The body has no French version: it is marked, the title and summary are not.
    assert french.count('class="untranslated"') == 1
    assert '<div class="prose" lang="en" dir="ltr">' in french

    listing = officer_client.get(HOME).content.decode()
    assert re.search(r'id="resource-breaks-title" lang="en" dir="ltr"', listing)
    assert re.search(r'id="resource-bias-title"><a', listing)


def test_arabic_pages_are_right_to_left(library, officer_client):
    in_language(officer_client, "ar")
    html = officer_client.get(HOME).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


# Rich text --------------------------------------------------------------------------------------------

DIRTY = (
    '<p onclick="steal()">Hello <script>alert("x")</script>'
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a>'
    '<a href="https://ok.example/" onmouseover="alert(3)">fine</a></p>'
)


def _assert_clean(text: str) -> None:
    lowered = text.lower()
    for bad in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "<img"):
        assert bad not in lowered, bad


def test_rich_text_is_sanitised_on_save_in_every_language(db, officer_client):
    resource = make_resource("Dirty", slug="dirty", body=DIRTY, transcript_en=DIRTY, body_fr=DIRTY)
    resource.refresh_from_db()
    for text in (resource.body_en, resource.body_fr, resource.transcript_en):
        _assert_clean(text)
        assert 'href="https://ok.example/"' in text  # a plain link survives

    html = officer_client.get(resource.get_absolute_url()).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    _assert_clean(main)


def test_path_texts_are_sanitised(db, officer_client):
    path = make_path("Dirty path", description_en=DIRTY)
    step = add_stage(path, "Stage", ("Item",), guidance=DIRTY)
    step.refresh_from_db()
    _assert_clean(step.guidance_en)
    html = officer_client.get(path.get_absolute_url()).content.decode()
    _assert_clean(html[html.index("<main") : html.index("</main>")])


def test_plain_text_fields_are_escaped(db, officer_client):
    resource = make_resource('<b>Bold</b> "title"', slug="plain", summary="<i>x</i>")
    html = officer_client.get(resource.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<i>x</i>" not in html


# Resource pages ---------------------------------------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_video_page_has_captions_on_and_a_transcript(media_root, officer_client):
    resource = make_video_resource(
        captions={"en": b"WEBVTT\n", "ar": b"WEBVTT\n"},
        transcript_en="<p>What is artificial intelligence?</p>",
    )
    html = officer_client.get(resource.get_absolute_url()).content.decode()

    video = html[html.index("<video") : html.index("</video>")]
    assert f'<source src="{resource.video.url}" type="video/webm">' in video
    tracks = re.findall(r"<track [^>]*>", video)
    assert len(tracks) == 2
    assert all('kind="captions"' in track for track in tracks)
    defaults = [track for track in tracks if track.endswith(" default>")]
    assert len(defaults) == 1 and 'srclang="en"' in defaults[0]
    assert '<h2 id="transcript-title">' in html
    assert "What is artificial intelligence?" in html

    arabic = in_language(officer_client, "ar").get(resource.get_absolute_url()).content.decode()
    defaults = [t for t in re.findall(r"<track [^>]*>", arabic) if t.endswith(" default>")]
    assert len(defaults) == 1 and 'srclang="ar"' in defaults[0]


def test_a_linked_video_is_a_link_that_leaves_the_hub(db, officer_client):
    resource = make_resource(
        "Talk on AI ethics",
        kind=Resource.Kind.VIDEO,
        external_url="https://video.example.org/talks/ai-ethics",
    )
    html = officer_client.get(resource.get_absolute_url()).content.decode()
    assert "<video" not in html and "<iframe" not in html
    assert 'href="https://video.example.org/talks/ai-ethics" rel="noopener noreferrer"' in html
    assert "video.example.org" in html


def test_guidelines_link_out(library, officer_client):
    html = officer_client.get(reverse("learning:resource", args=["unesco"])).content.decode()
    assert (
        'href="https://www.unesco.org/en/artificial-intelligence/recommendation-ethics" '
        'rel="noopener noreferrer"' in html
    )
    assert "www.unesco.org" in html


def test_unpublished_resources_are_previewed_by_staff_only(db, officer_client):
    resource = make_resource("Draft", slug="draft", is_published=False)
    assert officer_client.get(resource.get_absolute_url()).status_code == 404
    staff = login_verified(Client(), make_staff())
    html = staff.get(resource.get_absolute_url()).content.decode()
    assert "only hub staff can see this resource" in html


def test_a_resource_page_names_the_paths_it_is_part_of(db, officer_client):
    resource = make_resource("Bias", slug="bias")
    path = make_path("Responsible AI")
    PathStep.objects.create(path=path, resource=resource)
    html = officer_client.get(resource.get_absolute_url()).content.decode()
    assert f'href="{path.get_absolute_url()}"' in html


# Upcoming trainings ---------------------------------------------------------------------------------


def test_without_trainings_from_the_community_there_is_no_section(db, officer_client, monkeypatch):
    monkeypatch.setitem(sys.modules, "community.selectors", types.ModuleType("community.selectors"))
    html = officer_client.get(HOME).content.decode()
    assert 'id="trainings-title"' not in html


def test_upcoming_trainings_come_from_the_community(db, officer_client):
    selectors = pytest.importorskip("community.selectors")
    if not hasattr(selectors, "upcoming_trainings"):
        pytest.skip("the community app offers no trainings yet")
    from community.models import Event

    start = timezone.now() + timedelta(days=10)
    Event.objects.create(
        kind="training",
        title="Responsible AI for investigators",
        mode="online",
        online_url="https://meet.example/ai",
        start=start,
        end=start + timedelta(hours=2),
        time_zone="Africa/Nairobi",
        status="published",
    )
    Event.objects.create(
        kind="meeting",
        title="Community meeting",
        mode="online",
        online_url="https://meet.example/m",
        start=start,
        end=start + timedelta(hours=1),
        status="published",
    )
    html = officer_client.get(HOME).content.decode()
    section = html[html.index('id="trainings-title"') :]
    section = section[: section.index("</section>")]
    assert "Responsible AI for investigators" in section
    assert "Community meeting" not in section
    assert "(Kenya)" in section
