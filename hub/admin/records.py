"""Staff screens for records: the audit log, the email outbox and the public pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hub.models import (
    AuditEvent,
    OutboxEmail,
    Page,
    PageVersion,
)

# Records --------------------------------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 100

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class HandledFilter(admin.SimpleListFilter):
    """For reports that staff handle: open (resolved_at empty) or handled."""

    title = _("handled")
    parameter_name = "handled"

    def lookups(self, request, model_admin):
        return [("no", _("Open")), ("yes", _("Handled"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(resolved_at__isnull=self.value() == "no")
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "event", "actor_label", "target_label", "ip"]
    list_filter = ["event", "at"]
    date_hierarchy = "at"
    search_fields = ["actor_label", "target_label"]
    ordering = ["-at", "-pk"]
    fields = [
        "at",
        "event",
        "actor_label",
        "target_type",
        "target_id",
        "target_label",
        "ip",
        "details",
    ]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "template", "state", "attempts", "sent_at"]
    list_filter = ["state", "template"]
    search_fields = ["to"]
    ordering = ["-created_at", "-pk"]
    fields = [
        "created_at",
        "to",
        "template",
        "language",
        "subject",
        "state",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
    ]


# Public pages ---------------------------------------------------------------------------------------


class PageVersionInline(admin.TabularInline):
    model = PageVersion
    fields = ["version", "title", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug"]
    inlines = [PageVersionInline]


@admin.register(PageVersion)
class PageVersionAdmin(TranslationAdmin):
    list_display = ["page", "version", "title", "published_at"]
    list_filter = ["page"]
    search_fields = ["title", "body"]

    def get_readonly_fields(self, request, obj=None):
        # A published version is a record of what people read and agreed to: publish a new one instead.
        if obj is not None and obj.published_at is not None:
            return [f.name for f in obj._meta.fields]
        return []
