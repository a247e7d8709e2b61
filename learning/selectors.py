"""Reads of the learning centre: resources with filters and search, paths and officers' progress."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Value, Window, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from hub.core.converters import page_from
from hub.models import User

from .models import (
    ChecklistItem,
    ChecklistTick,
    GlossaryTerm,
    LearningPath,
    PathStep,
    Resource,
    ResourceCompletion,
    StepCompletion,
    Topic,
)

PAGE_SIZE = 12
GLOSSARY_PAGE_SIZE = 60
PATHS_PAGE_SIZE = 10
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def _field(name: str, language: str) -> str:
    return f"{name}_{language.replace('-', '_')}"


def _can_preview(user: User) -> bool:
    """Staff see unpublished resources and paths too (with a notice), to check them before publishing."""
    return bool(user.is_staff)


# Resources ------------------------------------------------------------------------------------------


def visible_resources(user: User) -> QuerySet[Resource]:
    resources = Resource.objects.all() if _can_preview(user) else Resource.objects.published()
    return resources.select_related("tool")


def resource_for(*, user: User, slug: str) -> Resource:
    """A resource the person may open, or 404."""
    return get_object_or_404(
        visible_resources(user).prefetch_related("topics", "captions"), slug=slug
    )


def published_resources() -> QuerySet[Resource]:
    return Resource.objects.published().select_related("tool")


def resources_in_language(resources: QuerySet[Resource], code: str) -> QuerySet[Resource]:
    """The resources whose material is available in the language ``code``."""
    if not LANGUAGE_CODE.fullmatch(code):
        return resources
    # JSON lists are stored as text such as ["en", "fr"] on both SQLite and PostgreSQL; the quotes
    # make the code match whole (SQLite has no JSON "contains").
    return resources.filter(languages__icontains=f'"{code}"')


def resources_search(
    resources: QuerySet[Resource], text: str, *, language: str | None = None
) -> QuerySet[Resource]:
    """The resources matching every word of ``text``.

    A word matches the title or summary in the reader's language or in English (which is what
    the reader sees where a translation is missing).
    """
    language = language or get_language() or settings.LANGUAGE_CODE
    fields = {_field(name, language) for name in ("title", "summary")}
    fields |= {_field(name, settings.LANGUAGE_CODE) for name in ("title", "summary")}
    for word in text.split()[:10]:
        condition = Q()
        for name in sorted(fields):
            condition |= Q(**{f"{name}__icontains": word})
        resources = resources.filter(condition)
    return resources


def resource_page(resources: QuerySet[Resource], number: str | None) -> Page:
    """One page of ``resources`` (found from :func:`published_resources`), each once, with their
    topics: the page and the total come in one query (a window count), the topics in a second."""
    unique = (
        Resource.objects.filter(pk__in=resources.values("pk"))
        .select_related("tool")
        .order_by(*Resource._meta.ordering)
    )
    number = page_from(number)  # past the end: the last page, below
    counted = unique.annotate(total=Window(Count("pk")))
    rows = list(counted[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if rows:
        total = rows[0].total
    else:  # past the end (or nothing at all): show the last page
        total = unique.count()
        number = max(1, -(-total // PAGE_SIZE))
        rows = list(counted[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]) if total else []
    prefetch_related_objects(rows, "topics")
    return Page(rows, number, Paginator(range(total), PAGE_SIZE))


def resource_languages() -> list[str]:
    """The languages published resources are available in, for the language filter."""
    codes: set[str] = set()
    for languages in Resource.objects.published().values_list("languages", flat=True):
        codes.update(code for code in languages or [] if isinstance(code, str))
    return sorted(codes)


def topics() -> list[Topic]:
    return list(Topic.objects.all())


def resource_completion(*, user: User, resource: Resource) -> ResourceCompletion | None:
    return ResourceCompletion.objects.filter(user=user, resource=resource).first()


def paths_with_resource(*, user: User, resource: Resource) -> list[LearningPath]:
    return list(visible_paths(user).filter(steps__resource=resource).distinct())


def caption_default(resource: Resource, language: str | None = None):
    """The caption track shown by default: the reader's language, else English, else the first."""
    tracks = list(resource.captions.all())
    if not tracks:
        return None
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    by_language = {track.language.lower(): track for track in tracks}
    base = language.split("-")[0]
    return (
        by_language.get(language)
        or by_language.get(base)
        or by_language.get(settings.LANGUAGE_CODE)
        or tracks[0]
    )


def media_file_owner(*, user: User, name: str) -> tuple[Resource, str] | None:
    """The resource whose video or captions file is ``name``, if this person may open it.

    Returns the resource and "video" or "captions"; None when no visible resource has the file.
    """
    resources = visible_resources(user)
    resource = resources.filter(video=name).first()
    if resource is not None:
        return resource, "video"
    resource = resources.filter(captions__file=name).first()
    if resource is not None:
        return resource, "captions"
    return None


# Glossary -------------------------------------------------------------------------------------------


def glossary_terms() -> list[GlossaryTerm]:
    """Every term, in alphabetical order of the reader's language."""
    return sorted(GlossaryTerm.objects.all(), key=lambda term: term.term.casefold())


# Paths and progress ---------------------------------------------------------------------------------


def visible_paths(user: User) -> QuerySet[LearningPath]:
    paths = LearningPath.objects.all()
    return paths if _can_preview(user) else paths.filter(is_published=True)


def _visible_steps(user: User) -> QuerySet[PathStep]:
    """Steps of a path that the person can follow: guidance, or a resource they may open."""
    steps = PathStep.objects.select_related("resource", "resource__tool")
    if _can_preview(user):
        return steps
    published = Resource.objects.published()
    return steps.filter(Q(resource__isnull=True) | Q(resource__in=published))


def path_for(*, user: User, slug: str) -> LearningPath:
    """A path with its steps and their checklists, or 404."""
    items = Prefetch("items", queryset=ChecklistItem.objects.order_by("position", "pk"))
    steps = Prefetch("steps", queryset=_visible_steps(user).prefetch_related(items))
    return get_object_or_404(visible_paths(user).prefetch_related(steps), slug=slug)


@dataclass
class StepState:
    step: PathStep
    number: int
    done: bool
    ticked: set[int] = field(default_factory=set)
    read: bool = False
    guidance_html: str = ""  # the guidance with glossary links, set by the page that shows it

    @property
    def items(self) -> list[ChecklistItem]:
        return list(self.step.items.all())

    @property
    def tasks(self) -> int:
        """Checklist items count one each; a resource, or guidance without a checklist, one."""
        return len(self.items) or 1

    @property
    def tasks_done(self) -> int:
        if self.step.resource_id:
            return int(self.done)
        if self.items:
            return len(self.ticked)
        return int(self.read)


@dataclass
class PathProgress:
    path: LearningPath
    steps: list[StepState]
    last_activity: datetime | None = None

    @property
    def total(self) -> int:
        return sum(state.tasks for state in self.steps)

    @property
    def done(self) -> int:
        return sum(state.tasks_done for state in self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def steps_done(self) -> int:
        return sum(state.done for state in self.steps)

    @property
    def is_complete(self) -> bool:
        return bool(self.steps) and all(state.done for state in self.steps)

    @property
    def is_started(self) -> bool:
        return self.last_activity is not None

    @property
    def next_step(self) -> StepState | None:
        """Where to continue: the first step not done yet."""
        return next((state for state in self.steps if not state.done), None)


def _latest(*moments) -> datetime | None:
    present = [moment for moment in moments if moment]
    return max(present) if present else None


@dataclass(frozen=True)
class LearnerProgress:
    """Everything one person ticked, marked as done or read, with when (id → moment)."""

    ticks: dict[int, datetime]  # checklist item ids
    done: dict[int, datetime]  # resource ids
    read: dict[int, datetime]  # step ids


def learner_progress(user: User) -> LearnerProgress:
    """One person's progress through the whole learning centre, in one query (it grows with what
    they did, never with the size of the catalogue of resources and paths)."""
    parts = [
        model.objects.filter(user=user)
        .annotate(kind=Value(kind))
        .values_list(key, moment, "kind")
        .order_by()
        for model, key, moment, kind in (
            (ChecklistTick, "item_id", "ticked_at", "tick"),
            (ResourceCompletion, "resource_id", "completed_at", "done"),
            (StepCompletion, "step_id", "completed_at", "read"),
        )
    ]
    found: dict[str, dict[int, datetime]] = {"tick": {}, "done": {}, "read": {}}
    for pk, moment, kind in parts[0].union(*parts[1:], all=True):
        found[kind][pk] = moment
    return LearnerProgress(found["tick"], found["done"], found["read"])


def paths_progress(
    *, user: User, paths: list[LearningPath], learner: LearnerProgress | None = None
) -> list[PathProgress]:
    """Each path's steps and how far this person got, in a fixed number of queries.

    A resource step is done when the resource is marked done (wherever that was done); a step with
    a checklist when every item is ticked; a step of guidance alone when it is marked as read.
    """
    if not paths:
        return []
    steps_by_path: dict[int, list[PathStep]] = {path.pk: [] for path in paths}
    prefetched = all("steps" in getattr(path, "_prefetched_objects_cache", {}) for path in paths)
    if prefetched:
        for path in paths:
            steps_by_path[path.pk] = list(path.steps.all())
    else:
        items = Prefetch("items", queryset=ChecklistItem.objects.order_by("position", "pk"))
        for step in _visible_steps(user).filter(path__in=paths).prefetch_related(items):
            steps_by_path[step.path_id].append(step)
    mine = learner_progress(user) if learner is None else learner
    ticks, done, read = mine.ticks, mine.done, mine.read

    progress = []
    for path in paths:
        states, moments = [], []
        for number, step in enumerate(steps_by_path[path.pk], start=1):
            step_items = [item.pk for item in step.items.all()]
            ticked = {pk for pk in step_items if pk in ticks}
            if step.resource_id:
                is_done = step.resource_id in done
                moments.append(done.get(step.resource_id))
            elif step_items:
                is_done = len(ticked) == len(step_items)
            else:
                is_done = step.pk in read
            moments += [ticks[pk] for pk in ticked]
            moments.append(read.get(step.pk))
            states.append(StepState(step, number, is_done, ticked=ticked, read=step.pk in read))
        progress.append(PathProgress(path, states, _latest(*moments)))
    return progress


def path_progress(*, user: User, path: LearningPath) -> PathProgress:
    return paths_progress(user=user, paths=[path])[0]


def continue_where_left_off(progress: list[PathProgress]) -> PathProgress | None:
    """The unfinished path the person worked on most recently."""
    started = [item for item in progress if item.is_started and not item.is_complete]
    return max(started, key=lambda item: item.last_activity) if started else None


def paths_overview(*, user: User, learner: LearnerProgress | None = None) -> list[PathProgress]:
    """Every visible path with this person's progress: the ones in progress first."""
    progress = paths_progress(user=user, paths=list(visible_paths(user)), learner=learner)
    return sorted(progress, key=lambda item: (item.is_complete, not item.is_started))


# Trainings from the community app -------------------------------------------------------------------


@dataclass(frozen=True)
class Training:
    title: str
    url: str
    starts: datetime
    time_zone: str
    mode: str


def _training(event) -> Training:
    get_mode = getattr(event, "get_mode_display", None)
    return Training(
        title=str(event.title),
        url=event.get_absolute_url(),
        starts=getattr(event, "starts_at", None) or event.start,
        time_zone=getattr(event, "time_zone", "") or "UTC",
        mode=str(get_mode()) if get_mode else "",
    )


def upcoming_trainings(*, limit: int = 3) -> list[Training] | None:
    """Upcoming trainings (community events), or None while the community app offers none."""
    try:
        from community.selectors import upcoming_trainings as community_trainings
    except (ImportError, AttributeError):
        return None
    return [_training(event) for event in community_trainings(limit=limit)]
