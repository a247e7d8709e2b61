"""Learning-centre objects for tests: topics, resources, glossary terms, paths and their steps."""

from itertools import count

from django.core.files.base import ContentFile

from learning.models import (
    CaptionTrack,
    ChecklistItem,
    GlossaryTerm,
    LearningPath,
    PathStep,
    Resource,
    Topic,
)

_serial = count(1)

# 1,000 bytes whose values tell where they are: byte i is i % 251 (a prime, so ranges never repeat
# the same pattern at a round offset).
VIDEO_BYTES = bytes(i % 251 for i in range(1000))
CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n"


def make_topic(slug: str | None = None, name: str = "Data protection", **fields) -> Topic:
    slug = slug or f"topic-{next(_serial)}"
    return Topic.objects.create(slug=slug, name_en=name, **fields)


def make_resource(
    title: str = "What is AI?",
    *,
    slug: str | None = None,
    kind: str = Resource.Kind.EXPLAINER,
    level: str = "beginner",
    summary: str = "A plain introduction.",
    body: str = "<p>Plain words.</p>",
    topics: tuple[Topic, ...] = (),
    languages: tuple[str, ...] = ("en",),
    is_published: bool = True,
    **fields,
) -> Resource:
    resource = Resource.objects.create(
        slug=slug or f"resource-{next(_serial)}",
        kind=kind,
        level=level,
        title_en=title,
        summary_en=summary,
        body_en=body,
        languages=list(languages),
        is_published=is_published,
        **fields,
    )
    if topics:
        resource.topics.set(topics)
    return resource


def make_video_resource(
    *, content: bytes = VIDEO_BYTES, captions: dict[str, bytes] | None = None, **fields
) -> Resource:
    """A video resource with an uploaded file (in the private storage of the current MEDIA_ROOT)."""
    fields.setdefault("kind", Resource.Kind.VIDEO)
    fields.setdefault("title", "A short video")
    resource = make_resource(**fields)
    resource.video.save(f"clip-{resource.pk}.webm", ContentFile(content))
    for language, text in (captions if captions is not None else {"en": CAPTIONS}).items():
        track = CaptionTrack(resource=resource, language=language)
        track.file.save(f"clip-{resource.pk}.{language}.vtt", ContentFile(text))
    return resource


def make_term(term: str, definition: str = "A plain explanation.", **fields) -> GlossaryTerm:
    slug = fields.pop("slug", None) or f"term-{next(_serial)}"
    return GlossaryTerm.objects.create(slug=slug, term_en=term, definition_en=definition, **fields)


def make_path(title: str = "Bringing AI into your unit", **fields) -> LearningPath:
    fields.setdefault("is_published", True)
    return LearningPath.objects.create(
        slug=fields.pop("slug", None) or f"path-{next(_serial)}",
        title_en=title,
        summary_en=fields.pop("summary", "Step by step."),
        **fields,
    )


def add_stage(
    path: LearningPath, title: str, items: tuple[str, ...] = (), guidance: str = "", **fields
) -> PathStep:
    """A guidance step with a checklist, at the end of the path."""
    position = (path.steps.count() + 1) * 10
    step = PathStep.objects.create(
        path=path, position=position, title_en=title, guidance_en=guidance, **fields
    )
    for number, text in enumerate(items, start=1):
        ChecklistItem.objects.create(step=step, position=number, text_en=text)
    return step


def add_resource_step(path: LearningPath, resource: Resource) -> PathStep:
    position = (path.steps.count() + 1) * 10
    return PathStep.objects.create(path=path, position=position, resource=resource)
