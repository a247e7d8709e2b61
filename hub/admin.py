from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Page, PageVersion, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "language"]
    search_fields = ["email", "name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


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
