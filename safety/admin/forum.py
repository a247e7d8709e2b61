"""Moderation of the forum in the admin, through actions on the lists (each a service of
:mod:`safety.moderation`, audited): threads are locked, unlocked, hidden, shown again or moved; posts
are hidden or shown again, and the reports on them handled. Nobody edits what officers wrote, so a
thread's or a post's own page is for reading."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from community.models import ForumCategory, Post, PostReport, Thread
from hub.core.admin import HandledFilter, ReadOnlyAdmin

from .. import moderation
from .common import EMPTY, REPORTS_HANDLED, action_form, moderation_action, when


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Move to"), queryset=ForumCategory.objects.all())


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    can_delete = False
    fields = ["author", "created_at", "excerpt", "is_hidden", "deleted_at"]
    readonly_fields = ["author", "created_at", "excerpt", "is_hidden", "deleted_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("text"))
    def excerpt(self, obj) -> str:
        return Truncator(strip_tags(obj.body)).chars(160)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Moderation of threads, through the actions: lock, unlock, hide, show, move. Nobody edits
    what officers wrote, so the thread's own page is for reading."""

    list_display = ["title", "category", "author", "last_post_at", "is_locked", "is_hidden"]
    list_filter = ["category", "is_locked", "is_hidden"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "author__email", "author__name"]
    date_hierarchy = "last_post_at"
    actions = ["lock", "unlock", "hide", "show_again", "move"]
    fields = [
        "title",
        "category",
        "author",
        "created_at",
        "is_locked",
        "is_hidden",
        "hidden_reason",
    ]
    readonly_fields = fields
    inlines = [PostInline]

    def has_add_permission(self, request) -> bool:
        return False  # threads are started by officers in the forum

    def has_change_permission(self, request, obj=None) -> bool:
        # The list runs the actions (each audited); a thread's own page is for reading only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # hide it: the record of what was said and why it was hidden stays

    lock = moderation_action(
        moderation.thread_lock,
        on="threads",
        description=_("Lock selected threads (no replies, no edits)"),
        done=ngettext_lazy("%(count)d thread locked.", "%(count)d threads locked.", "count"),
    )
    unlock = moderation_action(
        moderation.thread_unlock,
        on="threads",
        description=_("Unlock selected threads"),
        done=ngettext_lazy("%(count)d thread unlocked.", "%(count)d threads unlocked.", "count"),
    )

    hide = moderation_action(
        moderation.thread_hide,
        on="threads",
        description=_("Hide selected threads…"),
        done=ngettext_lazy("%(count)d thread hidden.", "%(count)d threads hidden.", "count"),
        reason_page={
            "title": _("Hide threads"),
            "action": "hide",
            "submit_label": _("Hide"),
            "excerpt": lambda thread: "",
        },
    )

    show_again = moderation_action(
        moderation.thread_show,
        on="threads",
        description=_("Show selected threads again"),
        done=ngettext_lazy(
            "%(count)d thread shown again.", "%(count)d threads shown again.", "count"
        ),
    )

    @admin.action(
        description=_("Move selected threads to another category…"), permissions=["change"]
    )
    def move(self, request, queryset):
        form = MoveForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            count = moderation.thread_move(
                threads=queryset,
                category=form.cleaned_data["category"],
                by=request.user,
                request=request,
            )
            self.message_user(
                request,
                ngettext("%(count)d thread moved.", "%(count)d threads moved.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return action_form(
            self,
            request,
            queryset,
            form=form,
            title=gettext("Move threads"),
            action="move",
            submit_label=gettext("Move"),
            excerpt=lambda thread: str(thread.category),
        )


class OpenReportsFilter(admin.SimpleListFilter):
    title = _("open reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("yes", _("With open reports"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(reports__resolved_at__isnull=True).distinct()
        return queryset


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "author", "created_at", "is_hidden", "open_reports"]
    list_filter = ["is_hidden", OpenReportsFilter]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "thread__title", "author__email"]
    date_hierarchy = "created_at"
    actions = ["hide", "show_again", "close_reports"]
    fields = [
        "thread",
        "author",
        "created_at",
        "edited_at",
        "deleted_at",
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
                open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
            )
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # hide it: the record of what was said and why it was hidden stays

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj) -> int:
        return obj.open_report_count

    @admin.display(description=_("text"))
    def body_text(self, obj) -> str:
        # Sanitised on save (SanitizedRichTextMixin), shown as the officers see it.
        return mark_safe(obj.body)  # noqa: S308

    @admin.display(description=_("reports"))
    def reports(self, obj) -> str:
        rows = [
            (when(report.created_at), report.reporter or EMPTY, report.reason)
            for report in obj.reports.select_related("reporter")
        ]
        if not rows:
            return EMPTY
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {}</li>", rows))

    hide = moderation_action(
        moderation.post_hide,
        on="posts",
        description=_("Hide selected posts…"),
        done=ngettext_lazy("%(count)d post hidden.", "%(count)d posts hidden.", "count"),
        reason_page={
            "title": _("Hide posts"),
            "action": "hide",
            "submit_label": _("Hide"),
            "excerpt": lambda post: Truncator(strip_tags(post.body)).chars(200),
        },
    )

    show_again = moderation_action(
        moderation.post_show,
        on="posts",
        description=_("Show selected posts again"),
        done=ngettext_lazy("%(count)d post shown again.", "%(count)d posts shown again.", "count"),
    )
    close_reports = moderation_action(
        moderation.post_reports_close,
        on="posts",
        description=_("Mark open reports on selected posts as handled (keep them visible)"),
        done=REPORTS_HANDLED,
    )


@admin.register(PostReport)
class PostReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reason", "post_link", "reporter", "resolved_at"]
    list_filter = [HandledFilter]
    list_select_related = ["post__thread", "reporter"]
    list_display_links = None
    search_fields = ["reason", "post__thread__title", "reporter__email"]
    ordering = ["-created_at", "-pk"]

    @admin.display(description=_("post"), ordering="post__created_at")
    def post_link(self, obj) -> str:
        url = reverse("admin:community_post_change", args=[obj.post_id])
        return format_html('<a href="{}">{}</a>', url, obj.post)
