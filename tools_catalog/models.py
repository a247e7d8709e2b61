from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.core.fields import WebsiteField
from hub.core.regions import region_of
from hub.models import Organisation, SanitizedRichTextMixin


class Taxonomy(models.Model):
    """A staff-editable, translatable list of values that describe tools (purposes, media, ...)."""

    slug = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("plain explanation"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    # The prefix of this taxonomy's values in Tool.facet_keys and in catalogue URLs.
    facet: str = ""

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Purpose(Taxonomy):
    facet = "purpose"

    class Meta(Taxonomy.Meta):
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")


class Technology(Taxonomy):
    facet = "technology"

    class Meta(Taxonomy.Meta):
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")


class CrimePhase(Taxonomy):
    facet = "phase"

    class Meta(Taxonomy.Meta):
        verbose_name = _("crime phase")
        verbose_name_plural = _("crime phases")


class MediaType(Taxonomy):
    facet = "media"

    class Meta(Taxonomy.Meta):
        verbose_name = _("media or data type")
        verbose_name_plural = _("media and data types")


class DeploymentOption(Taxonomy):
    facet = "deployment"

    class Meta(Taxonomy.Meta):
        verbose_name = _("deployment option")
        verbose_name_plural = _("deployment options")


class OperatingSystem(Taxonomy):
    facet = "os"

    class Meta(Taxonomy.Meta):
        verbose_name = _("operating system")
        verbose_name_plural = _("operating systems")


class CostModel(Taxonomy):
    facet = "cost"

    class Meta(Taxonomy.Meta):
        verbose_name = _("cost model")
        verbose_name_plural = _("cost models")


class Maturity(Taxonomy):
    """Ordered from least to most mature by ``position``."""

    facet = "maturity"

    class Meta(Taxonomy.Meta):
        verbose_name = _("maturity")
        verbose_name_plural = _("maturity levels")


TAXONOMIES: tuple[type[Taxonomy], ...] = (
    Purpose,
    Technology,
    CrimePhase,
    MediaType,
    DeploymentOption,
    OperatingSystem,
    CostModel,
    Maturity,
)

# PostgreSQL text-search configuration of each interface language, for the tools' search documents
# (search_<language> below) and the queries on them (Chinese has no stemmer).
SEARCH_CONFIGS = {
    "en": "english",
    "ar": "arabic",
    "zh-hans": "simple",
    "fr": "french",
    "ru": "russian",
    "es": "spanish",
}


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")


# Addresses under /tools/ that are pages of their own, so no tool may have them.
RESERVED_TOOL_SLUGS = frozenset({"mine", "compare", "concerns", "removed", "feedback"})


def validate_tool_slug(value: str) -> None:
    if value in RESERVED_TOOL_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is the address of another page; choose another."),
            params={"slug": value},
        )


class ToolQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Tool.Status.PUBLISHED)


class Tool(SanitizedRichTextMixin):
    """An AI tool described in the catalogue. Officers see only published tools."""

    rich_text_fields = ("description",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        SUSPENDED = "suspended", _("Suspended")
        REMOVED = "removed", _("Removed")

    class Origin(models.TextChoices):
        RESEARCHED = "researched", _("Researched by hub staff")
        SUBMITTED = "submitted", _("Submitted by the provider")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("web address"), max_length=160, unique=True, validators=[validate_tool_slug]
    )
    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="tools"
    )
    summary = models.CharField(_("short summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    purposes = models.ManyToManyField(Purpose, verbose_name=_("purposes"), blank=True)
    technologies = models.ManyToManyField(Technology, verbose_name=_("technologies"), blank=True)
    crime_phases = models.ManyToManyField(CrimePhase, verbose_name=_("crime phases"), blank=True)
    media_types = models.ManyToManyField(
        MediaType, verbose_name=_("media and data handled"), blank=True
    )
    deployment_options = models.ManyToManyField(
        DeploymentOption, verbose_name=_("deployment options"), blank=True
    )
    operating_systems = models.ManyToManyField(
        OperatingSystem, verbose_name=_("operating systems"), blank=True
    )
    cost_models = models.ManyToManyField(
        CostModel, verbose_name=_("cost for law enforcement"), blank=True
    )
    maturity = models.ForeignKey(
        Maturity, verbose_name=_("maturity"), on_delete=models.PROTECT, null=True, blank=True
    )

    hardware_requirements = models.TextField(_("hardware and IT needs"), blank=True)
    interface_languages = models.JSONField(_("interface languages"), default=list, blank=True)
    analysis_languages = models.JSONField(
        _("languages it can analyse"),
        default=list,
        blank=True,
        help_text=_("For tools that analyse text or speech."),
    )
    integrations = models.TextField(_("integrations and standards supported"), blank=True)
    country = CountryField(_("country of origin"), blank_label=_("(choose a country)"))
    region = models.CharField(_("region of origin"), max_length=3, blank=True, editable=False)
    website = WebsiteField(_("website"), max_length=300, blank=True)
    first_built_for = models.TextField(_("who it was first built for, and why"), blank=True)
    used_by_other_agencies = models.CharField(
        _("used by other law-enforcement agencies"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    used_by_details = models.TextField(_("which agencies, or how many"), blank=True)
    independently_evaluated = models.CharField(
        _("independently evaluated"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    evaluation_url = WebsiteField(_("link to the evaluation"), max_length=300, blank=True)
    collects_user_data = models.CharField(
        _("collects data or analytics from its users"),
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    user_data_details = models.TextField(_("what it collects, and why"), blank=True)

    origin = models.CharField(_("how it entered the hub"), max_length=12, choices=Origin.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    # Full-text search documents, one per interface language (PostgreSQL only; GIN-indexed).
    search_en = SearchVectorField(null=True, editable=False)
    search_ar = SearchVectorField(null=True, editable=False)
    search_zh_hans = SearchVectorField(null=True, editable=False)
    search_fr = SearchVectorField(null=True, editable=False)
    search_ru = SearchVectorField(null=True, editable=False)
    search_es = SearchVectorField(null=True, editable=False)

    objects = ToolQuerySet.as_manager()

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["status", "last_verified_at"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.region = region_of(self.country) or ""
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("tools:detail", args=[self.slug])


class ToolFacet(models.Model):
    """One value a tool can be filtered by, as "facet:value" (e.g. "purpose:3", "alang:ar").

    Denormalised from the tool's fields so that the catalogue filters with one indexed lookup and
    counts every facet value in one query. Kept in step by services.tool_index_refresh().
    """

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="facets")
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "tool"], name="unique_tool_facet")]
        indexes = [models.Index(fields=["tool", "key"])]

    def __str__(self) -> str:
        return self.key


class CatalogueChange(models.Model):
    """A change to tools the catalogue lists, in the order changes were made.

    Each process keeps an index of the published tools in memory; when the shared catalogue
    version moves on, it reads the changes after the last one it applied and re-reads only those
    tools. A change without a tool means anything may have changed: the index is rebuilt.
    """

    tool_id = models.IntegerField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.pk}: {self.tool_id or '*'}"


class TrainingLink(models.Model):
    """Training material the provider offers for a tool."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="training_links")
    title = models.CharField(_("title"), max_length=200)
    url = WebsiteField(_("link"), max_length=400)

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training material")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class SavedTool(models.Model):
    """An officer saved (follows) a tool: it appears in "My tools" and they hear of changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_tools"
    )
    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="saved_by")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("saved tool")
        verbose_name_plural = _("saved tools")
        ordering = ["-saved_at"]
        constraints = [models.UniqueConstraint(fields=["user", "tool"], name="unique_saved_tool")]

    def __str__(self) -> str:
        return f"{self.user} → {self.tool}"


class Feedback(SanitizedRichTextMixin):
    """An officer's feedback on a tool's specifications, read by other officers."""

    rich_text_fields = ("body",)

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="tool_feedback",
    )
    body = models.TextField(_("feedback"))
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback on a tool")
        verbose_name_plural = _("feedback on tools")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tool", "is_hidden", "created_at"])]

    def __str__(self) -> str:
        return f"{self.tool} · {self.created_at:%Y-%m-%d}"


class FeedbackReport(models.Model):
    """An officer flags a feedback post for staff to look at."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("what is wrong with it"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("report on feedback")
        verbose_name_plural = _("reports on feedback")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "reporter"], name="unique_feedback_report")
        ]

    def __str__(self) -> str:
        return self.reason[:60]


# Concerns and decisions on tools ---------------------------------------------------------------------


class Concern(models.Model):
    """An officer (or staff) reports a concern about a tool; staff triage it in the admin.

    The reporter is never shown to the tool's provider. When a member's account is erased their
    reports stay, without a reporter.
    """

    class Category(models.TextChoices):
        ETHICAL = "ethical", _("Ethical")
        LEGAL = "legal", _("Legal")
        ACCURACY = "accuracy", _("Accuracy")
        SECURITY = "security", _("Security")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        SUBSTANTIATED = "substantiated", _("Substantiated")
        NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")

    tool = models.ForeignKey(
        Tool, verbose_name=_("tool"), on_delete=models.CASCADE, related_name="concerns"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tool_concerns",
    )
    category = models.CharField(_("kind of concern"), max_length=12, choices=Category.choices)
    description = models.TextField(_("what the concern is"))
    evidence_links = models.JSONField(_("links to evidence"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    staff_notes = models.TextField(
        _("staff notes"),
        blank=True,
        help_text=_("For hub staff only: never shown to the reporter or to the provider."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    class Meta:
        verbose_name = _("concern about a tool")
        verbose_name_plural = _("concerns about tools")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["reporter", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.tool} · {self.get_category_display()} · {self.created_at:%Y-%m-%d}"


class ToolDecision(models.Model):
    """Staff suspended, removed or reinstated a tool: the record behind the removal log.

    ``reason`` stays with staff; ``summary`` is shown to officers and the provider; ``guidance``
    tells officers who use the tool what to do now.
    """

    class Action(models.TextChoices):
        SUSPEND = "suspend", _("Suspended")
        REMOVE = "remove", _("Removed")
        REINSTATE = "reinstate", _("Reinstated")

    tool = models.ForeignKey(
        Tool, verbose_name=_("tool"), on_delete=models.PROTECT, related_name="decisions"
    )
    action = models.CharField(_("decision"), max_length=12, choices=Action.choices)
    previous_status = models.CharField(
        _("status before"), max_length=12, choices=Tool.Status.choices
    )
    reason = models.TextField(_("reason (for staff only)"))
    summary = models.TextField(_("summary shown to officers and the provider"), blank=True)
    guidance = models.TextField(_("guidance for officers who use the tool"), blank=True)
    concern = models.ForeignKey(
        Concern,
        verbose_name=_("concern that led to it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision on a tool")
        verbose_name_plural = _("decisions on tools (removal log)")
        ordering = ["-decided_at", "-pk"]
        indexes = [
            models.Index(fields=["tool", "decided_at"]),
            models.Index(fields=["action", "decided_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.tool} · {self.get_action_display()} · {self.decided_at:%Y-%m-%d}"


class DecisionContest(models.Model):
    """The provider contests a decision on their tool: their message, kept with the decision for
    staff (who are also emailed), and shown back to the provider's organisation."""

    decision = models.ForeignKey(
        ToolDecision, verbose_name=_("decision"), on_delete=models.CASCADE,
        related_name="contests",
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    message = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reply contesting a decision")
        verbose_name_plural = _("replies contesting decisions")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision} · {self.sent_at:%Y-%m-%d}"
