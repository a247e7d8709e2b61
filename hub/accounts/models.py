"""Who is on the hub: people and provider organisations, their applications and vetting, the
invitations between colleagues, and the terms they accepted (app label ``hub``)."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.core.fields import WebsiteField
from hub.pages.models import PageVersion


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class Role(models.TextChoices):
    OFFICER = "officer", _("Law-enforcement officer")
    PROVIDER = "provider", _("Technology provider")
    STAFF = "staff", _("Hub staff")


class Status(models.TextChoices):
    """Where an application (an officer's or a provider organisation's) stands in vetting."""

    PENDING = "pending", _("Waiting for review")
    MORE_INFO = "more_info", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")


class OrganisationType(models.TextChoices):
    COMPANY = "company", _("Company")
    ACADEMIA = "academia", _("Academia")
    NON_PROFIT = "non_profit", _("Non-profit")
    PUBLIC_BODY = "public_body", _("Public body")
    INTERNATIONAL = "international", _("International organisation")


class Organisation(models.Model):
    """A technology provider's organisation. Its users describe its tools in the provider portal."""

    name = models.CharField(_("organisation name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = CountryField(_("country"), blank_label=_("(choose a country)"))
    website = WebsiteField(_("website"), max_length=300)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    description = models.TextField(_("what the organisation does"), blank=True)
    status = models.CharField(
        _("vetting status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("last decision"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider organisation")
        verbose_name_plural = _("provider organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == Status.APPROVED


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: officer, provider user or staff. The email address is the login."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    status = models.CharField(
        _("vetting status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("provider organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Emails are written in this language."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    sessions_ended_at = models.DateTimeField(
        _("sessions ended"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Every session opened before this time has ended."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email

    # Django keeps a hash of the password in each session and ends any session whose hash no longer
    # matches: a new password ends the other sessions. ``sessions_ended_at`` joins the hash so that
    # the hub can end them all without a new password (staff resetting the second factor). Until
    # it is set the hash is Django's own, so adding the field ended nobody's session.
    def get_session_auth_hash(self) -> str:
        return self._session_auth_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_auth_hash(secret=secret)

    def _session_auth_hash(self, *, secret: str | None) -> str:
        value = self.password
        if self.sessions_ended_at is not None:
            value = f"{value}|{self.sessions_ended_at.isoformat()}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_vetted(self) -> bool:
        """Approved by staff (and, for a provider user, the organisation is approved too)."""
        if self.role == Role.STAFF:
            return self.is_staff and self.is_active
        if not self.is_active or self.status != Status.APPROVED:
            return False
        if self.role == Role.PROVIDER:
            return self.organisation is not None and self.organisation.is_approved
        return True

    @property
    def is_locked_out(self) -> bool:
        """Rejected or suspended, directly or through the organisation: no access at all."""
        blocked = {Status.REJECTED, Status.SUSPENDED}
        if not self.is_active or self.status in blocked:
            return True
        return self.role == Role.PROVIDER and (
            self.organisation is None or self.organisation.status in blocked
        )


class OfficerApplication(models.Model):
    """What an officer told us when applying to join: the evidence staff vet."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non_binary", _("Non-binary")
        SELF_DESCRIBED = "other", _("Another gender")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="application")
    agency = models.CharField(_("agency"), max_length=200)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    country = CountryField(_("country"), blank_label=_("(choose a country)"))
    position = models.CharField(_("position or role"), max_length=200)
    areas_of_work = models.TextField(_("areas of work"))
    verifier_name = models.CharField(_("supervisor or verifying contact"), max_length=200)
    verifier_email = models.EmailField(_("email of the verifying contact"))
    intended_use = models.TextField(_("how you would use the hub"))
    languages = models.JSONField(_("languages"), default=list)
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    gender = models.CharField(
        _("gender (optional)"), max_length=20, choices=Gender.choices, blank=True
    )
    applicant_note = models.TextField(
        _("answer to the hub's questions"),
        blank=True,
        help_text=_("Added when staff ask for more."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("officer application")
        verbose_name_plural = _("officer applications")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.agency})"

    @property
    def email_domain(self) -> str:
        return self.user.email.rsplit("@", 1)[-1].lower()


class AgencyDomain(models.Model):
    """An email domain known to belong to a law-enforcement agency: a hint for vetting, never a pass."""

    domain = models.CharField(_("email domain"), max_length=200, unique=True)
    agency = models.CharField(_("agency"), max_length=200)
    country = CountryField(_("country"), blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("known agency domain")
        verbose_name_plural = _("known agency domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class VettingDecision(models.Model):
    """One staff decision about a person or an organisation; the history shown beside the evidence."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        ASK = "ask", _("Asked for more information")
        SUSPEND = "suspend", _("Suspended")
        REINSTATE = "reinstate", _("Reinstated")
        ANSWER = "answer", _("Applicant answered")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="vetting_decisions"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="vetting_decisions",
    )
    action = models.CharField(_("decision"), max_length=20, choices=Action.choices)
    message = models.TextField(_("reason or message"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("vetting decision")
        verbose_name_plural = _("vetting decisions")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.decided_at:%Y-%m-%d}"


class Consent(models.Model):
    """A person accepted a version of the terms of engagement or the privacy notice."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    page_version = models.ForeignKey(PageVersion, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "page_version"], name="unique_consent"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.page_version}"


class ProviderInvitation(models.Model):
    """A provider user invites a colleague to join their (approved) organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("provider invitation")
        verbose_name_plural = _("provider invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
