"""Staff screens of the community: events and their registrations, reports on relayed messages, and
moderation of the forum (hide, lock, move). Moderation goes through community.moderation, which
records every decision in the hub's audit log.

Event times are typed in the event's own time zone (as its organisers think of them) and stored in
UTC. Relayed messages are private: staff see a message only when its recipient reported it.
"""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, Q
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from hub.admin.records import HandledFilter, ReadOnlyAdmin

from . import moderation, services
from .models import (
    CommunityProfile,
    Event,
    ForumCategory,
    Message,
    MessageReport,
    Post,
    PostReport,
    ProfileChange,
    Registration,
    Thread,
    time_zone_choices,
)

EMPTY = "–"


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else EMPTY


def _action_form(modeladmin, request, queryset, *, form, title, action, submit_label, excerpt):
    """The intermediate page of an admin action that asks for something (a reason, a category)."""
    changelist_url = reverse(
        f"admin:{modeladmin.opts.app_label}_{modeladmin.opts.model_name}_changelist"
    )
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": modeladmin.opts,
        "objects": [(obj, excerpt(obj)) for obj in queryset],
        "form": form,
        "action_name": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "submit_label": submit_label,
        "changelist_url": changelist_url,
        "cancel_url": changelist_url,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "community/admin/action_form.html", context)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (kept with the record)"),
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60}),
    )


# Events ---------------------------------------------------------------------------------------------


class EventAdminForm(forms.ModelForm):
    """Start, end and registration deadline are typed as wall-clock times in the event's time zone."""

    LOCAL_FIELDS = ("start", "end", "registration_deadline")

    time_zone = forms.ChoiceField(
        label=_("time zone"),
        choices=time_zone_choices,
        initial="UTC",
        help_text=_("Where the event happens. The times above are in this time zone."),
    )

    class Meta:
        model = Event
        fields = [
            "kind", "title", "description", "status", "language", "time_zone", "start", "end",
            "registration_deadline", "mode", "place", "online_url", "capacity",
        ]  # fmt: skip
        help_texts = {
            "start": _("In the event's time zone."),
            "end": _("In the event's time zone."),
            "registration_deadline": _(
                "In the event's time zone. Leave empty to keep registration open until the event "
                "starts."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in self.LOCAL_FIELDS:
                value = getattr(self.instance, name)
                if value is not None:
                    self.initial[name] = timezone.make_naive(value, zone)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in self.LOCAL_FIELDS:
                value = cleaned.get(name)
                if value is not None:
                    # The form read the typed time in the admin's zone; it was meant in the event's.
                    cleaned[name] = timezone.make_aware(timezone.make_naive(value), zone)
                    setattr(self.instance, name, cleaned[name])
        return cleaned


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ["user", "state", "created_at", "queued_at", "promoted_at", "cancelled_at"]
    readonly_fields = fields
    ordering = ["state", "queued_at", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin):
    form = EventAdminForm
    inlines = [RegistrationInline]
    list_display = [
        "title",
        "kind",
        "mode",
        "local_start",
        "status",
        "capacity",
        "registered",
        "waiting",
    ]
    list_filter = ["status", "kind", "mode", "language", "start"]
    search_fields = ["title_en", "title_fr", "title_es", "title_ar", "title_ru", "title_zh_hans"]
    date_hierarchy = "start"
    actions = ["cancel_events"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "status", "language"]}),
        (
            _("When"),
            {"fields": ["time_zone", "start", "end", "registration_deadline"]},
        ),
        (_("Where"), {"fields": ["mode", "place", "online_url"]}),
        (_("Places"), {"fields": ["capacity"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                registered_count=Count(
                    "registrations", filter=Q(registrations__state=Registration.State.REGISTERED)
                ),
                waiting_count=Count(
                    "registrations", filter=Q(registrations__state=Registration.State.WAITING)
                ),
            )
        )

    @admin.display(description=_("starts (event's time)"), ordering="start")
    def local_start(self, obj) -> str:
        local = timezone.localtime(obj.start, obj.zone)
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({obj.time_zone})"

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, obj) -> int:
        return obj.registered_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, obj) -> int:
        return obj.waiting_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More places: the waiting list moves up (after the save is committed).
            transaction.on_commit(lambda: services.waiting_list_promote(event=obj))

    @admin.action(description=_("Cancel selected events and tell everyone registered"))
    def cancel_events(self, request, queryset):
        told = 0
        events = list(queryset.exclude(status=Event.Status.CANCELLED))
        for event in events:
            told += services.event_cancel(event=event)
            self.log_change(request, event, gettext("Cancelled."))
        self.message_user(
            request,
            ngettext(
                "%(count)d event cancelled; %(told)d people told by email.",
                "%(count)d events cancelled; %(told)d people told by email.",
                len(events),
            )
            % {"count": len(events), "told": told},
            messages.SUCCESS,
        )


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["event", "user", "state", "created_at", "queued_at", "promoted_at"]
    list_filter = ["state", "event"]
    list_select_related = ["event", "user"]
    search_fields = ["user__email", "user__name", "event__title_en"]
    ordering = ["event__start", "state", "queued_at", "created_at"]


# Directory ------------------------------------------------------------------------------------------


class ProfileChangeInline(admin.TabularInline):
    model = ProfileChange
    extra = 0
    can_delete = False
    fields = ["at", "action", "visible_fields", "changed_fields"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CommunityProfile)
class CommunityProfileAdmin(ReadOnlyAdmin):
    """Officers' directory entries and the record of their consent, for questions about it.

    Read only: what is shown is the officer's own decision.
    """

    list_display = ["user", "listed", "consented_at", "country", "updated_at"]
    list_filter = ["listed"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name", "agency"]
    fields = [
        "user",
        "listed",
        "consented_at",
        "agency",
        "unit",
        "country",
        "languages",
        "other_languages",
        "expertise",
        "phone",
        "show_name",
        "show_agency",
        "show_unit",
        "show_country",
        "show_languages",
        "show_expertise",
        "show_tools",
        "show_email",
        "show_phone",
        "time_zone",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [ProfileChangeInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is not None and request.user.is_staff  # to read the page and its history

    def get_readonly_fields(self, request, obj=None):
        return self.fields


# Messages -------------------------------------------------------------------------------------------


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
        return _when(obj.message.created_at)

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


# Forum ----------------------------------------------------------------------------------------------


@admin.register(ForumCategory)
class ForumCategoryAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position", "threads"]
    list_editable = ["position"]
    fields = ["name", "description", "slug", "position"]
    prepopulated_fields = {"slug": ("name_en",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(thread_count=Count("threads"))

    @admin.display(description=_("threads"), ordering="thread_count")
    def threads(self, obj) -> int:
        return obj.thread_count


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

    @admin.action(
        description=_("Lock selected threads (no replies, no edits)"), permissions=["change"]
    )
    def lock(self, request, queryset):
        count = moderation.thread_lock(threads=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d thread locked.", "%(count)d threads locked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unlock selected threads"), permissions=["change"])
    def unlock(self, request, queryset):
        count = moderation.thread_unlock(threads=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d thread unlocked.", "%(count)d threads unlocked.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Hide selected threads…"), permissions=["change"])
    def hide(self, request, queryset):
        form = ReasonForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            count = moderation.thread_hide(
                threads=queryset,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
            self.message_user(
                request,
                ngettext("%(count)d thread hidden.", "%(count)d threads hidden.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return _action_form(
            self,
            request,
            queryset,
            form=form,
            title=gettext("Hide threads"),
            action="hide",
            submit_label=gettext("Hide"),
            excerpt=lambda thread: "",
        )

    @admin.action(description=_("Show selected threads again"), permissions=["change"])
    def show_again(self, request, queryset):
        count = moderation.thread_show(threads=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d thread shown again.", "%(count)d threads shown again.", count)
            % {"count": count},
            messages.SUCCESS,
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
        return _action_form(
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
            (_when(report.created_at), report.reporter or EMPTY, report.reason)
            for report in obj.reports.select_related("reporter")
        ]
        if not rows:
            return EMPTY
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} · {} · {}</li>", rows))

    @admin.action(description=_("Hide selected posts…"), permissions=["change"])
    def hide(self, request, queryset):
        form = ReasonForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            count = moderation.post_hide(
                posts=queryset,
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
            self.message_user(
                request,
                ngettext("%(count)d post hidden.", "%(count)d posts hidden.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return _action_form(
            self,
            request,
            queryset,
            form=form,
            title=gettext("Hide posts"),
            action="hide",
            submit_label=gettext("Hide"),
            excerpt=lambda post: Truncator(strip_tags(post.body)).chars(200),
        )

    @admin.action(description=_("Show selected posts again"), permissions=["change"])
    def show_again(self, request, queryset):
        count = moderation.post_show(posts=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)d post shown again.", "%(count)d posts shown again.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Mark open reports on selected posts as handled (keep them visible)"),
        permissions=["change"],
    )
    def close_reports(self, request, queryset):
        count = moderation.post_reports_close(posts=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d open report marked as handled.",
                "%(count)d open reports marked as handled.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
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
