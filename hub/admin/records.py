"""Staff screens for records: the audit log, the email outbox and the public pages."""

import json
from datetime import UTC, date, datetime, time, timedelta

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    QueryDict,
)
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from hub.converters import id_from
from hub.csv_export import csv_response
from hub.models import (
    AuditEvent,
    OutboxEmail,
    Page,
    PageVersion,
)
from hub.services import audit_record

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


# The audit log --------------------------------------------------------------------------------------


class TextInputFilter(admin.ListFilter):
    """Free text typed into the filter sidebar, for values too many to list as links (actors).

    ``fields`` are (query parameter, label, input type); ``filter`` turns the typed values into
    a queryset. The form keeps every other filter and the search of the list it was sent from.
    """

    template = "admin/hub/text_filter.html"
    fields: tuple[tuple[str, str, str], ...] = ()

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name, _label, _type in self.fields:
            if name in params:
                value = params.pop(name)[-1].strip()
                if value:
                    self.used_parameters[name] = value

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return [name for name, _label, _type in self.fields]

    def queryset(self, request, queryset):
        return self.filter(queryset, self.used_parameters) if self.used_parameters else queryset

    def filter(self, queryset, values: dict[str, str]):
        raise NotImplementedError

    def choices(self, changelist):
        others = QueryDict(changelist.get_query_string(remove=self.expected_parameters())[1:])
        yield {
            "selected": bool(self.used_parameters),
            "keep": [(name, value) for name in others for value in others.getlist(name)],
            "fields": [
                {
                    "name": name,
                    "label": label,
                    "type": kind,
                    "id": f"filter-{name}",
                    "value": self.used_parameters.get(name, ""),
                }
                for name, label, kind in self.fields
            ],
            "clear_url": changelist.get_query_string(remove=self.expected_parameters()),
        }


class ActorFilter(TextInputFilter):
    title = _("actor")
    fields = (("actor", _("Email address or user id"), "search"),)

    def filter(self, queryset, values):
        typed = values["actor"]
        match = Q(actor_label__icontains=typed)
        if (actor_id := id_from(typed)) is not None:
            match |= Q(actor_id=actor_id)
        return queryset.filter(match)


class TargetFilter(TextInputFilter):
    title = _("target")
    fields = (("target", _("Name or id of what the event was about"), "search"),)

    def filter(self, queryset, values):
        typed = values["target"]
        return queryset.filter(Q(target_label__icontains=typed) | Q(target_id=typed))


class PeriodFilter(TextInputFilter):
    """From one day to another, both included, in the hub's time zone."""

    title = _("period")
    fields = (("from", _("From (first day)"), "date"), ("until", _("Until (last day)"), "date"))

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name, value in list(self.used_parameters.items()):
            try:
                date.fromisoformat(value)
            except ValueError:
                del self.used_parameters[name]
                messages.warning(
                    request,
                    gettext("“%(value)s” is not a date such as 2026-01-31, so it was ignored.")
                    % {"value": value},
                )

    def filter(self, queryset, values):
        zone = timezone.get_current_timezone()
        if "from" in values:
            day = date.fromisoformat(values["from"])
            queryset = queryset.filter(at__gte=datetime.combine(day, time.min, tzinfo=zone))
        if "until" in values:
            day = date.fromisoformat(values["until"]) + timedelta(days=1)
            queryset = queryset.filter(at__lt=datetime.combine(day, time.min, tzinfo=zone))
        return queryset


class TargetTypeFilter(admin.SimpleListFilter):
    title = _("target type")
    parameter_name = "type"

    def lookups(self, request, model_admin):
        labels = (
            AuditEvent.objects.exclude(target_type="")
            .order_by("target_type")
            .values_list("target_type", flat=True)
            .distinct()
        )
        return [(label, self._name(label)) for label in labels]

    @staticmethod
    def _name(label: str) -> str:
        try:
            return capfirst(apps.get_model(label)._meta.verbose_name)
        except (LookupError, ValueError):
            return label

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(target_type=self.value())
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log: read only for everyone (no add, change or delete), filtered, and exported."""

    change_list_template = "admin/hub/auditevent/change_list.html"
    list_display = ["at", "event", "actor_label", "target_type", "target_label", "ip"]
    list_filter = [ActorFilter, PeriodFilter, "event", TargetTypeFilter, TargetFilter]
    date_hierarchy = "at"
    search_fields = ["actor_label", "target_label", "=target_id"]
    ordering = ["-at", "-pk"]
    show_full_result_count = False  # the log grows large: no second count of all of it
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
    csv_chunk = 2000

    def get_urls(self):
        urls = [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="hub_auditevent_export",
            )
        ]
        return urls + super().get_urls()

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The entries of the list as filtered (query string as on the list), as a CSV download."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:hub_auditevent_changelist"))
        # The file holds what was there when it was asked for, not the entry recording the export.
        last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        entries = changelist.queryset.filter(pk__lte=last)
        filters = changelist.get_query_string()[1:]
        audit_record(
            event=AuditEvent.Event.AUDIT_EXPORT,
            request=request,
            filters=filters,
            entries=entries.count(),
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        return csv_response(
            filename=f"audit-log-{stamp}.csv",
            header=self._csv_header(),
            rows=self._csv_rows(entries),
        )

    def _csv_header(self) -> list[str]:
        return [
            gettext("When (UTC)"),
            gettext("Event code"),
            gettext("Event"),
            gettext("Actor id"),
            gettext("Actor"),
            gettext("Target type"),
            gettext("Target id"),
            gettext("Target"),
            gettext("IP address"),
            gettext("Details"),
        ]

    def _csv_rows(self, entries):
        for entry in entries.iterator(chunk_size=self.csv_chunk):
            yield (
                entry.at.astimezone(UTC).isoformat(timespec="seconds"),
                entry.event,
                entry.get_event_display(),
                entry.actor_id,
                entry.actor_label,
                entry.target_type,
                entry.target_id,
                entry.target_label,
                entry.ip,
                json.dumps(entry.details, ensure_ascii=False, sort_keys=True)
                if entry.details
                else "",
            )


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
