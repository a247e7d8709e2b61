"""Pieces of the staff admin that every app's admin uses: read-only lists, the "handled" filter of
reports, free-text filters, add pages prefilled from the query string, and dates, empty values and
small tables on an object's page."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, ManyToManyField
from django.http import HttpRequest, QueryDict
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .converters import fits

EMPTY = "–"


def when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else EMPTY


def table(headers: list, rows: list[tuple], empty: str) -> str:
    """A small table of ``rows`` (``empty`` when there are none) on an object's admin page."""
    if not rows:
        return format_html("<p>{}</p>", empty)
    head = format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


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


class QueryInitialMixin:
    """An add page's values from its query string (``?tool=3``), keeping for a relation only ids it
    can take: Django's autocomplete widget looks them up, and anything else fails there."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            values = value if isinstance(value, list) else [value]
            if isinstance(field, ForeignKey | ManyToManyField) and not all(
                fits(field.target_field, item) for item in values
            ):
                del initial[name]
        return initial
