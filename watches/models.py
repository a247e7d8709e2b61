"""An officer's watch on a need they wrote down (a catalogue search or a saved shortlist), the
tools it matches now, and the changes it reported.

A watch keeps its need as ``groups``: lists of the catalogue's facet keys ("purpose:3",
"alang:ar"); a tool matches when it carries at least one key of every group (and, for a search
with words, when the search finds it). Matching a changed tool against every watch is then a few
set intersections per watch, in memory (services.watches_match_tool).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Watch(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", _("Catalogue search")
        SHORTLIST = "shortlist", _("Shortlist")

    class Frequency(models.TextChoices):
        NONE = "none", _("No email, only notices in the hub")
        DAILY = "daily", _("One email a day")
        WEEKLY = "weekly", _("One email a week")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # A search: the catalogue's query string, as the officer's link had it.
    query = models.CharField(_("search"), max_length=2000, blank=True)
    shortlist = models.ForeignKey(
        "wizard.Shortlist",
        verbose_name=_("shortlist"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="watches",
    )
    groups = models.JSONField(_("requirements"), default=list, blank=True)
    text = models.CharField(_("search words"), max_length=200, blank=True)
    language = models.CharField(_("language of the search"), max_length=10, blank=True)
    frequency = models.CharField(
        _("email"), max_length=10, choices=Frequency.choices, default=Frequency.NONE
    )
    created_at = models.DateTimeField(_("watched since"), default=timezone.now)

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "query"],
                condition=Q(kind="search"),
                name="unique_watch_search",
            ),
            models.UniqueConstraint(
                fields=["owner", "shortlist"],
                condition=Q(kind="shortlist"),
                name="unique_watch_shortlist",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("watches:detail", args=[self.pk])

    @property
    def target_url(self) -> str:
        """The need itself: the catalogue search, or the shortlist."""
        if self.kind == self.Kind.SHORTLIST and self.shortlist_id:
            return reverse("wizard:shortlist", args=[self.shortlist_id])
        return reverse("tools:catalogue") + (f"?{self.query}" if self.query else "")


class WatchedTool(models.Model):
    """A published tool the watch matches now (``matching``), with what mattered about it when
    last seen (``state``: the keys that decided the match, when it was verified, its ethics
    answers, and how many times it started to match). A tool that stopped matching keeps its row,
    not matching, so that matching again later is a change of its own."""

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="tools")
    tool = models.ForeignKey(
        "tools_catalog.Tool", on_delete=models.CASCADE, related_name="watched_by"
    )
    matching = models.BooleanField(default=True)
    state = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tool", "watch"], name="unique_watched_tool")
        ]

    def __str__(self) -> str:
        return f"{self.watch_id}: {self.tool_id}"


class WatchChange(models.Model):
    """A change reported to the watch's owner: at most one per (watch, tool, key), so a matching
    run repeated for the same change writes nothing twice."""

    class Kind(models.TextChoices):
        MATCH = "match", _("Now matches")
        CHANGE = "change", _("Changed")
        GONE = "gone", _("No longer matches")

    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="changes")
    tool = models.ForeignKey(
        "tools_catalog.Tool", on_delete=models.CASCADE, related_name="watch_changes"
    )
    key = models.CharField(max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # What changed, as codes and facet keys, put into words in the reader's language when shown.
    reasons = models.JSONField(default=list)
    tool_name = models.CharField(_("tool"), max_length=150)
    created_at = models.DateTimeField(_("noticed"), default=timezone.now)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("change on a watch")
        verbose_name_plural = _("changes on watches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["watch", "tool", "key"], name="unique_watch_change")
        ]
        # A watch's changes are found through the unique index (it starts with the watch).
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="watch_change_unsent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool_name} ({self.kind})"
