import os

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .fields import WebsiteField
from .richtext import sanitize_html


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
    page_version = models.ForeignKey("PageVersion", on_delete=models.PROTECT, related_name="+")
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


class AuditEvent(models.Model):
    """A security event or a staff decision. Never holds passwords, codes, tokens or session keys."""

    class Event(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logged out")
        OTP_VERIFIED = "otp_verified", _("Second factor verified")
        OTP_FAILED = "otp_failed", _("Wrong second-factor code")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        DEVICE_ADDED = "device_added", _("Authenticator added")
        DEVICE_REMOVED = "device_removed", _("Authenticator removed")
        RECOVERY_CODES_CREATED = "recovery_codes_created", _("Recovery codes created")
        DEVICES_RESET = "devices_reset", _("Second factor reset by staff")
        APPLICATION_SUBMITTED = "application_submitted", _("Application submitted")
        EMAIL_VERIFIED = "email_verified", _("Email address verified")
        VETTING = "vetting", _("Vetting decision")
        PASSWORD_RESET = "password_reset", _("Password reset")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        SESSION_EXPIRED = "session_expired", _("Session ended by timeout")
        ACCESS_REVOKED = "access_revoked", _("Session ended: access withdrawn")
        INVITATION_SENT = "invitation_sent", _("Colleague invited")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
        REVIEW = "review", _("Review decision on a tool")
        TOOL_CONFIRMED = "tool_confirmed", _("Tool details confirmed by the provider")
        MODERATION = "moderation", _("Moderation decision")
        REMOVAL = "removal", _("Tool suspended, removed or reinstated")
        DATA_EXPORT = "data_export", _("Personal data exported")
        CONCERN = "concern", _("Concern about a tool reported or updated")
        CONSENT = "consent", _("Terms or privacy notice accepted")
        DELETION_REQUESTED = "deletion_requested", _("Account deletion requested")
        DELETION_CANCELLED = "deletion_cancelled", _("Account deletion cancelled")
        ACCOUNT_ERASED = "account_erased", _("Account erased")
        RETENTION = "retention", _("Retention run")
        AUDIT_EXPORT = "audit_export", _("Audit log exported")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_event_display()}"


class OutboxEmail(models.Model):
    """An email waiting to be sent, written in the same transaction as the decision that causes it.

    A worker claims a row with a conditional update (pending -> sending) and only the worker whose
    update changed the row sends it, so a retried or duplicated task cannot send it twice.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to = models.EmailField(_("to"))
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # Who holds the claim: only the holder may mark the row sent, so a row handed to a second
    # worker after a timeout cannot be finished by the first one as well.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("email outbox")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.template} → {self.to}"


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


class Page(models.Model):
    """A public transparency page whose text staff edit as numbered versions."""

    class Slug(models.TextChoices):
        LANDING = "landing", _("Landing page")
        ABOUT = "about", _("About the hub")
        PRINCIPLES = "principles", _("Principles and scope")
        REPORT = "report", _("Ethical and legal report")
        PRIVACY = "privacy", _("Privacy notice")
        TERMS = "terms", _("Terms of engagement")

    slug = models.CharField(_("page"), max_length=20, choices=Slug.choices, unique=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.get_slug_display()


class PageVersion(SanitizedRichTextMixin):
    """One version of a page's text. The newest published version is the one shown."""

    rich_text_fields = ("body",)

    page = models.ForeignKey(Page, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two plain sentences."))
    body = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("Leave empty while drafting.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")
        ordering = ["page", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["page", "version"], name="unique_page_version"),
        ]

    def __str__(self) -> str:
        return f"{self.page} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class Notice(models.Model):
    """An in-app message to one member: a decision that concerns them, a shared shortlist, ..."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.title


# Personal data: exports and deletion requests ------------------------------------------------------


@deconstructible(path="hub.models.ExportStorage")
class ExportStorage(FileSystemStorage):
    """Data exports under ``MEDIA_ROOT/private/exports/``.

    Nothing serves this folder directly (a web server in front of the hub must keep
    ``MEDIA_ROOT/private/`` internal); the owner downloads their file through the access-checked
    view, which looks the export up by its owner.
    """

    def __init__(self):
        super().__init__()

    # Read from settings on use, so a test that moves MEDIA_ROOT moves the exports too.
    @cached_property
    def base_location(self):
        return os.path.join(settings.MEDIA_ROOT, "private", "exports")

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Exports are downloaded through the hub, never by a file address.")


export_storage = ExportStorage()


class DataExport(models.Model):
    """A member asked for a copy of their data: a JSON file kept for a short time, then deleted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="data_exports")
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)
    file = models.FileField(_("file"), storage=export_storage, upload_to="%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None and bool(self.file)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class DeletionRequest(models.Model):
    """A member asked for their account to be erased; it happens after a grace period.

    One row per member: a new request after a cancelled one starts the period again on the same row
    (the audit log keeps the history).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="deletion_request")
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    erase_after = models.DateTimeField(_("erased after"), db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")
        ordering = ["erase_after"]

    def __str__(self) -> str:
        return f"{self.user} · {self.erase_after:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None


class SubmissionToken(models.Model):
    """A form that created something, by the one-time token it carried (``hub.idempotency``).

    Sent again (a double-click, a reload, the back button), the form finds this row and gets what
    it created the first time instead of creating it twice. One row per member (or anonymous
    visitor), service and token: the unique constraints make a second, concurrent sending wait for
    the first and then find its row.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
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
