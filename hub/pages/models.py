"""The public pages and their numbered versions (app label ``hub``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.core.models import SanitizedRichTextMixin


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
