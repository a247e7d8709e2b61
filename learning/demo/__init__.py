"""Demo data for the learning centre, kept beside this module: 26 resources (``resources.json``,
one of them the demo video with captions), a glossary of 30 terms (``glossary.json``), the
eight-stage workflow and two shorter paths (``paths.json``). The topics they are filed under are
reference data (learning/reference/topics.json), loaded first.

The texts are in plain language, from the Ethical and Legal Report (seed 001, part IV §1, §2 and
§6) and the Global Hub fact sheet (seed 004). A language a text leaves out falls back to English on
the site, with a visible marker. Links to external guidelines are real public pages; nothing is
fetched. Catalogue tools are referred to by slug (tools_catalog/demo/tools.json).

Idempotent: everything is looked up by slug and only created when missing; nothing that exists is
changed, so a second run writes nothing. The demo video's files are copied into the private media
folder whenever they are missing there (for example after MEDIA_ROOT was emptied).

The demo video (learning/demo/media/what-is-ai.webm, 9 seconds, about 60 KB) was made once with
ffmpeg, which neither the hub nor its tests need; it is kept in the repository and never downloaded::

    F=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf; R=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
    ffmpeg -f lavfi -i "color=c=0x0b4f8a:s=640x360:r=24:d=9" -vf "\\
    drawtext=fontfile=$F:text='What is AI?':fontcolor=white:fontsize=48:x=(w-text_w)/2:y=(h-text_h)/2-24:enable='between(t,0,3)',\\
    drawtext=fontfile=$R:text='A short introduction for investigators':fontcolor=white:fontsize=24:x=(w-text_w)/2:y=h/2+36:enable='between(t,0,3)',\\
    drawtext=fontfile=$F:text='AI finds patterns in data':fontcolor=white:fontsize=40:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,3,6)',\\
    drawtext=fontfile=$F:text='People make the decisions':fontcolor=white:fontsize=40:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,6,9)',\\
    drawtext=fontfile=$R:text='Global Hub  -  Learning centre':fontcolor=white:fontsize=16:x=20:y=h-32" \\
    -c:v libvpx-vp9 -b:v 0 -crf 50 -g 24 -row-mt 1 -deadline good -an what-is-ai.webm

(VP9 in WebM plays in every current browser, including Chromium builds without proprietary codecs;
a keyframe every second keeps seeking quick.) The captions (what-is-ai.<language>.vtt) were written
by hand in English, French, Spanish and Arabic.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile

from hub.core.reference import read, translated
from tools_catalog.selectors import published_tools

from .. import reference
from ..models import (
    CaptionTrack,
    ChecklistItem,
    GlossaryTerm,
    LearningPath,
    PathStep,
    Resource,
    Topic,
)
from ..storage import private_storage

DEMO_DIR = Path(__file__).resolve().parent
DEMO_MEDIA = DEMO_DIR / "media"
VIDEO_FOLDER = "learning/videos"
CAPTIONS_FOLDER = "learning/captions"
# Resources were published over the months before the demo date; the first in the list (the
# basics) are the newest, so they head the learning centre's list.
LAST_PUBLISHED = datetime(2026, 9, 28, 9, 0, tzinfo=UTC)


def _copy_demo_file(source: str, folder: str) -> str:
    """The demo file's name in private storage, copied there if it is not there yet."""
    name = f"{folder}/{source}"
    if not private_storage.exists(name):
        private_storage.save(name, ContentFile((DEMO_MEDIA / source).read_bytes()))
    return name


def seed_video(resource: Resource, video: dict) -> None:
    """Put the demo video and its captions in place (again, if the files went missing)."""
    name = _copy_demo_file(video["file"], VIDEO_FOLDER)
    if resource.video.name != name:
        resource.video.name = name
        resource.save(update_fields=["video"])
    for language, source in video["captions"].items():
        caption_name = _copy_demo_file(source, CAPTIONS_FOLDER)
        CaptionTrack.objects.get_or_create(
            resource=resource, language=language, defaults={"file": caption_name}
        )


def seed_resources() -> tuple[int, list[str]]:
    created_count, skipped = 0, []
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    tools = {tool.slug: tool for tool in published_tools()}
    for index, data in enumerate(read(DEMO_DIR / "resources.json")):
        tool = None
        if data.get("tool"):
            tool = tools.get(data["tool"])
            if tool is None:  # the catalogue's demo data is not loaded: nothing to link to
                skipped.append(data["slug"])
                continue
        published = LAST_PUBLISHED - timedelta(days=9 * index)
        fields = {
            "kind": data["kind"],
            "level": data["level"],
            "languages": list(data["languages"]),
            "duration_minutes": data["minutes"],
            "external_url": data.get("url", ""),
            "tool": tool,
            "is_published": True,
            "published_at": published,
            "created_at": published - timedelta(days=3),
            **translated("title", data["title"]),
            **translated("summary", data["summary"]),
            **translated("body", data.get("body")),
            **translated("transcript", data.get("transcript")),
        }
        resource, created = Resource.objects.get_or_create(slug=data["slug"], defaults=fields)
        if created:
            resource.topics.set([topics[slug] for slug in data["topics"]])
            created_count += 1
        if data.get("video"):
            seed_video(resource, data["video"])
    return created_count, skipped


def seed_glossary() -> int:
    created_count = 0
    for data in read(DEMO_DIR / "glossary.json"):
        defaults = {
            **translated("term", data["term"]),
            **translated("variants", data["variants"]),
            **translated("definition", data["definition"]),
        }
        _term, created = GlossaryTerm.objects.get_or_create(slug=data["slug"], defaults=defaults)
        created_count += created
    return created_count


def _add_stage(path: LearningPath, position: int, data: dict) -> None:
    step = PathStep.objects.create(
        path=path,
        position=position,
        link_wizard=data.get("link_wizard", False),
        link_catalogue=data.get("link_catalogue", False),
        **translated("title", data["title"]),
        **translated("guidance", data["guidance"]),
    )
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(step=step, position=number * 10, text_en=text)
            for number, text in enumerate(data["checklist"], start=1)
        ]
    )


def seed_paths() -> int:
    created_count = 0
    resources = {resource.slug: resource for resource in Resource.objects.all()}
    for position, data in enumerate(read(DEMO_DIR / "paths.json"), start=1):
        if LearningPath.objects.filter(slug=data["slug"]).exists():
            continue
        path = LearningPath.objects.create(
            slug=data["slug"],
            position=position * 10,
            is_published=True,
            **translated("title", data["title"]),
            **translated("summary", data["summary"]),
            **translated("description", data["description"]),
        )
        step_position = 0
        for slug in data.get("resources", []):
            if slug in resources:
                step_position += 10
                PathStep.objects.create(path=path, position=step_position, resource=resources[slug])
        for stage in data.get("stages", []):
            step_position += 10
            _add_stage(path, step_position, stage)
        if data.get("final"):
            _add_stage(path, step_position + 10, data["final"])
        created_count += 1
    return created_count


def seed(*, stdout) -> None:
    new_topics = reference.topics_load().created
    new_resources, skipped = seed_resources()
    new_terms = seed_glossary()
    new_paths = seed_paths()
    stdout.write(
        f"  learning: {new_topics} topics, {new_resources} resources, {new_terms} glossary terms "
        f"and {new_paths} paths created"
    )
    if skipped:
        stdout.write(
            "  learning: skipped provider training for tools that are not in the catalogue: "
            + ", ".join(skipped)
        )
    stdout.write(
        f"  learning: {Resource.objects.published().count()} published resources, "
        f"{GlossaryTerm.objects.count()} glossary terms, "
        f"{LearningPath.objects.filter(is_published=True).count()} paths in place"
    )
