from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Shortlist(models.Model):
    """The wizard's answers and the tools they found, saved by an officer under a name.

    ``criteria`` holds the answers as the wizard's URL parameters (``{"purpose": ["..."], ...}``),
    so reopening runs them again on the catalogue of the day. ``items`` record which tools matched
    when it was saved, for what changed since. A shortlist shared with a colleague becomes their
    own read-only copy.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlists"
    )
    name = models.CharField(_("name"), max_length=150)
    notes = models.TextField(_("notes"), blank=True)
    criteria = models.JSONField(_("answers"), default=dict, blank=True)
    sort = models.CharField(_("order"), max_length=12, default="match")
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    read_only = models.BooleanField(_("read-only copy"), default=False)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("shared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)

    class Meta:
        # The table the catalogue app made, before the wizard was an app of its own.
        db_table = "tools_catalog_shortlist"
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-saved_at", "-pk"]
        indexes = [models.Index(fields=["owner", "saved_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("wizard:shortlist", args=[self.pk])


class ShortlistItem(models.Model):
    """One tool as it stood in a shortlist when it was saved (a snapshot: the tool may change)."""

    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    tool = models.ForeignKey(
        "tools_catalog.Tool",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shortlist_items",
    )
    position = models.PositiveIntegerField(_("position"))
    tool_name = models.CharField(_("tool"), max_length=150)
    provider_name = models.CharField(_("provider"), max_length=200)
    score = models.PositiveSmallIntegerField(_("match score (%)"), null=True, blank=True)

    class Meta:
        db_table = "tools_catalog_shortlistitem"
        verbose_name = _("tool in a shortlist")
        verbose_name_plural = _("tools in shortlists")
        ordering = ["shortlist", "position"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "tool"], name="unique_shortlist_tool")
        ]

    def __str__(self) -> str:
        return self.tool_name
