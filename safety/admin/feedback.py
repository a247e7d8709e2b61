"""Moderation of officers' feedback on tools in the admin: staff read it and hide it or show it
again, and handle the reports officers make, through :mod:`safety.moderation`; nobody edits what an
officer wrote."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hub.core.admin import HandledFilter, ReadOnlyAdmin
from tools_catalog.models import Feedback, FeedbackReport

from .. import moderation
from .common import EMPTY, REPORTS_HANDLED, moderation_action, reason_action, table, when


class OpenReportsFilter(admin.SimpleListFilter):
    title = _("has open reports")
    parameter_name = "open_reports"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_reports__gt=0)
        if self.value() == "no":
            return queryset.filter(open_reports=0)
        return queryset


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"),
        max_length=Feedback._meta.get_field("hidden_reason").max_length,
        help_text=_("Kept with the post for staff. Open reports on it are marked as handled."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


def _report_table(reports: QuerySet[FeedbackReport]) -> str:
    rows = [
        (
            when(report.created_at),
            report.reporter or EMPTY,
            report.reason,
            when(report.resolved_at) if report.resolved_at else gettext("Open"),
        )
        for report in reports.select_related("reporter").order_by("-created_at", "-pk")
    ]
    headers = [_("When"), _("Reported by"), _("Reason"), _("Handled")]
    return table(headers, rows, gettext("No reports."))


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Officers' feedback is read here and hidden or shown again; nobody edits what they wrote."""

    list_display = ["tool", "author", "created_at", "is_hidden", "open_reports"]
    list_filter = ["is_hidden", OpenReportsFilter]
    list_select_related = ["tool", "author"]
    search_fields = ["body", "tool__name", "author__email"]
    date_hierarchy = "created_at"
    actions = ["hide", "show_again", "close_reports"]
    fields = [
        "tool",
        "author",
        "created_at",
        "edited_at",
        "body_text",
        "is_hidden",
        "hidden_reason",
        "reports",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)),
            )
        )

    def has_add_permission(self, request) -> bool:
        return False  # feedback is posted by officers on the tool page

    def has_change_permission(self, request, obj=None) -> bool:
        # The list runs the actions; a post's own page is for reading only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # hide it: the record of what was said and why it was hidden stays

    @admin.display(description=_("open reports"), ordering="open_reports")
    def open_reports(self, obj) -> int:
        return obj.open_reports

    @admin.display(description=_("feedback"))
    def body_text(self, obj) -> str:
        # Sanitised on save (SanitizedRichTextMixin), shown as the officers see it.
        return mark_safe(obj.body)  # noqa: S308

    @admin.display(description=_("reports"))
    def reports(self, obj) -> str:
        return _report_table(obj.reports.all())

    @admin.action(description=_("Hide selected feedback…"), permissions=["change"])
    def hide(self, request, queryset):
        def apply(reason: str) -> tuple[int, int]:
            posts = list(queryset)
            handled = moderation.feedback_hide(
                posts=posts, reason=reason, by=request.user, request=request
            )
            for post in posts:
                self.log_change(request, post, gettext("Hidden: %(reason)s") % {"reason": reason})
            return len(posts), handled

        def done(counts: tuple[int, int]) -> str:
            hidden, handled = counts
            return ngettext(
                "%(count)d post hidden; %(reports)d open reports marked as handled.",
                "%(count)d posts hidden; %(reports)d open reports marked as handled.",
                hidden,
            ) % {"count": hidden, "reports": handled}

        return reason_action(
            self,
            request,
            queryset,
            apply=apply,
            done=done,
            form_class=HideForm,
            template="admin/safety/hide_form.html",
            title=gettext("Hide feedback"),
            action="hide",
            submit_label=gettext("Hide"),
            excerpt=lambda post: Truncator(strip_tags(post.body)).chars(200),
        )

    @admin.action(description=_("Show selected feedback again"), permissions=["change"])
    def show_again(self, request, queryset):
        posts = list(queryset.filter(is_hidden=True))
        moderation.feedback_show(posts=posts, by=request.user, request=request)
        for post in posts:
            self.log_change(request, post, gettext("Shown again."))
        self.message_user(
            request,
            ngettext("%(count)d post shown again.", "%(count)d posts shown again.", len(posts))
            % {"count": len(posts)},
            messages.SUCCESS,
        )

    close_reports = moderation_action(
        moderation.feedback_reports_close,
        on="posts",
        description=_("Mark open reports on selected feedback as handled (keep it visible)"),
        done=REPORTS_HANDLED,
    )


@admin.register(FeedbackReport)
class FeedbackReportAdmin(ReadOnlyAdmin):
    """What officers flagged. Handled by hiding the post (or not) on the feedback's page."""

    list_display = ["created_at", "reason", "feedback_link", "reporter", "resolved_at"]
    list_filter = [HandledFilter]
    list_select_related = ["feedback__tool", "reporter"]
    list_display_links = None
    search_fields = ["reason", "feedback__tool__name", "reporter__email"]
    ordering = ["-created_at", "-pk"]

    @admin.display(description=_("feedback"), ordering="feedback__created_at")
    def feedback_link(self, obj) -> str:
        url = reverse("admin:tools_catalog_feedback_change", args=[obj.feedback_id])
        return format_html('<a href="{}">{}</a>', url, obj.feedback)
