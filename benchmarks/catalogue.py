"""The catalogue's pages: first page, three facets, full-text search, a tool's page, compare of four.

Inputs vary between requests (another facet combination, search word or tool) and are drawn from
the data so that every request finds something: an empty result would skip queries and flatter
the numbers.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .data import LANGUAGE_SEARCH_WORDS, SEARCH_WORDS
from .registry import BenchContext, page, scenario

SUITE = "catalogue"
SAMPLE = 500


@dataclass(frozen=True)
class CatalogueInputs:
    tool_slugs: list[str]  # published tools with visible feedback, shuffled
    facet_triples: list[tuple[str, str, str]]  # (purpose, media, deployment) slugs of a real tool
    search_words: list[str]  # words that occur in the tools' texts


def inputs(ctx: BenchContext) -> CatalogueInputs:
    return ctx.memo(SUITE, lambda: _inputs_from_database(ctx))


def _inputs_from_database(ctx: BenchContext) -> CatalogueInputs:
    from tools_catalog.models import DeploymentOption, Feedback, MediaType, Purpose, Tool

    rng = ctx.rng
    with_feedback = sorted(
        set(
            Feedback.objects.filter(is_hidden=False, tool__status=Tool.Status.PUBLISHED)
            .values_list("tool_id", flat=True)
            .distinct()
        )
    )
    sample = rng.sample(with_feedback, min(SAMPLE, len(with_feedback)))
    slugs = dict(Tool.objects.filter(pk__in=sample).values_list("pk", "slug"))
    tool_slugs = [slugs[pk] for pk in sample]

    triples = []
    related = [
        (Purpose, "purposes"),
        (MediaType, "media_types"),
        (DeploymentOption, "deployment_options"),
    ]
    chosen: list[dict[int, list[str]]] = []
    for model, field in related:
        names = dict(model.objects.values_list("pk", "slug"))
        through = Tool._meta.get_field(field).remote_field.through
        target = f"{Tool._meta.get_field(field).m2m_reverse_field_name()}_id"
        per_tool: dict[int, list[str]] = {}
        for tool_id, value in through.objects.filter(tool_id__in=sample).values_list(
            "tool_id", target
        ):
            per_tool.setdefault(tool_id, []).append(names[value])
        chosen.append(per_tool)
    for pk in sample:
        values = [sorted(per_tool.get(pk, [])) for per_tool in chosen]
        if all(values):
            triples.append(tuple(rng.choice(v) for v in values))

    published = Tool.objects.published()
    words = [w for w in SEARCH_WORDS if published.filter(summary_en__icontains=w).exists()]
    rng.shuffle(words)
    return CatalogueInputs(tool_slugs, triples, words)


def _cycle(items: list, i: int):
    if not items:
        raise LookupError("The bench data has nothing to ask for here.")
    return items[i % len(items)]


@page("catalogue_first_page", "Catalogue, first page", suite=SUITE)
def catalogue_first_page(ctx: BenchContext, i: int) -> str:
    return reverse("tools:catalogue")


@page("catalogue_three_facets", "Catalogue, three facets", suite=SUITE)
def catalogue_three_facets(ctx: BenchContext, i: int) -> str:
    purpose, media, deployment = _cycle(inputs(ctx).facet_triples, i)
    query = urlencode({"purpose": purpose, "media": media, "deployment": deployment})
    return f"{reverse('tools:catalogue')}?{query}"


@page("catalogue_search", "Search (en)", suite=SUITE)
def catalogue_search(ctx: BenchContext, i: int) -> str:
    word = _cycle(inputs(ctx).search_words, i)
    return f"{reverse('tools:catalogue')}?{urlencode({'q': word})}"


def _search_in(language: str):
    """A search typed by an officer who reads the hub in ``language``."""

    def found(ctx: BenchContext) -> list[str]:
        """The words some tool's summary in ``language`` holds: an empty result would flatter."""
        from tools_catalog.models import Tool

        published = Tool.objects.published()
        lookup = f"summary_{language.replace('-', '_')}__icontains"
        return [
            w for w in LANGUAGE_SEARCH_WORDS[language] if published.filter(**{lookup: w}).exists()
        ]

    def prepare(ctx: BenchContext, i: int) -> str:
        word = _cycle(ctx.memo(f"{SUITE}:words:{language}", lambda: found(ctx)), i)
        return f"{reverse('tools:catalogue')}?{urlencode({'q': word})}"

    def run(ctx: BenchContext, i: int):
        ctx.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        try:
            return ctx.client.get(ctx.prepared)
        finally:
            del ctx.client.cookies[settings.LANGUAGE_COOKIE_NAME]

    label = language.split("-")[0]
    scenario(f"catalogue_search_{label}", f"Search ({label})", suite=SUITE, prepare=prepare)(run)


for _language in LANGUAGE_SEARCH_WORDS:
    _search_in(_language)


@page("catalogue_sorted", "Sorted (name, updated, verified)", suite=SUITE)
def catalogue_sorted(ctx: BenchContext, i: int) -> str:
    sort = ("name", "updated", "verified")[i % 3]
    return f"{reverse('tools:catalogue')}?{urlencode({'sort': sort})}"


@page("catalogue_page_50", "Page 50", suite=SUITE)
def catalogue_page_50(ctx: BenchContext, i: int) -> str:
    return f"{reverse('tools:catalogue')}?page=50"


@page("tool_page", "Tool page", suite=SUITE)
def tool_page(ctx: BenchContext, i: int) -> str:
    return reverse("tools:detail", args=[_cycle(inputs(ctx).tool_slugs, i)])


@page("compare_four", "Compare of four", suite=SUITE)
def compare_four(ctx: BenchContext, i: int) -> str:
    slugs = inputs(ctx).tool_slugs
    if len(slugs) < 4:
        raise LookupError("Compare needs four tools with feedback.")
    start = (4 * i) % len(slugs)
    chosen = [slugs[(start + k) % len(slugs)] for k in range(4)]
    return f"{reverse('tools:compare')}?{urlencode([('tool', slug) for slug in chosen])}"
