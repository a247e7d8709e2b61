"""Shapes the catalogue's data for templates: result rows, facets with counts, chips, compare."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hub.core.languages import language_name
from hub.core.regions import REGION_CODES, region_name
from hub.models import OrganisationType

from .models import Tool, YesNoUnknown
from .selectors import CatalogueQuery, Term, ToolRow
from .signals import CompareLine, tool_compare_lines

FACET_LABELS = {
    "purpose": _("What it helps with"),
    "technology": _("Technology"),
    "phase": _("Crime phase"),
    "media": _("Material it handles"),
    "deployment": _("Where it runs"),
    "os": _("Operating system"),
    "cost": _("Cost for law enforcement"),
    "maturity": _("Maturity"),
    "region": _("Region of origin"),
    "ptype": _("Type of provider"),
    "ilang": _("Interface language"),
    "alang": _("Languages it analyses"),
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    lang: str = ""


# How many values of a facet the panel shows (the chosen ones, then those matching most tools);
# the facet's "more" link shows them all.
FACET_SHOWN = 4


@dataclass
class Facet:
    param: str
    label: str
    options: list[Option] = field(default_factory=list)  # every value that matches or is chosen
    expanded: bool = False  # every value shown, not only the first FACET_SHOWN

    @property
    def selected_count(self) -> int:
        return sum(option.selected for option in self.options)

    @property
    def shown(self) -> list[Option]:
        """The values the panel lists: all, in the facet's own order, when expanded; else the
        chosen ones, then those matching most tools (in the facet's order among equals)."""
        if self.expanded or not self.collapsible:
            return self.options
        ranked = sorted(self.options, key=lambda option: (not option.selected, -option.count))
        return ranked[: max(FACET_SHOWN, self.selected_count)]

    @property
    def collapsible(self) -> bool:
        # A link to one more value would take the room of that value.
        return len(self.options) > FACET_SHOWN + 1

    @property
    def hidden_count(self) -> int:
        return len(self.options) - len(self.shown)


def catalogue_facets(
    snapshot: dict[str, list[Term]],
    counts: dict[str, int],
    query: CatalogueQuery,
    language: str,
    expanded: str = "",
) -> list[Facet]:
    """Every facet with the values that match something now (or are chosen), with counts; the
    facet named by ``expanded`` lists them all."""
    facets = _facets(snapshot, counts, query, language)
    for facet in facets:
        facet.expanded = facet.param == expanded
    return facets


def _facets(
    snapshot: dict[str, list[Term]], counts: dict[str, int], query: CatalogueQuery, language: str
) -> list[Facet]:
    facets = []
    for facet, terms in snapshot.items():
        chosen = set(query.filters.get(facet, []))
        options = [
            Option(
                term.slug, term.name, counts.get(f"{facet}:{term.id}", 0), str(term.id) in chosen
            )
            for term in terms
        ]
        facets.append(Facet(facet, str(FACET_LABELS[facet]), _visible(options)))
    region_options = [
        Option(
            code,
            region_name(code, language),
            counts.get(f"region:{code}", 0),
            code in query.filters.get("region", []),
        )
        for code in REGION_CODES
    ]
    facets.append(Facet("region", str(FACET_LABELS["region"]), _visible(region_options)))
    ptype_options = [
        Option(
            value,
            str(label),
            counts.get(f"ptype:{value}", 0),
            value in query.filters.get("ptype", []),
        )
        for value, label in OrganisationType.choices
    ]
    facets.append(Facet("ptype", str(FACET_LABELS["ptype"]), _visible(ptype_options)))
    for facet in ("ilang", "alang"):
        codes = {key.split(":", 1)[1] for key in counts if key.startswith(f"{facet}:")}
        codes |= set(query.filters.get(facet, []))
        options = [
            Option(code, language_name(code, language), counts.get(f"{facet}:{code}", 0),
                   code in query.filters.get(facet, []), lang=code)
            for code in codes
        ]  # fmt: skip
        options.sort(key=lambda option: (-option.count, option.label))
        facets.append(Facet(facet, str(FACET_LABELS[facet]), _visible(options)))
    return facets


def _visible(options: list[Option]) -> list[Option]:
    return [option for option in options if option.count or option.selected]


@dataclass
class Chip:
    label: str
    facet_label: str
    remove_url: str


def chips(params: QueryDict, snapshot: dict[str, list[Term]], language: str) -> list[Chip]:
    """The active filters, each with a link that removes just that one."""
    labels: dict[tuple[str, str], str] = {}
    for facet, terms in snapshot.items():
        for term in terms:
            labels[(facet, term.slug)] = term.name
    for code in REGION_CODES:
        labels[("region", code)] = region_name(code, language)
    for value, label in OrganisationType.choices:
        labels[("ptype", value)] = str(label)
    result = []
    for facet in [*snapshot.keys(), "region", "ptype", "ilang", "alang"]:
        for value in params.getlist(facet):
            label = labels.get((facet, value))
            if label is None and facet in ("ilang", "alang"):
                label = language_name(value, language)
            if label is None:
                continue
            remaining = [
                (key, item)
                for key in params
                if key not in ("page",)
                for item in params.getlist(key)
                if not (key == facet and item == value)
            ]
            result.append(Chip(label, str(FACET_LABELS[facet]), "?" + urlencode(remaining)))
    if params.get("q"):
        remaining = [(k, v) for k in params if k not in ("q", "page") for v in params.getlist(k)]
        result.append(Chip(params["q"], str(_("Search")), "?" + urlencode(remaining)))
    return result


# Text the providers typed ---------------------------------------------------------------------------


def written_language(obj: Model, field: str, language: str) -> str:
    """The language ``obj.field`` is shown in when the page is in ``language``, or "" when it is
    the page's: providers write in the source language (English); the hub translates only some
    fields (modeltranslation), and shows the English text where a translation is missing."""
    source = settings.LANGUAGE_CODE
    if hasattr(obj, f"{field}_{source}") and getattr(obj, f"{field}_{language.replace('-', '_')}"):
        return ""
    return "" if language == source else source


# Compare --------------------------------------------------------------------------------------------


def compare_lines(rows: list[ToolRow], language: str) -> list[CompareLine]:
    """The tools' specifications line by line, then the lines other parts of the hub add
    (``signals.tool_compare_lines``: the providers' ethics answers, question by question)."""

    def languages(codes: list[str]) -> str:
        return ", ".join(language_name(code, language) for code in codes) or "–"

    def yes_no(value: str) -> str:
        return str(YesNoUnknown(value).label)

    def written(label, field: str) -> CompareLine:
        tools = [row.tool for row in rows]
        return CompareLine(
            str(label),
            [getattr(tool, field) or "–" for tool in tools],
            written_in=[written_language(tool, field, language) for tool in tools],
        )

    lines = [
        CompareLine(
            str(_("Provider")),
            [row.tool.provider.name for row in rows],
            written_in=["" for _row in rows],  # typed in the provider's own words, language unknown
        ),
        written(_("Summary"), "summary"),
    ]
    for facet in (
        "purpose",
        "technology",
        "phase",
        "media",
        "deployment",
        "os",
        "cost",
        "maturity",
    ):
        lines.append(
            CompareLine(str(FACET_LABELS[facet]), [row.names(facet) or "–" for row in rows])
        )
    lines += [
        CompareLine(
            str(_("Interface languages")), [languages(r.tool.interface_languages) for r in rows]
        ),
        CompareLine(
            str(_("Languages it analyses")), [languages(r.tool.analysis_languages) for r in rows]
        ),
        written(_("Hardware and IT needs"), "hardware_requirements"),
        written(_("Integrations and standards"), "integrations"),
        CompareLine(str(_("Country of origin")), [str(r.tool.country.name) for r in rows]),
        CompareLine(
            str(_("Used by other agencies")), [yes_no(r.tool.used_by_other_agencies) for r in rows]
        ),
        CompareLine(
            str(_("Independently evaluated")),
            [yes_no(r.tool.independently_evaluated) for r in rows],
        ),
        CompareLine(
            str(_("Collects data from its users")),
            [yes_no(r.tool.collects_user_data) for r in rows],
        ),
        CompareLine(
            str(_("Last verified")),
            [
                r.tool.last_verified_at.date().isoformat() if r.tool.last_verified_at else "–"
                for r in rows
            ],
        ),
    ]
    # What the parts of the hub built on the catalogue add: the providers' ethics answers.
    tools = [row.tool for row in rows]
    for _receiver, extra in tool_compare_lines.send(sender=Tool, tools=tools):
        lines += extra
    return lines
