"""The consent-based directory of officers: each detail shown only if the officer chose to show it,
and every change recorded."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .events import calendar_token, validate_time_zone

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
        from hub.core.regions import region_of

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
