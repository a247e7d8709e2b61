"""The email outbox for staff: what was sent to whom and when, read only."""

from django.contrib import admin

from hub.core.admin import ReadOnlyAdmin

from .models import OutboxEmail


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
