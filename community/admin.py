"""Staff screens of the community: events and their registrations, the directory's entries and
their history, and the forum's categories. (Moderation of the forum and reports on relayed messages
are trust and safety: their screens are in safety.admin.)

Event times are typed in the event's own time zone (as its organisers think of them) and stored in
UTC.
"""

import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from hub.core.admin import ReadOnlyAdmin

from . import services
from .models import (
    CommunityProfile,
    Event,
    ForumCategory,
    ProfileChange,
    Registration,
    time_zone_choices,
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
