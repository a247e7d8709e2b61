"""The catalogue's reference data: the eight taxonomies that describe tools (SPEC §3).

One file per taxonomy, a list of ``{"slug", "name", "description"}`` with every label in the six
languages; the order in the file is the order in lists. Values are matched by slug: the file wins
for name, description and position, and values staff added in the admin stay as they are. When a
value's name changes, the tools that carry it get their search documents rebuilt (they hold the
names in every language), as after an edit in the admin.
"""

from pathlib import Path

from hub.core.reference import Tally, named_values, rows_sync

from ..models import (
    CostModel,
    CrimePhase,
    DeploymentOption,
    Maturity,
    MediaType,
    OperatingSystem,
    Purpose,
    Technology,
    Tool,
    ToolFacet,
)
from ..services import tool_index_refresh

REFERENCE_DIR = Path(__file__).resolve().parent
FILES = {
    Purpose: "purposes.json",
    Technology: "technologies.json",
    CrimePhase: "crime_phases.json",
    MediaType: "media_types.json",
    DeploymentOption: "deployment_options.json",
    OperatingSystem: "operating_systems.json",
    CostModel: "cost_models.json",
    Maturity: "maturity.json",
}


def taxonomies_load() -> Tally:
    tally = Tally("catalogue taxonomies")
    renamed_keys = []
    for model, file_name in FILES.items():
        synced = rows_sync(model.objects.all(), named_values(REFERENCE_DIR / file_name), tally)
        renamed_keys += [
            f"{model.facet}:{value.pk}"
            for value, changed in synced.values()
            if any(name.startswith("name_") for name in changed)
        ]
    tool_ids = set(ToolFacet.objects.filter(key__in=renamed_keys).values_list("tool_id", flat=True))
    for tool in Tool.objects.filter(pk__in=tool_ids):
        tool_index_refresh(tool=tool)
    return tally


def load() -> list[Tally]:
    return [taxonomies_load()]
