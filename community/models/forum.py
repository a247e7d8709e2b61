"""The moderated discussion forum: categories, threads, posts, subscriptions and reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.models import SanitizedRichTextMixin

RESERVED_CATEGORY_SLUGS = frozenset({"threads", "posts", "new"})


def validate_category_slug(value: str) -> None:
    if value in RESERVED_CATEGORY_SLUGS:
        raise ValidationError(_("This web address is used by the forum itself."))


class ForumCategory(models.Model):
    slug = models.SlugField(
        _("web address"), max_length=60, unique=True, validators=[validate_category_slug]
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)

    class Meta:
        verbose_name = _("forum category")
        verbose_name_plural = _("forum categories")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:forum_category", args=[self.slug])


class Thread(models.Model):
    category = models.ForeignKey(
        ForumCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="threads"
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post"), default=timezone.now, db_index=True)
    is_locked = models.BooleanField(
        _("locked"), default=False, help_text=_("No new replies, no edits.")
    )
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("forum thread")
        verbose_name_plural = _("forum threads")
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["category", "is_hidden", "last_post_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:thread", args=[self.pk])


class Post(SanitizedRichTextMixin):
    rich_text_fields = ("body",)

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by its author"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by staff"), default=False)
    hidden_reason = models.CharField(_("why it was hidden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"{self.thread} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ThreadSubscription(models.Model):
    """The member hears by email of every new reply in the thread (except their own)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thread subscription")
        verbose_name_plural = _("thread subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="unique_thread_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.thread}"


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("what is wrong with it"), max_length=500)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("report on a forum post")
        verbose_name_plural = _("reports on forum posts")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="unique_post_report")
        ]

    def __str__(self) -> str:
        return self.reason[:60]
