"""Messages between officers, relayed through the hub so that neither address is shown; blocks and
reports."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    """Messages between two officers, relayed by email without either address.

    Each side may choose to show their own address to the other (``*_revealed_at``).
    """

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    started_by_read_at = models.DateTimeField(null=True, blank=True)
    recipient_read_at = models.DateTimeField(null=True, blank=True)
    started_by_revealed_at = models.DateTimeField(
        _("starter showed their address"), null=True, blank=True
    )
    recipient_revealed_at = models.DateTimeField(
        _("recipient showed their address"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["started_by", "recipient"], name="unique_conversation"),
        ]

    def __str__(self) -> str:
        return f"{self.started_by} ↔ {self.recipient}"

    def get_absolute_url(self) -> str:
        return reverse("community:conversation", args=[self.pk])

    def other(self, user):
        return self.recipient if user.pk == self.started_by_id else self.started_by

    def side(self, user) -> str:
        return "started_by" if user.pk == self.started_by_id else "recipient"

    def has_revealed(self, user) -> bool:
        return getattr(self, f"{self.side(user)}_revealed_at") is not None


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.sender} · {self.created_at:%Y-%m-%d %H:%M}"


class Block(models.Model):
    """An officer no longer accepts messages from another."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="unique_block")]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class MessageReport(models.Model):
    """A recipient reports a message as abusive; staff look at it in the admin."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("what is wrong with it"), max_length=500)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("report on a message")
        verbose_name_plural = _("reports on messages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="unique_message_report")
        ]

    def __str__(self) -> str:
        return self.reason[:60]
