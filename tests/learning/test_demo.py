"""The learning centre's demo data: complete, in several languages, and safe to load twice."""

import io

import pytest
from django.apps import apps
from django.test import Client

from learning import demo
from learning.models import (
    CaptionTrack,
    GlossaryTerm,
    LearningPath,
    Resource,
    Topic,
)
from learning.storage import private_storage
from tests.factories import login_verified, make_officer
from tools_catalog import demo as catalogue_demo

DEMO_MEDIA = demo.DEMO_MEDIA


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _seed() -> str:
    out = io.StringIO()
    catalogue_demo.seed(stdout=out)
    demo.seed(stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_app_config("learning").get_models()
    }


@pytest.fixture
def seeded(db):
    _seed()


def test_a_second_run_creates_and_changes_nothing(db):
    _seed()
    counts = _counts()
    resources = list(Resource.objects.order_by("pk").values())

    output = _seed()

    assert _counts() == counts
    assert list(Resource.objects.order_by("pk").values()) == resources
    assert "learning: 0 topics, 0 resources, 0 glossary terms and 0 paths created" in output


def test_at_least_twenty_published_resources_of_every_kind(seeded):
    published = Resource.objects.published()
    assert published.count() >= 20
    assert set(published.values_list("kind", flat=True)) == set(Resource.Kind.values)


def test_the_required_subjects_are_covered(seeded):
    for slug in (
        "ai-basics",
        "responsible-ai",
        "human-rights",
        "data-protection",
        "gender-bias",
        "wellbeing",
    ):
        assert Resource.objects.published().filter(topics__slug=slug).count() >= 2, slug


def test_the_three_external_guidelines_link_to_their_publishers(seeded):
    guidelines = {r.title_en: r.external_url for r in Resource.objects.filter(kind="guideline")}
    hosts = " ".join(guidelines.values())
    assert "unesco.org" in hosts and "unicef.org" in hosts and "ai-lawenforcement.org" in hosts
    assert any("UNESCO Recommendation on the Ethics" in title for title in guidelines)
    assert any("UNICEF Policy guidance on AI for children" in title for title in guidelines)
    assert any("INTERPOL–UNICRI Toolkit" in title for title in guidelines)


def test_ncmec_how_to_points_to_official_channels(seeded):
    ncmec = Resource.objects.get(slug="requesting-data-from-ncmec")
    assert ncmec.kind == Resource.Kind.HOW_TO
    assert "missingkids.org" in ncmec.body_en


def test_provider_training_is_linked_to_published_catalogue_tools(seeded):
    training = Resource.objects.filter(kind=Resource.Kind.PROVIDER_TRAINING)
    assert training.count() >= 2
    assert all(resource.tool and resource.tool.is_published for resource in training)
    assert all(resource.external_url for resource in training)


def test_several_resources_are_translated_into_french_spanish_and_arabic(seeded):
    translated = Resource.objects.exclude(title_fr=None).exclude(title_fr="")
    translated = translated.exclude(title_es=None).exclude(title_es="")
    translated = translated.exclude(title_ar=None).exclude(title_ar="")
    translated = translated.exclude(summary_ar=None).exclude(summary_ar="")
    assert translated.count() >= 8


def test_the_demo_video_is_small_with_captions_and_a_transcript(seeded):
    video = Resource.objects.get(slug="video-what-is-ai")
    assert video.video.name == "learning/videos/what-is-ai.webm"
    assert private_storage.exists(video.video.name)
    assert 10_000 < private_storage.size(video.video.name) < 300_000
    assert private_storage.open(video.video.name).read(4) == b"\x1a\x45\xdf\xa3"  # WebM (EBML)
    languages = set(CaptionTrack.objects.filter(resource=video).values_list("language", flat=True))
    assert {"en", "fr", "es", "ar"} <= languages
    for track in CaptionTrack.objects.filter(resource=video):
        assert track.file.read(6) == b"WEBVTT"
    assert video.transcript_en and video.transcript_ar


def test_the_video_files_are_put_back_when_missing(seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "emptied"
    video = Resource.objects.get(slug="video-what-is-ai")
    assert not private_storage.exists(video.video.name)

    _seed()

    assert private_storage.exists(video.video.name)
    assert CaptionTrack.objects.filter(resource=video).count() == 4


def test_the_demo_video_plays_for_an_officer(seeded):
    client = login_verified(Client(), make_officer())
    video = Resource.objects.get(slug="video-what-is-ai")
    response = client.get(video.video.url, HTTP_RANGE="bytes=0-3")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"\x1a\x45\xdf\xa3"


def test_thirty_glossary_terms_in_plain_language(seeded):
    assert GlossaryTerm.objects.count() == 30
    assert all(len(term.definition_en) < 220 for term in GlossaryTerm.objects.all())
    assert GlossaryTerm.objects.exclude(term_ar=None).exclude(term_ar="").count() >= 8


def test_the_eight_stage_workflow(seeded):
    path = LearningPath.objects.get(slug="eight-stage-workflow")
    steps = list(path.steps.order_by("position"))
    assert [step.title_en for step in steps] == [
        "Define the need",
        "Assess readiness",
        "Legal and ethical assessment",
        "Select tools",
        "Procure",
        "Pilot and evaluate, including bias",
        "Deploy and train",
        "Monitor and share lessons",
    ]
    assert all(step.guidance_en and step.items.count() >= 3 for step in steps)
    select = steps[3]
    assert select.link_wizard and select.link_catalogue
    assert "bias" in steps[5].guidance_en
    assert all(step.title_fr and step.title_es and step.title_ar for step in steps)


def test_a_shorter_path_of_resources(seeded):
    short = LearningPath.objects.get(slug="ai-basics-in-an-hour")
    steps = list(short.steps.order_by("position"))
    assert 3 <= len(steps) < 8
    assert steps[0].resource is not None
    assert Topic.objects.count() >= 6


def test_every_demo_page_opens(seeded):
    client = login_verified(Client(), make_officer())
    for resource in Resource.objects.published():
        assert client.get(resource.get_absolute_url()).status_code == 200, resource.slug
    for path in LearningPath.objects.all():
        assert client.get(path.get_absolute_url()).status_code == 200, path.slug
    for language in ("en", "ar", "zh-hans"):
        client.cookies["django_language"] = language
        assert client.get("/learn/").status_code == 200


def test_the_demo_media_in_the_repository_stays_small():
    files = list(DEMO_MEDIA.iterdir())
    assert sum(f.stat().st_size for f in files) < 300_000
    assert {f.suffix for f in files} == {".webm", ".vtt"}
