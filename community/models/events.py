"""Events with registration, a waiting list and a calendar feed, in the time zone where they happen."""

import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.core.cldr import zone_choices
from hub.core.fields import WebsiteField
from hub.models import SanitizedRichTextMixin


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA time zone name the server knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones() - {"Factory", "localtime"}))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Paris."),
            params={"value": value},
            code="invalid_time_zone",
        )


def time_zone_choices(keep: str = "") -> list[tuple[str, str]]:
    """One choice per place, named in the reader's language ("Senegal" for Africa/Dakar)."""
    return zone_choices(time_zone_names(), keep=keep)


# Events ---------------------------------------------------------------------------------------------


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self):
        return self.filter(end__gte=timezone.now())


class Event(SanitizedRichTextMixin):
    """A community meeting, training, workshop, hackathon or conference, online or in person.

    ``start`` and ``end`` are stored in UTC (as every datetime in the hub); ``time_zone`` is where
    the event happens, and its times are shown in that zone and in the officer's own.
    """

    rich_text_fields = ("description",)

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Community meeting")
        TRAINING = "training", _("Training")
        WORKSHOP = "workshop", _("Technical workshop")
        HACKATHON = "hackathon", _("Hackathon")
        CONFERENCE = "conference", _("Conference")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("In person and online")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(_("online or in person"), max_length=20, choices=Mode.choices)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Where the event happens, for example Europe/Paris."),
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Venue and city, for in-person events.")
    )
    online_url = WebsiteField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to officers who registered."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_deadline = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the event starts."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["status", "kind", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if self.mode in {self.Mode.ONLINE, self.Mode.HYBRID} and not self.online_url:
            raise ValidationError({"online_url": _("An online event needs its link.")})
        if self.mode in {self.Mode.IN_PERSON, self.Mode.HYBRID} and not self.place:
            raise ValidationError({"place": _("An in-person event needs its place.")})
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            raise ValidationError(
                {"registration_deadline": _("Registration must close before the event starts.")}
            )

    def get_absolute_url(self) -> str:
        return reverse("community:event", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_online(self) -> bool:
        return self.mode in {self.Mode.ONLINE, self.Mode.HYBRID}

    @property
    def is_in_person(self) -> bool:
        return self.mode in {self.Mode.IN_PERSON, self.Mode.HYBRID}

    @property
    def registration_closes(self):
        return self.registration_deadline or self.start

    @property
    def is_registration_open(self) -> bool:
        return self.status == self.Status.PUBLISHED and timezone.now() < self.registration_closes

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()


class Registration(models.Model):
    """An officer's place at an event, or their place in its waiting list."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, db_index=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    # The waiting list is served in the order people asked for a place.
    queued_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_event_registration")
        ]
        indexes = [models.Index(fields=["event", "state", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"


def calendar_token() -> str:
    return secrets.token_urlsafe(24)
