"""What the catalogue's admin modules share: dates, empty values, small tables, per-language
columns, and refreshing the index of tools whose values changed."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from .. import services
from ..models import (
    Tool,
    ToolDecision,
)

EMPTY = "–"


def localized(field: str) -> list[str]:
    """The field's column in every interface language: name_en, name_ar, name_zh_hans, ..."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]


def when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else EMPTY


def refresh_tools(tool_ids) -> None:
    for tool in Tool.objects.filter(pk__in=set(tool_ids)).select_related("provider"):
        services.tool_index_refresh(tool=tool)


def table(headers: list, rows: list[tuple], empty: str) -> str:
    if not rows:
        return format_html("<p>{}</p>", empty)
    head = format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def decision_table(decisions: QuerySet[ToolDecision]) -> str:
    rows = [
        (
            when(decision.decided_at),
            decision.get_action_display(),
            decision.decided_by or EMPTY,
            decision.reason,
            decision.summary or EMPTY,
            decision.guidance or EMPTY,
        )
        for decision in decisions.order_by("-decided_at", "-pk")
    ]
    return table(
        [_("When"), _("Decision"), _("By"), _("Reason (staff only)"), _("Summary for users"),
         _("Guidance for officers")],
        rows,
        gettext("No decisions yet."),
    )  # fmt: skip
