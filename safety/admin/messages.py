"""Relayed messages that their recipients reported, in the admin. Messages are private: staff see
one only when its recipient reported it. Handling the reports is audited (:mod:`safety.moderation`)."""

from django.contrib import admin, messages
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.models import Message, MessageReport
from hub.core.admin import HandledFilter

from .. import moderation
from .common import when


@admin.register(MessageReport)
class MessageReportAdmin(admin.ModelAdmin):
    """Messages that their recipients reported as abusive. Only reported messages are shown."""

    list_display = ["created_at", "reason", "sender", "reporter", "resolved_at"]
    list_filter = [HandledFilter]
    list_select_related = ["message__sender", "reporter"]
    search_fields = ["reason", "message__sender__email", "reporter__email"]
    ordering = ["-created_at", "-pk"]
    actions = ["mark_handled"]
    fields = [
        "created_at",
        "reporter",
        "reason",
        "sender",
        "message_sent_at",
        "message_text",
        "resolved_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("sender"), ordering="message__sender__email")
    def sender(self, obj) -> str:
        return str(obj.message.sender)

    @admin.display(description=_("sent"))
    def message_sent_at(self, obj) -> str:
        return when(obj.message.created_at)

    @admin.display(description=_("message"))
    def message_text(self, obj) -> str:
        return linebreaksbr(obj.message.body)

    @admin.action(description=_("Mark selected reports as handled"), permissions=["change"])
    def mark_handled(self, request, queryset):
        reported = Message.objects.filter(
            reports__in=queryset.filter(resolved_at__isnull=True)
        ).distinct()
        count = moderation.message_reports_close(
            messages=reported, by=request.user, request=request
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d report marked as handled.", "%(count)d reports marked as handled.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
