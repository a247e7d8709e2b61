from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: officer, provider user or staff. The email address is the login."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
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
