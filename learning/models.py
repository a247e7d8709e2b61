"""The learning centre: resources, a glossary, learning paths and each officer's progress on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.core.fields import WebsiteField
from hub.models import SanitizedRichTextMixin

from .storage import private_storage

VIDEO_EXTENSIONS = ["webm", "mp4", "ogv"]
CAPTION_EXTENSIONS = ["vtt"]


def validate_webvtt(file) -> None:
    """A WebVTT file starts with "WEBVTT" (after an optional byte-order mark)."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if isinstance(head, str):
        head = head.encode("utf-8")
    if not head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise ValidationError(
            _("This is not a WebVTT captions file: it must start with the line “WEBVTT”."),
            code="not_webvtt",
        )


class Topic(models.Model):
    """A subject resources are filed under (responsible use of AI, data protection, ...)."""

    slug = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("plain explanation"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("learning topic")
        verbose_name_plural = _("learning topics")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class ResourceQuerySet(models.QuerySet):
    def published(self):
        """What officers may see: published, and (for a provider's material) about a listed tool."""
        return self.filter(is_published=True).filter(
            Q(tool__isnull=True) | Q(tool__status="published")
        )


class Resource(SanitizedRichTextMixin):
    """One thing to read, watch or follow: an explainer, a video, a link to a guideline, ..."""

    rich_text_fields = ("body", "transcript")

    class Kind(models.TextChoices):
        EXPLAINER = "explainer", _("Explainer")
        VIDEO = "video", _("Video")
        TUTORIAL = "tutorial", _("Tutorial")
        GUIDELINE = "guideline", _("External guideline")
        PROVIDER_TRAINING = "provider_training", _("Provider training material")
        HOW_TO = "how_to", _("How-to guide")

    slug = models.SlugField(_("web address"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=400)
    body = models.TextField(_("text"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="resources")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text=_("The languages the material itself is available in."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        help_text=_("About how long it takes to read, watch or do."),
    )
    external_url = WebsiteField(
        _("link"),
        max_length=400,
        blank=True,
        help_text=_(
            "For a guideline, a provider's training material or a video hosted elsewhere: the "
            "page officers go to. It opens outside the hub; nothing is embedded."
        ),
    )
    tool = models.ForeignKey(
        "tools_catalog.Tool",
        verbose_name=_("tool"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_resources",
        limit_choices_to={"status": "published"},
        help_text=_("For a provider's training material: the catalogue tool it is about."),
    )
    video = models.FileField(
        _("video file"),
        upload_to="learning/videos/",
        storage=private_storage,
        blank=True,
        validators=[FileExtensionValidator(VIDEO_EXTENSIONS)],
        help_text=_(
            "WebM or MP4. Only signed-in members can play it; add captions and a transcript."
        ),
    )
    transcript = models.TextField(_("transcript"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning resource")
        verbose_name_plural = _("learning resources")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.VIDEO and not (self.video or self.external_url):
            errors["video"] = _("Upload a video file or give a link to the video.")
        if (
            self.kind in {self.Kind.GUIDELINE, self.Kind.PROVIDER_TRAINING}
            and not self.external_url
        ):
            errors["external_url"] = _("Give the link to the material.")
        if self.kind == self.Kind.PROVIDER_TRAINING and not self.tool_id:
            errors["tool"] = _("Choose the catalogue tool this training material is about.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("learning:resource", args=[self.slug])

    @property
    def is_link(self) -> bool:
        """The material itself is elsewhere: the hub shows a summary and a link that leaves it."""
        return bool(self.external_url) and not self.video


class CaptionTrack(models.Model):
    """WebVTT captions of an uploaded video, in one language."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(
        _("language"),
        max_length=12,
        help_text=_("The language of the captions, as a code such as en, fr, ar or zh-Hans."),
    )
    file = models.FileField(
        _("captions file (WebVTT)"),
        upload_to="learning/captions/",
        storage=private_storage,
        validators=[FileExtensionValidator(CAPTION_EXTENSIONS), validate_webvtt],
    )

    class Meta:
        verbose_name = _("captions")
        verbose_name_plural = _("captions")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "language"], name="unique_caption_language")
        ]

    def __str__(self) -> str:
        return f"{self.resource} ({self.language})"


class GlossaryTerm(models.Model):
    """A word from AI explained in plain language; resources link to it where it appears."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=100)
    variants = models.CharField(
        _("other forms"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other ways the term is written, separated by commas (plural, abbreviation), so that "
            "these are linked too."
        ),
    )
    definition = models.TextField(_("plain-language definition"))

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.term

    @property
    def anchor(self) -> str:
        return f"term-{self.slug}"

    def forms(self) -> list[str]:
        """The term and its other forms in the current language, and in English: text without a
        translation is shown in English, and its terms are linked too."""
        words = [self.term, *(self.variants or "").split(",")]
        english = settings.LANGUAGE_CODE
        words += [
            getattr(self, f"term_{english}", "") or "",
            *(getattr(self, f"variants_{english}", "") or "").split(","),
        ]
        forms = []
        for word in (word.strip() for word in words):
            if word and word not in forms:
                forms.append(word)
        return forms


class LearningPath(SanitizedRichTextMixin):
    """An ordered series of steps: resources to study, and stages with guidance and a checklist."""

    rich_text_fields = ("description",)

    slug = models.SlugField(_("web address"), max_length=160, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("short summary"), max_length=400)
    description = models.TextField(_("introduction"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:path", args=[self.slug])


class PathStep(SanitizedRichTextMixin):
    """One step of a path: a resource to study, or guidance (with a checklist) to act on."""

    rich_text_fields = ("guidance",)

    path = models.ForeignKey(LearningPath, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty to use the resource's.")
    )
    guidance = models.TextField(_("guidance"), blank=True)
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("resource"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="path_steps",
    )
    link_catalogue = models.BooleanField(
        _("link to the tool catalogue"),
        default=False,
        help_text=_("For a step about choosing tools."),
    )
    link_wizard = models.BooleanField(
        _("link to the selection wizard"),
        default=False,
        help_text=_("For a step about choosing tools."),
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.display_title

    def clean(self):
        super().clean()
        if not self.resource_id and not self.title:
            raise ValidationError(_("A step needs a title, or a resource to study."))

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return self.resource.title if self.resource_id else ""

    @property
    def anchor(self) -> str:
        return f"step-{self.pk}"


class ChecklistItem(models.Model):
    """Something an officer can tick off in a step."""

    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ResourceCompletion(models.Model):
    """An officer marked a resource as done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_done"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("resource done")
        verbose_name_plural = _("resources done")
        constraints = [
            models.UniqueConstraint(fields=["user", "resource"], name="unique_resource_completion")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.resource}"


class StepCompletion(models.Model):
    """An officer marked a guidance step that has no checklist as read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_steps_read"
    )
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("step read")
        verbose_name_plural = _("steps read")
        constraints = [
            models.UniqueConstraint(fields=["user", "step"], name="unique_step_completion")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.step_id}"


class ChecklistTick(models.Model):
    """An officer ticked a checklist item."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_ticks"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="ticks")
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ticked item")
        verbose_name_plural = _("ticked items")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="unique_tick")]

    def __str__(self) -> str:
        return f"{self.user} · {self.item_id}"
