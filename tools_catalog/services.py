"""Writes of the tool catalogue."""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from hub.models import User

from .models import TAXONOMIES, Feedback, FeedbackReport, SavedTool, Tool, ToolFacet

# PostgreSQL text-search configuration for each interface language (Chinese has no stemmer).
SEARCH_CONFIGS = {
    "en": "english",
    "ar": "arabic",
    "zh-hans": "simple",
    "fr": "french",
    "ru": "russian",
    "es": "spanish",
}
TAXONOMY_FIELDS = {
    "purpose": "purposes",
    "technology": "technologies",
    "phase": "crime_phases",
    "media": "media_types",
    "deployment": "deployment_options",
    "os": "operating_systems",
    "cost": "cost_models",
}


def _language_field(code: str) -> str:
    return code.replace("-", "_")


def tool_facet_keys(tool: Tool) -> list[str]:
    """Every value the catalogue can filter this tool by, as "facet:value"."""
    keys = []
    for facet, field in TAXONOMY_FIELDS.items():
        keys += [f"{facet}:{pk}" for pk in getattr(tool, field).values_list("pk", flat=True)]
    if tool.maturity_id:
        keys.append(f"maturity:{tool.maturity_id}")
    if tool.region:
        keys.append(f"region:{tool.region}")
    keys.append(f"ptype:{tool.provider.type}")
    keys += [f"ilang:{code}" for code in tool.interface_languages]
    keys += [f"alang:{code}" for code in tool.analysis_languages]
    return sorted(set(keys))


def _search_text(tool: Tool, language: str) -> str:
    field = _language_field(language)
    summary = getattr(tool, f"summary_{field}") or tool.summary_en or ""
    description = getattr(tool, f"description_{field}") or tool.description_en or ""
    taxonomy_names = []
    for model in TAXONOMIES:
        related = TAXONOMY_FIELDS.get(model.facet)
        if related:
            for item in getattr(tool, related).all():
                taxonomy_names.append(getattr(item, f"name_{field}") or item.name_en or "")
    parts = [tool.name, tool.provider.name, summary, strip_tags(description), tool.integrations]
    return " ".join(part for part in parts + taxonomy_names if part)


def tool_index_refresh(*, tool: Tool) -> None:
    """Bring the catalogue's denormalised facet keys and search documents up to date."""
    keys = tool_facet_keys(tool)
    ToolFacet.objects.filter(tool=tool).exclude(key__in=keys).delete()
    existing = set(ToolFacet.objects.filter(tool=tool).values_list("key", flat=True))
    ToolFacet.objects.bulk_create(
        ToolFacet(tool=tool, key=key) for key in keys if key not in existing
    )
    if connection.vendor != "postgresql":
        return
    assignments, params = [], []
    for code, _name in settings.LANGUAGES:
        assignments.append(f"search_{_language_field(code)} = to_tsvector(%s::regconfig, %s)")
        params += [SEARCH_CONFIGS[code], _search_text(tool, code)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE tools_catalog_tool SET {', '.join(assignments)} WHERE id = %s",  # noqa: S608
            [*params, tool.pk],
        )


@transaction.atomic
def tool_save_toggle(*, user: User, tool: Tool) -> bool:
    """Save the tool for the officer, or unsave it if saved. Returns True when now saved."""
    deleted, _ = SavedTool.objects.filter(user=user, tool=tool).delete()
    if deleted:
        return False
    SavedTool.objects.create(user=user, tool=tool)
    return True


def feedback_post(*, tool: Tool, author: User, body: str) -> Feedback:
    return Feedback.objects.create(tool=tool, author=author, body=body)


def feedback_edit(*, feedback: Feedback, body: str) -> Feedback:
    feedback.body = body
    feedback.edited_at = timezone.now()
    feedback.save()
    return feedback


def feedback_delete(*, feedback: Feedback) -> None:
    feedback.delete()


def feedback_report(*, feedback: Feedback, reporter: User, reason: str) -> FeedbackReport:
    report, _ = FeedbackReport.objects.get_or_create(
        feedback=feedback, reporter=reporter, defaults={"reason": reason}
    )
    return report
