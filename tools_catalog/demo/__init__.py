"""Demo data for the tool catalogue: fictional providers (``organisations.json``) and fictional
tools (``tools.json``), kept beside this module.

Everything in them is invented for demonstrations and tests: no organisation or tool is real, every
website is on the reserved ``.example`` domain. A tool names its provider by the organisation's
``key`` and its taxonomy values by slug: they are the catalogue's reference taxonomies
(tools_catalog/reference/), loaded first. ``published`` and ``verified`` are days ("YYYY-MM-DD");
a tool without them is a draft or in review (``status``).

Idempotent: rows are looked up by their natural key (tool slug, organisation name) and only created
when missing; nothing that exists is changed, so a second run writes nothing. The data is
deterministic, so every run creates the same rows.
"""

from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from hub.core.reference import read, text
from hub.models import Organisation, Status

from .. import reference
from ..models import TAXONOMIES, Tool, ToolDecision, TrainingLink
from ..services import tool_index_refresh

DEMO_DIR = Path(__file__).resolve().parent

TAXONOMY_MODELS = {model.facet: model for model in TAXONOMIES}
# Key in tools.json -> (Tool many-to-many field, taxonomy facet).
TOOL_TAXONOMY_FIELDS = {
    "purposes": ("purposes", "purpose"),
    "technologies": ("technologies", "technology"),
    "phases": ("crime_phases", "phase"),
    "media": ("media_types", "media"),
    "deployment": ("deployment_options", "deployment"),
    "os": ("operating_systems", "os"),
    "cost": ("cost_models", "cost"),
}
# Tools without dates (drafts, submissions in review) were created shortly before the demo date.
UNDATED_CREATED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)


@cache
def demo_tools() -> list[dict]:
    return read(DEMO_DIR / "tools.json")["tools"]


def demo_tool_slugs() -> list[str]:
    return [slugify(data["name"]) for data in demo_tools()]


def _moment(day: str | None, index: int = 0) -> datetime | None:
    """A fixed time on ``day`` ("YYYY-MM-DD"), varied by ``index`` so lists do not tie."""
    if not day:
        return None
    return datetime.fromisoformat(day).replace(
        hour=8 + index % 9, minute=(index * 7) % 60, tzinfo=UTC
    )


def seed_organisations() -> tuple[dict[str, Organisation], int]:
    organisations, created_count = {}, 0
    for data in read(DEMO_DIR / "organisations.json"):
        submitted = _moment(data["submitted"])
        organisation, created = Organisation.objects.get_or_create(
            name=data["name"],
            defaults={
                "type": data["type"],
                "country": data["country"],
                "website": data["website"],
                "contact_name": data["contact_name"],
                "contact_email": data["contact_email"],
                "description": data["description"],
                "status": Status.APPROVED,
                "submitted_at": submitted,
                "decided_at": submitted + timedelta(days=9),
            },
        )
        organisations[data["key"]] = organisation
        created_count += created
    return organisations, created_count


def _taxonomy_lookup() -> dict[str, dict]:
    return {
        facet: {value.slug: value for value in model.objects.all()}
        for facet, model in TAXONOMY_MODELS.items()
    }


def _create_tool(data: dict, index: int, organisation: Organisation, lookup: dict) -> Tool:
    slug = slugify(data["name"])
    published = _moment(data.get("published"), index)
    verified = _moment(data.get("verified"), index)
    created_at = (published - timedelta(days=21)) if published else UNDATED_CREATED
    fields = {
        "name": data["name"],
        "provider": organisation,
        "maturity": lookup["maturity"][data["maturity"]],
        "hardware_requirements": data["hardware"],
        "interface_languages": list(data["interface_languages"]),
        "analysis_languages": list(data["analysis_languages"]),
        "integrations": data["integrations"],
        "country": organisation.country,
        "website": data.get("website") or f"{organisation.website}/tools/{slug}",
        "first_built_for": data["first_built_for"],
        "used_by_other_agencies": data["used_by"]["answer"],
        "used_by_details": data["used_by"]["details"],
        "independently_evaluated": data["evaluated"]["answer"],
        "evaluation_url": data["evaluated"]["link"],
        "collects_user_data": data["user_data"]["answer"],
        "user_data_details": data["user_data"]["details"],
        "origin": data["origin"],
        "status": data.get("status", Tool.Status.PUBLISHED),
        "published_at": published,
        "last_verified_at": verified,
        "created_at": created_at,
        "summary_en": data["summary"],
        "description_en": text(data["description"]),
    }
    for language, texts in data.get("translations", {}).items():
        for name, value in texts.items():
            fields[build_localized_fieldname(name, language)] = text(value)
    tool, created = Tool.objects.get_or_create(slug=slug, defaults=fields)
    if not created:
        return tool
    for key, (field, facet) in TOOL_TAXONOMY_FIELDS.items():
        getattr(tool, field).set([lookup[facet][value] for value in data.get(key, [])])
    for link in data.get("training", []):
        TrainingLink.objects.create(tool=tool, title=link["title"], url=link["url"])
    tool_index_refresh(tool=tool)
    # "Last updated" follows the demo history rather than the moment the seed ran.
    Tool.objects.filter(pk=tool.pk).update(updated_at=verified or created_at)
    return tool


def seed_tools(organisations: dict[str, Organisation]) -> int:
    lookup = _taxonomy_lookup()
    existing = set(Tool.objects.values_list("slug", flat=True))
    created_count = 0
    for index, data in enumerate(demo_tools()):
        if slugify(data["name"]) in existing:
            continue
        _create_tool(data, index, organisations[data["provider"]], lookup)
        created_count += 1
    return created_count


def seed_decisions(slugs: list[str]) -> int:
    """A demo tool that is out of the hub has the decision behind it (``withdrawn`` in tools.json),
    so the removal log, its page and "My tools" say why. Written directly: the demo announces
    nothing to anyone."""
    decision = read(DEMO_DIR / "tools.json")["withdrawn"]
    withdrawn = Tool.objects.filter(
        slug__in=slugs, status__in=[Tool.Status.SUSPENDED, Tool.Status.REMOVED], decisions=None
    )
    actions = {Tool.Status.SUSPENDED: ToolDecision.Action.SUSPEND,
               Tool.Status.REMOVED: ToolDecision.Action.REMOVE}  # fmt: skip
    decisions = [
        ToolDecision(
            tool=tool,
            action=actions[tool.status],
            previous_status=Tool.Status.PUBLISHED,
            decided_at=(tool.last_verified_at or UNDATED_CREATED) + timedelta(days=30),
            **decision,
        )
        for tool in withdrawn
    ]
    ToolDecision.objects.bulk_create(decisions)
    return len(decisions)


def seed(*, stdout) -> None:
    values = reference.taxonomies_load().created
    organisations, new_providers = seed_organisations()
    new_tools = seed_tools(organisations)
    slugs = demo_tool_slugs()
    seed_decisions(slugs)
    tools = Tool.objects.filter(slug__in=slugs)
    providers = Organisation.objects.filter(tools__in=tools).distinct()
    stdout.write(f"  catalogue taxonomy: {values} values created")
    stdout.write(f"  catalogue: {new_tools} tools from {new_providers} providers created")
    stdout.write(
        f"  catalogue: {tools.count()} demo tools from {providers.count()} providers in place"
    )
