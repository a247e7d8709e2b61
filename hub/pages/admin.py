"""Staff edit the public pages as numbered versions; a published version is never rewritten."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Page, PageVersion


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
