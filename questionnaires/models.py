"""Provider questionnaires: the ethics question bank, tool submissions and the answers in them.

A provider describes a tool in a *submission* (``ToolRevision``): the technical questionnaire (the
tool's own fields, kept as JSON until staff publish them) and the ethics questionnaire (``Answer``
rows, one per question, for one version of the question bank). The first submission of a tool
proposes a new tool; later ones propose changes to the published tool, which officers keep seeing
as it is until staff publish the revision.

The question bank is versioned: staff write a new version as a draft, activate it (the one active
version is what providers answer), and the previous one retires. An answer copies the question as it
was asked, in every language, so that no later edit of the bank changes what a provider answered.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tools_catalog.models import Tool

LANGUAGE_FIELDS = tuple(code.replace("-", "_") for code, _name in settings.LANGUAGES)


def in_language(texts: dict[str, str] | None, language: str | None = None) -> tuple[str, bool]:
    """The text for the reader's language from ``{"en": ..., "fr": ...}``, and whether it fell
    back to English."""
    texts = texts or {}
    language = (language or get_language() or settings.LANGUAGE_CODE).replace("-", "_")
    text = texts.get(language) or ""
    if text:
        return text, False
    english = texts.get(settings.LANGUAGE_CODE, "")
    return english, bool(english) and language != settings.LANGUAGE_CODE


def all_languages(obj, field: str) -> dict[str, str]:
    """Every language variant of a translated field, as ``{"en": ..., "ar": ...}``."""
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code in LANGUAGE_FIELDS}


# The question bank ----------------------------------------------------------------------------------


class QuestionSetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=QuestionSet.Status.ACTIVE)


class QuestionSet(models.Model):
    """One version of the ethics questionnaire. Only a draft may be edited; one version is active."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("introduction for providers"),
        blank=True,
        help_text=_("Shown above the questions. Plain text."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    objects = QuestionSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("ethics question set")
        verbose_name_plural = _("ethics question sets")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="one_active_question_set"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} · {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Section(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same across versions, so that answers can be carried over."),
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["question_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question_set", "key"], name="unique_section_key")
        ]

    def __str__(self) -> str:
        return f"v{self.question_set.version} · {self.title}"


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        YES_NO = "yes_no", _("Yes / no / not known, with an explanation")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        URL = "url", _("Web address (URL)")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_(
            "Unique in the version and the same across versions for the same question, so that "
            "earlier answers are offered again to providers."
        ),
    )
    kind = models.CharField(
        _("type of answer"),
        max_length=10,
        choices=Kind.choices,
        help_text=_("For one choice or several choices, list the choices below."),
    )
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # The technical questionnaire already asks this (a field of the tool): providers answer it
    # there once, and the answer is shown here too.
    technical_field = models.CharField(
        _("answered in the technical questionnaire"),
        max_length=40,
        blank=True,
        help_text=_(
            "The tool's field that already asks this question. Providers are not asked again: "
            "their answer in the technical questionnaire is shown here."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "section", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["section", "key"], name="unique_question")]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in {self.Kind.SINGLE, self.Kind.MULTIPLE}


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="unique_choice")]

    def __str__(self) -> str:
        return self.label


# Submissions ----------------------------------------------------------------------------------------


class ToolRevision(models.Model):
    """One submission of a tool by its provider: a new tool, or changes to the published one.

    ``proposed`` holds the technical questionnaire (the tool's fields, with taxonomy values as slugs
    and the translations providers may give); the ethics answers are ``answers``. Nothing here
    changes the tool that officers see until staff publish the revision.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New tool")
        CHANGE = "change", _("Changes to a published tool")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        DISCARDED = "discarded", _("Discarded by the provider")

    OPEN_STATES = (State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED)
    EDITABLE_STATES = (State.DRAFT, State.CHANGES_REQUESTED)

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("submission number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    proposed = models.JSONField(_("proposed tool details"), default=dict, blank=True)
    question_set = models.ForeignKey(
        QuestionSet,
        verbose_name=_("ethics question set"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    # The published revision whose ethics answers officers read beside the tool (one per tool).
    is_live = models.BooleanField(_("answers shown to officers"), default=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tool submission")
        verbose_name_plural = _("tool submissions")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "number"], name="unique_revision_number"),
            models.UniqueConstraint(
                fields=["tool"],
                condition=Q(state__in=["draft", "in_review", "changes_requested"]),
                name="one_open_revision_per_tool",
            ),
            models.UniqueConstraint(
                fields=["tool"], condition=Q(is_live=True), name="one_live_revision_per_tool"
            ),
        ]
        indexes = [models.Index(fields=["tool", "is_live"])]

    def __str__(self) -> str:
        name = self.proposed.get("name") or self.tool.name
        return f"{name} #{self.number}"

    @property
    def name(self) -> str:
        return self.proposed.get("name") or self.tool.name

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class Answer(models.Model):
    """A provider's answer to one ethics question, with the question as it was asked.

    ``asked`` keeps the section title, the question text and the choice labels in every language at
    the time of answering: ``{"section": {"en": ...}, "question": {...}, "choices": {key: {...}}}``.
    """

    revision = models.ForeignKey(ToolRevision, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    section_key = models.SlugField(max_length=60)
    section_position = models.PositiveSmallIntegerField(default=0)
    question_key = models.SlugField(max_length=60)
    question_position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Question.Kind.choices)
    asked = models.JSONField(_("question as asked"), default=dict)
    value = models.JSONField(_("answer"), default=str, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("ethics answer")
        verbose_name_plural = _("ethics answers")
        ordering = ["section_position", "question_position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "question_key"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return in_language(self.asked.get("question"))[0][:80]


class ReviewDecision(models.Model):
    """Staff's decision on a submission, with the comments the provider reads per section."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published")
        REQUEST_CHANGES = "request_changes", _("Changes requested")
        REJECT = "reject", _("Rejected")

    revision = models.ForeignKey(ToolRevision, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("decision"), max_length=20, choices=Action.choices)
    message = models.TextField(_("message to the provider"), blank=True)
    # {"technical:basics": "...", "ethics:data": "..."}: a comment for each section that needs one.
    comments = models.JSONField(_("comments per section"), default=dict, blank=True)
    # What was decided on: {"technical": {field: value}, "ethics": {key: [value, explanation]}},
    # so that the next review shows what the provider changed since.
    reviewed = models.JSONField(_("submission as reviewed"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.decided_at:%Y-%m-%d}"
