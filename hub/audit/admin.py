"""The audit log for staff: read only for everyone, filtered by actor, period, event and target,
and exported as CSV (the export is itself an audit entry)."""

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
)
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.core.admin import ReadOnlyAdmin, TextInputFilter
from hub.core.converters import id_from
from hub.core.csv_export import csv_response

from .models import AuditEvent
from .services import audit_record


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
