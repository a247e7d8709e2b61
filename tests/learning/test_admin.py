"""Staff edit the learning centre in Django admin: resources with videos and captions, paths."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from learning.models import CaptionTrack, ChecklistItem, LearningPath, PathStep, Resource
from learning.storage import private_storage
from tests.factories import login_verified, make_staff

from .factories import CAPTIONS, VIDEO_BYTES, add_stage, make_path, make_resource, make_topic

pytestmark = pytest.mark.django_db
LANGUAGE_SUFFIXES = ["en", "ar", "zh_hans", "fr", "ru", "es"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff() -> Client:
    return login_verified(Client(), make_staff())


def translated(field: str, **values) -> dict[str, str]:
    return {f"{field}_{suffix}": values.get(suffix, "") for suffix in LANGUAGE_SUFFIXES}


def resource_form(topic, **overrides) -> dict:
    return {
        **translated("title", en="Gender bias in AI tools", fr="Les biais de genre"),
        **translated("summary", en="Why tools can miss girls.", fr="Pourquoi."),
        **translated(
            "body", en='<p onclick="x()">Plain <script>alert(1)</script>words.</p>', fr=""
        ),
        **translated("transcript", en="<p>Hello.</p>"),
        "slug": "gender-bias",
        "kind": "video",
        "level": "beginner",
        "topics": [topic.pk],
        "languages": "en, FR, ar",
        "duration_minutes": "5",
        "external_url": "",
        "tool": "",
        "is_published": "on",
        "captions-TOTAL_FORMS": "1",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
        "captions-0-language": "en",
        "captions-0-file": SimpleUploadedFile("clip.en.vtt", CAPTIONS, "text/vtt"),
        "video": SimpleUploadedFile("clip.webm", VIDEO_BYTES, "video/webm"),
        **overrides,
    }


def test_every_learning_admin_page_opens(staff):
    resource = make_resource("Bias", slug="bias")
    path = make_path("Workflow")
    step = add_stage(path, "Define the need", ("One",))
    make_topic("rights", "Rights")
    for name, args in [
        ("learning_resource_changelist", []),
        ("learning_resource_add", []),
        ("learning_resource_change", [resource.pk]),
        ("learning_topic_changelist", []),
        ("learning_glossaryterm_changelist", []),
        ("learning_glossaryterm_add", []),
        ("learning_learningpath_changelist", []),
        ("learning_learningpath_change", [path.pk]),
        ("learning_pathstep_change", [step.pk]),
    ]:
        response = staff.get(reverse(f"admin:{name}", args=args))
        assert response.status_code == 200, name


def test_staff_upload_a_video_with_captions(staff):
    topic = make_topic("gender-bias", "Gender bias")

    response = staff.post(reverse("admin:learning_resource_add"), resource_form(topic))

    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(slug="gender-bias")
    assert resource.languages == ["en", "fr", "ar"]
    assert resource.is_published and resource.published_at
    assert "<script" not in resource.body_en and "onclick" not in resource.body_en
    assert private_storage.open(resource.video.name).read() == VIDEO_BYTES
    assert resource.video.url.startswith("/learn/media/learning/videos/")
    track = CaptionTrack.objects.get(resource=resource)
    assert track.file.read() == CAPTIONS


def test_a_captions_file_must_be_webvtt(staff):
    topic = make_topic("gender-bias", "Gender bias")
    data = resource_form(topic)
    data["captions-0-file"] = SimpleUploadedFile(
        "clip.en.vtt", b"1\n00:00 --> 00:01\nHi", "text/vtt"
    )

    response = staff.post(reverse("admin:learning_resource_add"), data)

    assert response.status_code == 200
    assert "WEBVTT" in response.content.decode()
    assert not Resource.objects.exists()


def test_kind_specific_requirements(staff):
    topic = make_topic("gender-bias", "Gender bias")
    data = resource_form(topic, kind="provider_training", video="")
    data.pop("video")

    response = staff.post(reverse("admin:learning_resource_add"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the link to the material." in html
    assert "Choose the catalogue tool this training material is about." in html


def test_unknown_language_codes_are_refused(staff):
    topic = make_topic("gender-bias", "Gender bias")
    response = staff.post(
        reverse("admin:learning_resource_add"), resource_form(topic, languages="en, klingon")
    )
    assert response.status_code == 200
    assert "klingon" in response.content.decode()
    assert not Resource.objects.exists()


def test_staff_edit_a_steps_checklist(staff):
    path = make_path("Workflow")
    step = add_stage(path, "Define the need", ("Describe the problem",))
    item = step.items.get()
    data = {
        "path": path.pk,
        "position": "10",
        **translated("title", en="Define the need"),
        **translated("guidance", en="<p>Start from a problem.</p>"),
        "resource": "",
        "link_wizard": "",
        "link_catalogue": "",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-id": str(item.pk),
        "items-0-step": str(step.pk),
        "items-0-position": "1",
        **{
            f"items-0-text_{s}": ("Describe the problem" if s == "en" else "")
            for s in LANGUAGE_SUFFIXES
        },
        "items-1-step": str(step.pk),
        "items-1-position": "2",
        **{
            f"items-1-text_{s}": ("Ask the investigators" if s == "en" else "")
            for s in LANGUAGE_SUFFIXES
        },
    }

    response = staff.post(reverse("admin:learning_pathstep_change", args=[step.pk]), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(
        ChecklistItem.objects.filter(step=step)
        .order_by("position")
        .values_list("text_en", flat=True)
    ) == ["Describe the problem", "Ask the investigators"]
    assert PathStep.objects.get(pk=step.pk).guidance_en == "<p>Start from a problem.</p>"
    assert LearningPath.objects.count() == 1
