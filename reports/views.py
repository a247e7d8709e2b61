"""The public "Hub in numbers" page: counts, growth month by month and breakdowns, as charts and tables."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from hub.accounts.models import OrganisationType

from .charts import BarChart, LineChart, format_number, month_label
from .transparency import Breakdown, HubNumbers, hub_numbers, region_label


@dataclass(frozen=True)
class Column:
    heading: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class GrowthTable:
    months: tuple[str, ...]
    columns: tuple[Column, ...]

    def rows(self) -> list[tuple[str, list[str]]]:
        return [
            (month, [column.values[i] for column in self.columns])
            for i, month in enumerate(self.months)
        ]


@dataclass(frozen=True)
class BreakdownFigure:
    id: str
    title: str
    heading: str  # what the groups are ("Region")
    breakdown: Breakdown
    rows: tuple[tuple[str, str], ...]  # (group, formatted count), the "other" row included
    chart: str


@dataclass(frozen=True)
class Headline:
    text: str  # "12", or "fewer than 5"
    counter: int  # the number the words after it agree with


def _headline(value: int) -> Headline:
    """A total as the page shows it: below the small-group threshold, only that it is below."""
    minimum = settings.NUMBERS_MIN_GROUP
    if 0 < value < minimum:
        text = ngettext("fewer than %(minimum)s", "fewer than %(minimum)s", minimum) % {
            "minimum": format_number(minimum)
        }
        return Headline(text=text, counter=minimum)
    return Headline(text=format_number(value), counter=value)


def _provider_type_label(code: str) -> str:
    return str(OrganisationType(code).label) if code in OrganisationType.values else _("Not known")


def _breakdown(
    *,
    id: str,
    title: str,
    heading: str,
    breakdown: Breakdown,
    label: Callable[[str], str],
    other: str,
) -> BreakdownFigure:
    rows = [(label(key), count) for key, count in breakdown.rows]
    if breakdown.other:
        rows.append((other, breakdown.other))
    chart = BarChart.build(id=id, title=title, rows=rows).render() if breakdown.shown else ""
    return BreakdownFigure(
        id=id,
        title=title,
        heading=heading,
        breakdown=breakdown,
        rows=tuple((name, format_number(count)) for name, count in rows),
        chart=chart,
    )


def _growth(numbers: HubNumbers, *, id: str, title: str, series: str, columns: dict[str, str]):
    chart = LineChart.build(
        id=id, title=title, months=numbers.months, values=numbers.growth[series]
    ).render()
    table = GrowthTable(
        months=tuple(month_label(month) for month in numbers.months),
        columns=tuple(
            Column(heading, tuple(format_number(v) for v in numbers.growth[key]))
            for key, heading in columns.items()
        ),
    )
    return {"id": id, "title": title, "chart": chart, "table": table}


@login_not_required
@require_safe
def numbers(request: HttpRequest) -> HttpResponse:
    figures = hub_numbers()
    growth = [
        _growth(
            figures,
            id="growth-tools",
            title=_("Published tools"),
            series="tools",
            columns={
                "tools": _("Published tools"),
                "providers": _("Providers"),
                "tool_countries": _("Countries the tools come from"),
            },
        ),
        _growth(
            figures,
            id="growth-officers",
            title=_("Vetted officers"),
            series="officers",
            columns={
                "officers": _("Vetted officers"),
                "officer_countries": _("Countries they come from"),
            },
        ),
    ]
    by_region = partial(_breakdown, label=region_label, other=_("Other regions together"))
    breakdowns = [
        by_region(
            id="officers-by-region",
            title=_("Vetted officers by region"),
            heading=_("Region"),
            breakdown=figures.officers_by_region,
        ),
        by_region(
            id="tools-by-region",
            title=_("Published tools by region of origin"),
            heading=_("Region of origin"),
            breakdown=figures.tools_by_region,
        ),
        _breakdown(
            id="tools-by-provider-type",
            title=_("Published tools by kind of provider"),
            heading=_("Kind of provider"),
            breakdown=figures.tools_by_provider_type,
            label=_provider_type_label,
            other=_("Other kinds together"),
        ),
    ]
    return render(
        request,
        "reports/numbers.html",
        {
            "figures": figures,
            "counts": {
                name: _headline(getattr(figures, name))
                for name in (
                    "tools",
                    "providers",
                    "tool_countries",
                    "officers",
                    "officer_countries",
                )
            },
            "growth": growth,
            "breakdowns": breakdowns,
            "minimum": settings.NUMBERS_MIN_GROUP,
            "minutes": max(settings.NUMBERS_CACHE_SECONDS // 60, 1),
        },
    )
