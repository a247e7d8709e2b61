"""The community: a consent-based directory of officers, messages relayed through the hub, events
with registration, and a moderated discussion forum."""

import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.fields import WebsiteField
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


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


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


# Directory ------------------------------------------------------------------------------------------

# The details an officer may show in the directory, in the order the form and the page show them.
DIRECTORY_FIELDS = (
    "name",
    "agency",
    "unit",
    "country",
    "languages",
    "expertise",
    "tools",
    "email",
    "phone",
)


class CommunityProfile(models.Model):
    """A member's place in the community: their directory entry and consent, their time zone, and
    the secret address of their calendar feed. The name shown is always the account's (vetted) name.

    Every detail has its own "show" switch; nothing is shown unless the officer consented to be
    listed (``listed``) *and* switched that detail on. Filters and search only ever look at details
    that are shown, so a hidden value cannot be found out by searching for it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_profile"
    )
    listed = models.BooleanField(_("listed in the officer directory"), default=False)
    consented_at = models.DateTimeField(_("consented"), null=True, blank=True)

    agency = models.CharField(_("agency"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    region = models.CharField(_("region"), max_length=3, blank=True, editable=False)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    expertise = models.TextField(_("expertise"), max_length=1000, blank=True)
    tools = models.ManyToManyField(
        "tools_catalog.Tool", verbose_name=_("tools used"), blank=True, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    show_name = models.BooleanField(_("show name"), default=True)
    show_agency = models.BooleanField(_("show agency"), default=True)
    show_unit = models.BooleanField(_("show unit"), default=False)
    show_country = models.BooleanField(_("show country"), default=True)
    show_languages = models.BooleanField(_("show languages"), default=True)
    show_expertise = models.BooleanField(_("show expertise"), default=True)
    show_tools = models.BooleanField(_("show tools used"), default=True)
    show_email = models.BooleanField(_("show email address"), default=False)
    show_phone = models.BooleanField(_("show phone"), default=False)

    # " en fr " for the language filter: one portable lookup on every database.
    language_keys = models.CharField(max_length=200, blank=True, editable=False)

    time_zone = models.CharField(
        _("your time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Event times are also shown in this time zone."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=calendar_token)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("community profile")
        verbose_name_plural = _("community profiles")
        ordering = ["user__name", "pk"]
        indexes = [models.Index(fields=["listed", "show_country", "country"])]

    def __str__(self) -> str:
        return self.user.name or str(self.user)

    def save(self, *args, **kwargs):
        from hub.regions import region_of

        self.region = (region_of(self.country) or "") if self.country else ""
        codes = sorted({str(code) for code in self.languages or []})
        self.language_keys = f" {' '.join(codes)} " if codes else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("community:officer", args=[self.pk])

    @property
    def language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        shown = [str(names[code]) for code in self.languages or [] if code in names]
        if self.other_languages:
            shown.append(self.other_languages)
        return shown

    def visible_fields(self) -> list[str]:
        return [name for name in DIRECTORY_FIELDS if getattr(self, f"show_{name}")]

    @property
    def public_label(self) -> str:
        """How the officer is named to other officers, within what they chose to show: their name,
        else their agency, else their country. Never their email address."""
        if self.listed and self.show_name and self.user.name:
            return self.user.name
        if self.listed and self.show_agency and self.agency:
            return gettext("An officer of %(agency)s") % {"agency": self.agency}
        if self.listed and self.show_country and self.country:
            return gettext("An officer in %(country)s") % {"country": self.country.name}
        return gettext("A Global Hub officer")


class ProfileChange(models.Model):
    """The history of an officer's directory consent: when they consented, changed what they show,
    or withdrew. Holds the names of the shown details, never their values."""

    class Action(models.TextChoices):
        CONSENTED = "consented", _("Consented to be listed")
        CHANGED = "changed", _("Changed their entry")
        WITHDRAWN = "withdrawn", _("Withdrew from the directory")

    profile = models.ForeignKey(CommunityProfile, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("what happened"), max_length=12, choices=Action.choices)
    visible_fields = models.JSONField(_("details shown"), default=list, blank=True)
    changed_fields = models.JSONField(_("details changed"), default=list, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("directory consent record")
        verbose_name_plural = _("directory consent history")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


# Messages relayed through the hub -------------------------------------------------------------------


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


# Forum ----------------------------------------------------------------------------------------------

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
