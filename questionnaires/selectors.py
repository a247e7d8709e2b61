"""Reads of the provider portal and the question bank."""

import calendar
import copy
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.models import Notice, User
from tools_catalog.models import Maturity, Tool, TrainingLink, YesNoUnknown

from . import technical
from .models import Answer, Question, QuestionSet, ReviewDecision, Section, ToolRevision
from .presenters import STATE_LABELS, EthicsAnswers, ethics_answers_from

# Providers are reminded to confirm their published tools this many months after the last time.
REMINDER_MONTHS = (11, 12)

# The question bank ----------------------------------------------------------------------------------


def active_question_set() -> QuestionSet | None:
    return QuestionSet.objects.active().first()


@dataclass
class Outline:
    """A question set's sections and questions in order, each question with its number."""

    question_set: QuestionSet | None
    sections: list[Section] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)  # question pk -> 1, 2, 3, ...

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    def questions(self):
        for section in self.sections:
            yield from section.question_list


def question_set_outline(question_set: QuestionSet | None) -> Outline:
    """Sections, questions and choices of a version, in three queries."""
    if question_set is None:
        return Outline(None)
    sections = list(
        question_set.sections.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related("choices"),
            )
        ).order_by("position", "pk")
    )
    numbers, number = {}, 0
    for section in sections:
        section.question_list = list(section.questions.all())
        for question in section.question_list:
            number += 1
            numbers[question.pk] = number
    return Outline(question_set, sections, numbers)


# The provider's tools --------------------------------------------------------------------------------


def tool_for_provider(*, user: User, pk: int) -> Tool:
    """One of the provider's own organisation's tools, or 404 (also for every other tool)."""
    return get_object_or_404(
        Tool.objects.select_related("provider"), pk=pk, provider_id=user.organisation_id
    )


def open_revision(tool: Tool) -> ToolRevision | None:
    return (
        ToolRevision.objects.filter(tool=tool, state__in=ToolRevision.OPEN_STATES)
        .select_related("question_set")
        .first()
    )


def last_revision(tool: Tool) -> ToolRevision | None:
    return ToolRevision.objects.filter(tool=tool).order_by("-number").first()


def live_revision(tool: Tool) -> ToolRevision | None:
    return (
        ToolRevision.objects.filter(tool=tool, is_live=True).select_related("question_set").first()
    )


# What the dashboard calls each state, in the order it lists them.
PORTAL_STATES = (
    "changes_requested",
    "draft",
    "in_review",
    "published",
    "suspended",
    "removed",
)


@dataclass
class PortalTool:
    tool: Tool
    state: str
    revision: ToolRevision | None  # the open submission, if any

    @property
    def name(self) -> str:
        return self.revision.name if self.revision else self.tool.name

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def confirmation_due(self) -> bool:
        return self.state == "published" and is_confirmation_due(self.tool)

    @property
    def has_draft_changes(self) -> bool:
        return (
            self.state == "published"
            and self.revision is not None
            and self.revision.kind == ToolRevision.Kind.CHANGE
        )


def portal_state(tool: Tool, revision: ToolRevision | None) -> str:
    if tool.status == Tool.Status.REMOVED:
        return "removed"
    if tool.status == Tool.Status.SUSPENDED:
        return "suspended"
    if revision is not None and revision.state == ToolRevision.State.IN_REVIEW:
        return "in_review"
    if revision is not None and revision.state == ToolRevision.State.CHANGES_REQUESTED:
        return "changes_requested"
    if tool.status == Tool.Status.PUBLISHED:
        return "published"
    if tool.status == Tool.Status.IN_REVIEW:
        return "in_review"
    return "draft"


def provider_tools(*, user: User) -> list[PortalTool]:
    """The organisation's tools, each with the state the portal shows, in dashboard order."""
    tools = Tool.objects.filter(provider_id=user.organisation_id).prefetch_related(
        Prefetch(
            "revisions",
            queryset=ToolRevision.objects.filter(state__in=ToolRevision.OPEN_STATES),
            to_attr="open_revisions",
        )
    )
    rows = []
    for tool in tools:
        revision = tool.open_revisions[0] if tool.open_revisions else None
        rows.append(PortalTool(tool, portal_state(tool, revision), revision))
    rows.sort(key=lambda row: (PORTAL_STATES.index(row.state), row.name.lower()))
    return rows


def recent_notices(*, user: User, limit: int = 5) -> list[Notice]:
    return list(Notice.objects.filter(user=user)[:limit])


def unread_notice_count(*, user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


# A submission ---------------------------------------------------------------------------------------


def revision_answers(revision: ToolRevision | None) -> dict[str, Answer]:
    if revision is None:
        return {}
    return {answer.question_key: answer for answer in revision.answers.all()}


def review_comments(revision: ToolRevision) -> ReviewDecision | None:
    """The decision whose comments the provider is working on (changes requested, not yet sent)."""
    if revision.state != ToolRevision.State.CHANGES_REQUESTED:
        return None
    return revision.decisions.filter(action=ReviewDecision.Action.REQUEST_CHANGES).first()


def review_snapshot(revision: ToolRevision) -> dict:
    """What staff decide on: the proposed details and each answer, kept with the decision so that
    the next review can show what changed since."""
    return {
        "technical": dict(revision.proposed),
        "ethics": {
            answer.question_key: {
                "kind": answer.kind,
                "value": answer.value,
                "explanation": answer.explanation,
            }
            for answer in revision.answers.all()
        },
    }


def previous_review(revision: ToolRevision) -> ReviewDecision | None:
    """The last decision on this submission that kept what it saw (asking for changes, before the
    provider sent it again)."""
    return (
        revision.decisions.exclude(reviewed={})
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )


def reviewed_answers(decision: ReviewDecision, current: dict[str, Answer]) -> dict[str, Answer]:
    """The answers as ``decision`` saw them, as unsaved answers (worded as asked now)."""
    answers = {}
    for key, saved in (decision.reviewed.get("ethics") or {}).items():
        asked = current[key].asked if key in current else {}
        answers[key] = Answer(
            question_key=key,
            kind=saved.get("kind", ""),
            asked=asked,
            value=saved.get("value", ""),
            explanation=saved.get("explanation", ""),
        )
    return answers


def last_decision(tool: Tool) -> ReviewDecision | None:
    return (
        ReviewDecision.objects.filter(revision__tool=tool)
        .select_related("revision")
        .order_by("-decided_at", "-pk")
        .first()
    )


@dataclass
class SectionProgress:
    part: str  # "technical" or "ethics"
    key: str
    title: str
    required: int
    answered: int
    missing: list[str]  # labels of what is still missing
    comment: str = ""  # the hub team's comment on this section, when they asked for changes
    conditional: int = 0  # not required now, but may become so depending on other answers

    @property
    def is_complete(self) -> bool:
        return self.answered >= self.required


@dataclass
class Completeness:
    """How many required fields and questions have an answer: the completeness meter."""

    sections: list[SectionProgress]

    @property
    def required(self) -> int:
        return sum(section.required for section in self.sections)

    @property
    def answered(self) -> int:
        return sum(section.answered for section in self.sections)

    @property
    def conditional(self) -> int:
        """Questions not required now that other answers may make required."""
        return sum(section.conditional for section in self.sections)

    @property
    def is_complete(self) -> bool:
        return self.answered >= self.required

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.required) if self.required else 100

    def part(self, part: str) -> list[SectionProgress]:
        return [section for section in self.sections if section.part == part]


def _answered(answer: Answer | None) -> bool:
    return answer is not None and technical.is_filled(answer.value)


def completeness(
    revision: ToolRevision, outline: Outline, answers: dict[str, Answer]
) -> Completeness:
    """Counts required answers only: optional fields and questions never hold a submission back.

    Each section also carries the hub team's comment on it, while their request for changes is open.
    """
    review = review_comments(revision)
    comments = review.comments if review else {}
    sections = []
    for section in technical.SECTIONS:
        required = technical.required_fields(section, revision.proposed)
        missing = technical.missing_fields(section, revision.proposed)
        sections.append(
            SectionProgress(
                "technical",
                section.key,
                str(section.title),
                len(required),
                len(required) - len(missing),
                [technical.field_label(name) for name in missing],
                comments.get(f"technical:{section.key}", ""),
                conditional=len(section.required_when) - (len(required) - len(section.required)),
            )
        )
    for section in outline.sections:
        # A question the technical questionnaire asks is counted there, once.
        required = [q for q in section.question_list if q.required and not q.technical_field]
        missing = [q for q in required if not _answered(answers.get(q.key))]
        sections.append(
            SectionProgress(
                "ethics",
                section.key,
                section.title,
                len(required),
                len(required) - len(missing),
                [f"{outline.numbers[q.pk]}. {q.text}" for q in missing],
                comments.get(f"ethics:{section.key}", ""),
            )
        )
    return Completeness(sections)


# The provider's preview of the tool page -------------------------------------------------------------


@dataclass
class ToolPreview:
    """The tool as officers would see it with the submission's details and answers (unsaved)."""

    tool: Tool
    training_links: list[TrainingLink]
    ethics: EthicsAnswers | None
    revision: ToolRevision | None  # the open submission shown; None: the published tool as it is


def tool_preview(tool: Tool) -> ToolPreview:
    """The tool's page as it would be with the open submission published, or as it is when there is
    none. Nothing is saved: the tool is an in-memory copy that carries its catalogue facet keys."""
    revision = open_revision(tool)
    if revision is None:
        tool.facet_key_list = list(tool.facets.values_list("key", flat=True))
        return ToolPreview(
            tool, list(tool.training_links.all()), ethics_answers_for([tool]).get(tool.pk), None
        )
    data = revision.proposed
    shown = copy.copy(tool)
    for name in technical.PLAIN_FIELDS:
        if name in data:
            value = data[name] or ""
            if name in technical.YES_NO_FIELDS:
                value = value or YesNoUnknown.UNKNOWN
            setattr(shown, name, value)
    if "country" in data:
        shown.country = data["country"] or ""
    for name in technical.TRANSLATED_FIELDS:
        for code in technical.LANGUAGE_FIELDS:
            if f"{name}_{code}" in data:
                setattr(shown, f"{name}_{code}", data[f"{name}_{code}"] or "")
    for name in technical.LIST_FIELDS:
        if name in data:
            setattr(shown, name, list(data[name] or []))
    keys = []
    for name, model in technical.TAXONOMY_FIELDS.items():
        slugs = data.get(name) or []
        keys += [
            f"{model.facet}:{pk}"
            for pk in model.objects.filter(slug__in=slugs).values_list("pk", flat=True)
        ]
    maturity = Maturity.objects.filter(slug=data.get("maturity") or "").first()
    shown.maturity = maturity
    if maturity is not None:
        keys.append(f"maturity:{maturity.pk}")
    shown.facet_key_list = keys
    links = [
        TrainingLink(title=link["title"], url=link["url"])
        for link in data.get("training_links") or []
    ]
    answers = list(revision.answers.select_related("revision__question_set"))
    ethics = ethics_answers_from(answers) if answers else None
    return ToolPreview(shown, links, ethics, revision)


# Officers: the answers beside a tool -----------------------------------------------------------------


def ethics_answers_for(tools: list[Tool]) -> dict[int, EthicsAnswers]:
    """The published ethics answers of each tool, grouped by section, in one query."""
    answers = (
        Answer.objects.filter(
            revision__tool__in=[tool.pk for tool in tools], revision__is_live=True
        )
        .select_related("revision__question_set")
        .order_by("revision__tool_id", "section_position", "section_key", "question_position")
    )
    by_tool: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_tool[answer.revision.tool_id].append(answer)
    return {tool_id: ethics_answers_from(rows) for tool_id, rows in by_tool.items()}


# Yearly re-confirmation -----------------------------------------------------------------------------


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the last day if it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def is_confirmation_due(tool: Tool, now: datetime | None = None) -> bool:
    """Published, and not confirmed by the provider for 11 months or more (or never)."""
    if tool.last_verified_at is None:
        return True
    return tool.last_verified_at <= months_before(now or timezone.now(), REMINDER_MONTHS[0])


def tools_verified_before(moment: datetime):
    """Published tools whose provider last confirmed them before ``moment``."""
    return Tool.objects.published().filter(last_verified_at__lte=moment).select_related("provider")
