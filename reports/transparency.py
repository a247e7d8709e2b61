"""The hub in numbers: the public figures at /numbers/ and the staff inclusion report.

Who is counted
--------------
- Tools: published in the catalogue today.
- Providers: organisations with at least one published tool. An approved organisation that has
  published nothing yet is not counted: the public figure says how many providers a visitor can
  find in the catalogue, and says nothing about organisations still preparing their entries.
- Officers: vetted officers today (an active officer account approved by staff, with its
  application, which holds the country).
- Growth month by month counts what the hub holds today by the month each item arrived (a tool's
  first publication, an officer's first approval, a provider's or a country's first tool or
  officer). Something removed since is not in the past months either.

Small groups (public figures only)
----------------------------------
Every public breakdown goes through :func:`small_groups_merged`, the one place the threshold
``settings.NUMBERS_MIN_GROUP`` (default 5) is applied:

1. A group smaller than the threshold is not shown; groups with nobody in them are not listed.
2. The hidden groups are shown together as one "other" row, but only when together they reach the
   threshold. The page also shows the total, so a smaller remainder could be worked out as "total
   minus the groups shown": in that case the smallest shown groups are hidden too, one by one, until
   the hidden groups together reach the threshold. Then the "other" row always holds at least two
   groups and at least the threshold, so neither it nor any group in it singles anyone out.
3. When no group can be shown under these rules (fewer than the threshold in all), there is no
   breakdown, only the total.

The headline totals (how many officers, how many countries) are shown as they are from the
threshold up, and below it only as "fewer than" the threshold (``reports.views``), as the page
promises no group smaller than that. Staff see the real numbers in the inclusion report (admin only), but
never a name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from babel.numbers import format_percent
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, to_locale
from django_countries import countries as country_names

from hub.accounts.models import (
    OfficerApplication,
    Organisation,
    OrganisationType,
    Role,
    Status,
    User,
    VettingDecision,
)
from hub.core.regions import REGION_CODES, region_name, region_of
from tools_catalog.models import Purpose, Tool

from .charts import format_number

MONTHS = 24
UNKNOWN = ""  # the group of items whose region is not known

# Small groups ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """A public breakdown after the small-group rule: the groups shown and the rest together."""

    rows: tuple[tuple[str, int], ...]  # (group key, count), largest first
    other: int  # the hidden groups together (0 when nothing is hidden)
    total: int
    minimum: int

    @property
    def shown(self) -> bool:
        return bool(self.rows)


def small_groups_merged(counts: Mapping[str, int], *, minimum: int | None = None) -> Breakdown:
    """Apply the small-group rule (see the module's docstring) to counts by group."""
    if minimum is None:
        minimum = settings.NUMBERS_MIN_GROUP
    groups = {key: count for key, count in counts.items() if count > 0}
    total = sum(groups.values())
    shown = sorted(
        ((key, count) for key, count in groups.items() if count >= minimum),
        key=lambda row: (-row[1], row[0]),
    )
    hidden = total - sum(count for _key, count in shown)
    while 0 < hidden < minimum and shown:
        hidden += shown.pop()[1]  # the smallest shown group joins the hidden ones
    if not shown:
        return Breakdown(rows=(), other=0, total=total, minimum=minimum)
    return Breakdown(rows=tuple(shown), other=hidden, total=total, minimum=minimum)


# Month by month -------------------------------------------------------------------------------------


def month_starts(*, until: date, months: int = MONTHS) -> tuple[date, ...]:
    """The first day of each of the last ``months`` months, the month of ``until`` last."""
    index = until.year * 12 + until.month - 1
    return tuple(
        date(year, month + 1, 1)
        for year, month in (divmod(i, 12) for i in range(index - months + 1, index + 1))
    )


def cumulative(moments: Iterable[datetime], months: tuple[date, ...]) -> tuple[int, ...]:
    """How many of ``moments`` fall on or before the end of each of ``months``."""
    keys = [m.year * 12 + m.month - 1 for m in months]
    per_month = Counter()
    for moment in moments:
        day = timezone.localtime(moment).date()
        # Earlier months count from the first month; a date ahead of the clock, in the last one.
        per_month[min(max(day.year * 12 + day.month - 1, keys[0]), keys[-1])] += 1
    running, series = 0, []
    for key in keys:
        running += per_month[key]
        series.append(running)
    return tuple(series)


def _firsts(pairs: Iterable[tuple[object, datetime]]) -> list[datetime]:
    """For (group, moment) pairs: the earliest moment of each group (when the group first appeared)."""
    first: dict[object, datetime] = {}
    for group, moment in pairs:
        if group and (group not in first or moment < first[group]):
            first[group] = moment
    return list(first.values())


# The people and tools counted -----------------------------------------------------------------------


def vetted_officers():
    """Vetted officers with the moment each was first approved (their sign-up, if no decision)."""
    first_approval = (
        VettingDecision.objects.filter(user=OuterRef("pk"), action=VettingDecision.Action.APPROVE)
        .order_by("decided_at")
        .values("decided_at")[:1]
    )
    return User.objects.filter(
        role=Role.OFFICER, status=Status.APPROVED, is_active=True, application__isnull=False
    ).annotate(vetted_at=Coalesce(Subquery(first_approval), "date_joined"))


def published_tools():
    return Tool.objects.published().annotate(listed_at=Coalesce("published_at", "created_at"))


# Public numbers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HubNumbers:
    computed_at: datetime
    tools: int
    providers: int
    tool_countries: int
    officers: int
    officer_countries: int
    months: tuple[date, ...]
    growth: Mapping[str, tuple[int, ...]]
    officers_by_region: Breakdown
    tools_by_region: Breakdown
    tools_by_provider_type: Breakdown


def hub_numbers_compute() -> HubNumbers:
    now = timezone.now()
    months = month_starts(until=timezone.localtime(now).date())
    tools = list(
        published_tools().values_list("provider_id", "provider__type", "country", "listed_at")
    )
    officers = list(vetted_officers().values_list("application__country", "vetted_at"))
    tool_countries = {str(country) for _p, _t, country, _at in tools if country}
    officer_countries = {str(country) for country, _at in officers if country}
    growth = {
        "tools": cumulative((at for *_rest, at in tools), months),
        "providers": cumulative(_firsts((p, at) for p, _t, _c, at in tools), months),
        "tool_countries": cumulative(_firsts((c, at) for _p, _t, c, at in tools), months),
        "officers": cumulative((at for _c, at in officers), months),
        "officer_countries": cumulative(_firsts(officers), months),
    }
    return HubNumbers(
        computed_at=now,
        tools=len(tools),
        providers=len({provider for provider, *_rest in tools}),
        tool_countries=len(tool_countries),
        officers=len(officers),
        officer_countries=len(officer_countries),
        months=months,
        growth=growth,
        officers_by_region=small_groups_merged(
            Counter(region_of(country) or UNKNOWN for country, _at in officers)
        ),
        tools_by_region=small_groups_merged(
            Counter(region_of(country) or UNKNOWN for _p, _t, country, _at in tools)
        ),
        tools_by_provider_type=small_groups_merged(
            Counter(kind or UNKNOWN for _p, kind, _c, _at in tools)
        ),
    )


def hub_numbers() -> HubNumbers:
    """The public numbers, counted at most once per ``NUMBERS_CACHE_SECONDS``."""
    key = f"hub:numbers:v1:{settings.NUMBERS_MIN_GROUP}"
    return cache.get_or_set(key, hub_numbers_compute, settings.NUMBERS_CACHE_SECONDS)


# Staff inclusion report -----------------------------------------------------------------------------

FEW_TOOLS = 3  # a purpose or a language with fewer published tools than this is a gap
LOW_WOMEN_SHARE = 0.4  # below this share of women among those who said, gender balance is a gap
GENDER_MIN_ANSWERS = 5  # ... once at least this many in the region said
LANGUAGE_CODES_IN_TOOLS = {"zh-hans": "zh"}  # the hub's language codes as tools record them


def percent(share: float | None) -> str:
    if share is None:
        return "–"
    return format_percent(share, locale=to_locale(get_language() or settings.LANGUAGE_CODE))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def region_label(code: str) -> str:
    return region_name(code) if code else gettext("Region not known")


@dataclass(frozen=True)
class CountryRow:
    name: str
    members: int


@dataclass(frozen=True)
class MemberRegionRow:
    code: str
    name: str
    members: int
    share: float | None
    countries: tuple[CountryRow, ...]
    genders: tuple[int, ...]  # in the order of InclusionReport.genders, then "not given"
    gender_answers: int  # how many said their gender ("prefer not to say" is not an answer)
    women_share: float | None

    @property
    def share_text(self) -> str:
        return percent(self.share)

    @property
    def women_share_text(self) -> str:
        return percent(self.women_share)


@dataclass(frozen=True)
class ApplicationRow:
    name: str
    received: int
    approved: int
    rejected: int
    waiting: int

    @property
    def approval_rate(self) -> float | None:
        return _share(self.approved, self.approved + self.rejected)

    @property
    def approval_rate_text(self) -> str:
        return percent(self.approval_rate)


@dataclass(frozen=True)
class ToolRegionRow:
    code: str
    name: str
    tools: int
    share: float | None
    by_type: tuple[int, ...]  # in the order of InclusionReport.provider_types
    researched: int
    submitted: int

    @property
    def share_text(self) -> str:
        return percent(self.share)


@dataclass(frozen=True)
class LanguageRow:
    name: str
    members: int
    interface_tools: int
    analysis_tools: int


@dataclass(frozen=True)
class PurposeRow:
    name: str
    tools: int


@dataclass(frozen=True)
class InclusionReport:
    members: int
    member_regions: tuple[MemberRegionRow, ...]
    genders: tuple[str, ...]  # column headings
    officer_applications: tuple[ApplicationRow, ...]
    organisation_applications: tuple[ApplicationRow, ...]
    tools: int
    provider_types: tuple[str, ...]  # column headings
    tool_regions: tuple[ToolRegionRow, ...]
    languages: tuple[LanguageRow, ...]
    purposes: tuple[PurposeRow, ...]
    gaps: tuple[str, ...] = field(default=())


def _region_order(codes: Iterable[str]) -> list[str]:
    """The five regions, then "not known" if anything is in it."""
    return list(REGION_CODES) + ([UNKNOWN] if UNKNOWN in set(codes) else [])


def _member_regions(officers: list[tuple[str, str, list]]) -> tuple[MemberRegionRow, ...]:
    by_region: dict[str, Counter] = defaultdict(Counter)
    genders: dict[str, Counter] = defaultdict(Counter)
    for country, gender, _languages in officers:
        region = region_of(country) or UNKNOWN
        by_region[region][country] += 1
        genders[region][gender or ""] += 1
    total = len(officers)
    choices = [value for value, _label in OfficerApplication.Gender.choices]
    rows = []
    for code in _region_order(by_region):
        counted = genders[code]
        members = sum(by_region[code].values())
        said = sum(counted[value] for value in choices if value != "undisclosed")
        countries = sorted(
            (CountryRow(str(country_names.name(c) or c), n) for c, n in by_region[code].items()),
            key=lambda row: (-row.members, row.name),
        )
        rows.append(
            MemberRegionRow(
                code=code,
                name=region_label(code),
                members=members,
                share=_share(members, total),
                countries=tuple(countries),
                genders=tuple(counted[value] for value in choices) + (counted[""],),
                gender_answers=said,
                women_share=_share(counted["woman"], said),
            )
        )
    return tuple(rows)


def _applications(rows: Iterable[tuple[str, str]]) -> tuple[ApplicationRow, ...]:
    """Applications by region: received, approved (including later suspended), rejected, waiting."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for country, status in rows:
        counts[region_of(country) or UNKNOWN][status] += 1
    result = []
    for code in _region_order(counts):
        count = counts[code]
        result.append(
            ApplicationRow(
                name=region_label(code),
                received=sum(count.values()),
                approved=count[Status.APPROVED] + count[Status.SUSPENDED],
                rejected=count[Status.REJECTED],
                waiting=count[Status.PENDING] + count[Status.MORE_INFO],
            )
        )
    return tuple(result)


def _tool_regions(tools: list[tuple], types: list[str]) -> tuple[ToolRegionRow, ...]:
    by_region: dict[str, Counter] = defaultdict(Counter)
    origins: dict[str, Counter] = defaultdict(Counter)
    for region, kind, origin, *_rest in tools:
        by_region[region or UNKNOWN][kind] += 1
        origins[region or UNKNOWN][origin] += 1
    total = len(tools)
    rows = []
    for code in _region_order(by_region):
        count = sum(by_region[code].values())
        rows.append(
            ToolRegionRow(
                code=code,
                name=region_label(code),
                tools=count,
                share=_share(count, total),
                by_type=tuple(by_region[code][kind] for kind in types),
                researched=origins[code][Tool.Origin.RESEARCHED],
                submitted=origins[code][Tool.Origin.SUBMITTED],
            )
        )
    return tuple(rows)


def _languages(officers: list[tuple], tools: list[tuple]) -> tuple[LanguageRow, ...]:
    rows = []
    for code, name in settings.LANGUAGES:
        tool_code = LANGUAGE_CODES_IN_TOOLS.get(code, code)
        rows.append(
            LanguageRow(
                name=str(name),
                members=sum(1 for *_rest, languages in officers if code in (languages or [])),
                interface_tools=sum(1 for *_rest, ui, _a in tools if tool_code in (ui or [])),
                analysis_tools=sum(
                    1 for *_rest, analysis in tools if tool_code in (analysis or [])
                ),
            )
        )
    return tuple(rows)


def _gaps(report: InclusionReport) -> tuple[str, ...]:
    """Where to look next, in plain words: regions, languages, purposes, gender balance, research."""
    gaps = []
    tools_by_region = {row.code: row for row in report.tool_regions}
    for row in report.member_regions:
        if not row.code:
            continue
        tool_row = tools_by_region.get(row.code)
        if row.members == 0:
            gaps.append(
                gettext("No vetted officers from %(region)s yet: reach out to agencies there.")
                % {"region": row.name}
            )
        elif tool_row is None or tool_row.tools == 0:
            gaps.append(
                ngettext(
                    "%(region)s has %(members)s member but no tool from there yet: research tools "
                    "developed in %(region)s.",
                    "%(region)s has %(members)s members but no tool from there yet: research tools "
                    "developed in %(region)s.",
                    row.members,
                )
                % {"region": row.name, "members": format_number(row.members)}
            )
        elif tool_row.share is not None and row.share and tool_row.share < row.share / 2:
            gaps.append(
                gettext(
                    "%(region)s has %(member_share)s of members but only %(tool_share)s of tools: "
                    "research more tools developed there."
                )
                % {
                    "region": row.name,
                    "member_share": percent(row.share),
                    "tool_share": percent(tool_row.share),
                }
            )
        if (
            row.gender_answers >= GENDER_MIN_ANSWERS
            and row.women_share is not None
            and row.women_share < LOW_WOMEN_SHARE
        ):
            gaps.append(
                gettext(
                    "Women are %(share)s of the members in %(region)s who told us their gender: "
                    "encourage agencies there to put forward more women."
                )
                % {"region": row.name, "share": percent(row.women_share)}
            )
    for language in report.languages:
        if not language.members:
            continue
        values = {
            "language": language.name,
            "members": format_number(language.members),
            "tools": format_number(language.interface_tools),
        }
        if language.interface_tools == 0:
            gaps.append(
                gettext(
                    "No tool can be used in %(language)s yet (members who work in it: "
                    "%(members)s). Look for tools available in %(language)s."
                )
                % values
            )
        elif language.interface_tools < FEW_TOOLS:
            gaps.append(
                ngettext(
                    "Only %(tools)s tool can be used in %(language)s (members who work in it: "
                    "%(members)s). Look for more tools available in %(language)s.",
                    "Only %(tools)s tools can be used in %(language)s (members who work in it: "
                    "%(members)s). Look for more tools available in %(language)s.",
                    language.interface_tools,
                )
                % values
            )
        values["tools"] = format_number(language.analysis_tools)
        if language.analysis_tools == 0:
            gaps.append(
                gettext("No tool can analyse text or speech in %(language)s yet: look for some.")
                % values
            )
        elif language.analysis_tools < FEW_TOOLS:
            gaps.append(
                ngettext(
                    "Only %(tools)s tool can analyse text or speech in %(language)s: look for more.",
                    "Only %(tools)s tools can analyse text or speech in %(language)s: look for more.",
                    language.analysis_tools,
                )
                % values
            )
    few = [row for row in report.purposes if row.tools < FEW_TOOLS]
    if few:
        gaps.append(
            gettext("Few tools for these purposes: %(purposes)s. Research tools that serve them.")
            % {"purposes": ", ".join(f"{row.name} ({format_number(row.tools)})" for row in few)}
        )
    researched = sum(row.researched for row in report.tool_regions)
    if report.tools and researched < report.tools / 2:
        gaps.append(
            gettext(
                "Only %(share)s of tools were found by hub staff; the rest came from providers. "
                "Researching tools ourselves keeps the catalogue from leaning towards the largest "
                "providers."
            )
            % {"share": percent(researched / report.tools)}
        )
    return tuple(gaps)


def inclusion_report() -> InclusionReport:
    """Counts for staff, by region, gender, kind of provider, language and purpose. No names."""
    officers = list(
        vetted_officers().values_list(
            "application__country", "application__gender", "application__languages"
        )
    )
    applications = OfficerApplication.objects.filter(user__role=Role.OFFICER).values_list(
        "country", "user__status"
    )
    organisations = Organisation.objects.values_list("country", "status")
    types = [value for value, _label in OrganisationType.choices]
    tools = list(
        published_tools().values_list(
            "region", "provider__type", "origin", "interface_languages", "analysis_languages"
        )
    )
    purposes = Purpose.objects.annotate(
        tools=Count("tool", filter=Q(tool__status=Tool.Status.PUBLISHED))
    ).order_by("tools", "position", "slug")
    report = InclusionReport(
        members=len(officers),
        member_regions=_member_regions(officers),
        genders=tuple(str(label) for _value, label in OfficerApplication.Gender.choices)
        + (gettext("Not given"),),
        officer_applications=_applications(applications),
        organisation_applications=_applications(organisations),
        tools=len(tools),
        provider_types=tuple(str(label) for _value, label in OrganisationType.choices),
        tool_regions=_tool_regions(tools, types),
        languages=_languages(officers, tools),
        purposes=tuple(PurposeRow(purpose.name, purpose.tools) for purpose in purposes),
    )
    return replace(report, gaps=_gaps(report))
