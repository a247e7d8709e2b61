"""The models of the shared building blocks (app label ``hub``, like every room of the hub)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone

from .richtext import sanitize_html


class SanitizedRichTextMixin(models.Model):
    """Cleans every language variant of the fields named in ``rich_text_fields`` on save."""

    rich_text_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field in self.rich_text_fields:
            names = [field] + [
                f"{field}_{code.replace('-', '_')}" for code, _ in settings.LANGUAGES
            ]
            for name in names:
                if hasattr(self, name):
                    setattr(self, name, sanitize_html(getattr(self, name)))
        super().save(*args, **kwargs)


class SubmissionToken(models.Model):
    """A form that created something, by the one-time token it carried (``hub.core.idempotency``).

    Sent again (a double-click, a reload, the back button), the form finds this row and gets what
    it created the first time instead of creating it twice. One row per member (or anonymous
    visitor), service and token: the unique constraints make a second, concurrent sending wait for
    the first and then find its row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=150)  # the service, e.g. "community.services.post_reply"
    token = models.CharField(max_length=64)
    # What the submission created; empty when it created nothing.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_object = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "action", "token"],
                condition=models.Q(user__isnull=False),
                name="unique_member_submission",
            ),
            models.UniqueConstraint(
                fields=["action", "token"],
                condition=models.Q(user__isnull=True),
                name="unique_anonymous_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.created_at:%Y-%m-%d %H:%M}"
