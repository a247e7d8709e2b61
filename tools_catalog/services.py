"""Writes of the tool catalogue."""

from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags

from hub.audit.services import audit_record
from hub.core.idempotency import creates_once
from hub.models import AuditEvent, Organisation, User

from .models import (
    SEARCH_CONFIGS,
    TAXONOMIES,
    Concern,
    Feedback,
    FeedbackReport,
    SavedTool,
    Tool,
    ToolFacet,
)
from .search import CJK_FUNCTION, with_cjk_pairs
from .selectors import catalogue_changed

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
        keys += [f"{facet}:{item.pk}" for item in getattr(tool, field).all()]
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
    tool = (
        Tool.objects.select_related("provider")
        .prefetch_related(*TAXONOMY_FIELDS.values())
        .get(pk=tool.pk)
    )
    keys = tool_facet_keys(tool)
    ToolFacet.objects.filter(tool=tool).exclude(key__in=keys).delete()
    existing = set(ToolFacet.objects.filter(tool=tool).values_list("key", flat=True))
    ToolFacet.objects.bulk_create(
        ToolFacet(tool=tool, key=key) for key in keys if key not in existing
    )
    if connection.vendor == "postgresql":
        assignments, params = [], []
        for code, _name in settings.LANGUAGES:
            assignments.append(f"search_{_language_field(code)} = to_tsvector(%s::regconfig, %s)")
            params += [SEARCH_CONFIGS[code], with_cjk_pairs(_search_text(tool, code))]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE tools_catalog_tool SET {', '.join(assignments)} WHERE id = %s",  # noqa: S608
                [*params, tool.pk],
            )
    catalogue_changed([tool.pk])


@transaction.atomic
def tool_save_toggle(*, user: User, tool: Tool) -> bool:
    """Save the tool for the officer, or unsave it if saved. Returns True when now saved."""
    deleted, _ = SavedTool.objects.filter(user=user, tool=tool).delete()
    if deleted:
        return False
    SavedTool.objects.create(user=user, tool=tool)
    return True


@creates_once
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


@transaction.atomic
@creates_once
def concern_report(
    *,
    tool: Tool,
    reporter: User,
    category: str,
    description: str,
    evidence_links: list[str],
    request: HttpRequest | None = None,
) -> Concern:
    """An officer (or staff) reports a concern about a tool; staff find it in the admin."""
    concern = Concern.objects.create(
        tool=tool,
        reporter=reporter,
        category=category,
        description=description,
        evidence_links=list(evidence_links),
    )
    audit_record(
        event=AuditEvent.Event.CONCERN,
        actor=reporter,
        target=concern,
        request=request,
        change="reported",
        tool=tool.pk,
        category=category,
    )
    return concern


# A tag in sanitised rich text (quoted attribute values may hold ">"); bleach escapes any other "<".
_SQL_TAG_PATTERN = r"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>"""


def tools_index_refresh_all() -> None:
    """``tool_index_refresh`` for every tool at once, in a few set-based queries.

    For bulk loads (benchmarks, imports) and repairs: the facet keys come from a handful of reads
    and one diff against the existing rows; on PostgreSQL the six search documents are rebuilt by
    one UPDATE that assembles the same text as ``_search_text`` in SQL.
    """
    wanted: dict[int, set[str]] = defaultdict(set)
    rows = Tool.objects.values_list(
        "pk", "maturity_id", "region", "provider__type", "interface_languages", "analysis_languages"
    )
    for pk, maturity_id, region, provider_type, interface, analysis in rows.iterator(2000):
        keys = wanted[pk]
        if maturity_id:
            keys.add(f"maturity:{maturity_id}")
        if region:
            keys.add(f"region:{region}")
        keys.add(f"ptype:{provider_type}")
        keys.update(f"ilang:{code}" for code in interface)
        keys.update(f"alang:{code}" for code in analysis)
    for facet, name in TAXONOMY_FIELDS.items():
        m2m = Tool._meta.get_field(name)
        pairs = m2m.remote_field.through.objects.values_list(
            m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        )
        for tool_id, value_id in pairs.iterator(5000):
            wanted[tool_id].add(f"{facet}:{value_id}")

    with transaction.atomic():
        stale = []
        existing = ToolFacet.objects.values_list("pk", "tool_id", "key")
        for pk, tool_id, key in existing.iterator(5000):
            keys = wanted.get(tool_id)
            if keys is not None and key in keys:
                keys.discard(key)  # already there: what is left in ``wanted`` is missing
            else:
                stale.append(pk)
        for start in range(0, len(stale), 1000):
            ToolFacet.objects.filter(pk__in=stale[start : start + 1000]).delete()
        missing = (ToolFacet(tool_id=pk, key=key) for pk, keys in wanted.items() for key in keys)
        ToolFacet.objects.bulk_create(missing, batch_size=1000)
        if connection.vendor == "postgresql":
            _search_documents_refresh_all()
        catalogue_changed()


def _search_documents_refresh_all() -> None:
    """Every search document in one UPDATE (one new row version per tool, not one per language).

    The text is ``_search_text``'s, assembled by the database: name, provider, summary and
    description (falling back to English), integrations, then the taxonomy names in list order,
    aggregated once per taxonomy for all tools and languages.
    """
    fields = [_language_field(code) for code, _name in settings.LANGUAGES]
    ctes, columns, joins = [], [], []
    for model in TAXONOMIES:
        related = TAXONOMY_FIELDS.get(model.facet)
        if not related:
            continue
        m2m = Tool._meta.get_field(related)
        names = ", ".join(
            f"string_agg(COALESCE(NULLIF(v.name_{field}, ''), NULLIF(v.name_en, '')), ' '"
            f" ORDER BY v.position, v.slug) AS {field}"
            for field in fields
        )
        ctes.append(
            f"names_{model.facet} AS (SELECT x.{m2m.m2m_column_name()} AS tool_id, {names}"  # noqa: S608
            f" FROM {m2m.m2m_db_table()} AS x JOIN {model._meta.db_table} AS v"
            f" ON v.id = x.{m2m.m2m_reverse_name()} GROUP BY 1)"
        )
        columns += [f"names_{model.facet}.{field} AS {model.facet}_{field}" for field in fields]
        joins.append(f"LEFT JOIN names_{model.facet} ON names_{model.facet}.tool_id = tt.id")
    assignments, params = [], []
    for code, _name in settings.LANGUAGES:
        field = _language_field(code)
        parts = [
            "NULLIF(t.name, '')",
            "NULLIF(d.provider_name, '')",
            f"COALESCE(NULLIF(t.summary_{field}, ''), NULLIF(t.summary_en, ''))",
            f"NULLIF(regexp_replace(COALESCE(NULLIF(t.description_{field}, ''),"
            f" t.description_en, ''), %s, '', 'g'), '')",
            "NULLIF(t.integrations, '')",
            *(f"d.{model.facet}_{field}" for model in TAXONOMIES if model.facet in TAXONOMY_FIELDS),
        ]
        text = f"concat_ws(' ', {', '.join(parts)})"
        assignments.append(f"search_{field} = to_tsvector(%s::regconfig, {CJK_FUNCTION}({text}))")
        params += [SEARCH_CONFIGS[code], _SQL_TAG_PATTERN]
    tool_table = Tool._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {', '.join(ctes)} UPDATE {tool_table} AS t SET {', '.join(assignments)}"  # noqa: S608
            f" FROM (SELECT tt.id, o.name AS provider_name, {', '.join(columns)}"
            f" FROM {tool_table} AS tt JOIN {Organisation._meta.db_table} AS o"
            f" ON o.id = tt.provider_id {' '.join(joins)}) AS d WHERE d.id = t.id",
            params,
        )
