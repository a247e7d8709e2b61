"""Reads of the tool catalogue: filters, search, facet counts and the fair order."""

import hashlib
import hmac
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, QuerySet, Value
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import get_language

from hub.models import User

from . import index as catalogue_index
from .index import FAIR_PRIME, bitmap_of, catalogue_version
from .index import catalogue_changed as catalogue_changed  # where the hub's writers call it
from .models import (
    TAXONOMIES,
    Concern,
    SavedTool,
    Tool,
    ToolDecision,
    ToolFacet,
)
from .search import search_published

SORTS = ("shuffle", "name", "updated", "verified")
PAGE_SIZE = 20
TAXONOMY_CACHE_SECONDS = 300


def published_tools() -> QuerySet[Tool]:
    return Tool.objects.published()


def tool_for_officer(*, slug: str) -> Tool:
    """A published tool, or 404: nothing else is visible to officers anywhere."""
    return get_object_or_404(published_tools().select_related("provider", "maturity"), slug=slug)


# Taxonomy names -------------------------------------------------------------------------------------


def taxonomy_version() -> int:
    """Moves when staff change a taxonomy (its names, order or values)."""
    return cache.get_or_set("catalogue:taxonomy-version", 1, None)


def taxonomy_bump() -> None:
    """Called when staff change a taxonomy: every cached snapshot is read again."""
    try:
        cache.incr("catalogue:taxonomy-version")
    except ValueError:
        cache.set("catalogue:taxonomy-version", 2, None)


@dataclass(frozen=True)
class Term:
    id: int
    slug: str
    name: str
    description: str
    position: int

    @property
    def key(self) -> str:
        return str(self.id)


def taxonomy_snapshot(language: str | None = None) -> dict[str, list[Term]]:
    """Every taxonomy's values in the given language, cached: the catalogue reads it on every page."""
    language = language or get_language() or settings.LANGUAGE_CODE
    key = f"catalogue:taxonomies:{taxonomy_version()}:{language}"
    snapshot = cache.get(key)
    if snapshot is None:
        snapshot = {}
        with translation.override(language):
            for model in TAXONOMIES:
                snapshot[model.facet] = [
                    Term(item.pk, item.slug, item.name, item.description, item.position)
                    for item in model.objects.all()
                ]
        cache.set(key, snapshot, TAXONOMY_CACHE_SECONDS)
    return snapshot


def term_lookup(snapshot: dict[str, list[Term]]) -> dict[str, Term]:
    """ "facet:id" → Term, for rendering a tool's facet keys."""
    return {f"{facet}:{term.id}": term for facet, terms in snapshot.items() for term in terms}


# The query ------------------------------------------------------------------------------------------


@dataclass
class CatalogueQuery:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet -> facet-key values
    sort: str = "shuffle"
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.q or any(self.filters.values()))


def tools_search(qs: QuerySet[Tool], text: str, language: str) -> QuerySet[Tool]:
    """The tools of ``qs`` matching the search text in any language (see search.py)."""
    return qs.filter(pk__in=search_published(text, language).ids)


def fair_seed(user: User, day: date) -> str:
    """Stable for one person for one day, different between people: nobody can predict another's."""
    message = f"{user.pk}:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# The fair order is a random permutation drawn from the seed: x -> (a*x + b) mod P, with P prime
# and 0 < a < P, is a bijection on ids below P, and a uniformly random b makes every tool equally
# likely to come first. It is cheap for the database (integer arithmetic, no hashing per row) and
# Python computes exactly the same order for lists already in memory.


def fair_parameters(seed: str) -> tuple[int, int]:
    a = 1 + int(seed[:12], 16) % (FAIR_PRIME - 1)
    b = int(seed[12:24], 16) % FAIR_PRIME
    return a, b


def fair_order(ids: list[int], *, seed: str) -> list[int]:
    """A shuffle of ``ids`` that depends only on the seed; the same order :func:`ordered` gives."""
    a, b = fair_parameters(seed)
    return sorted(ids, key=lambda pk: (a * pk + b) % FAIR_PRIME)


def fair_key(seed: str):
    a, b = fair_parameters(seed)
    return (F("pk") * Value(a) + Value(b)) % Value(FAIR_PRIME)


def ordered(qs: QuerySet[Tool], *, sort: str, seed: str) -> QuerySet:
    """The matching tools' ids in the chosen order, sorted by the database.

    The default is the fair shuffle; an explicit sort breaks its ties with the fair shuffle too, so
    nothing a provider controls (such as a name starting with "A") decides who is seen first
    among equals beyond the officer's own choice.
    """
    return _ordered(qs, sort=sort, seed=seed).values_list("pk", flat=True)


def _ordered(qs: QuerySet[Tool], *, sort: str, seed: str) -> QuerySet[Tool]:
    shuffle = fair_key(seed).asc()
    orders = {
        "shuffle": [shuffle],
        "name": [Lower("name").asc(), shuffle],
        "updated": [F("updated_at").desc(), shuffle],
        "verified": [F("last_verified_at").desc(nulls_last=True), shuffle],
    }
    # Plain ids: none of the translated fields is read (modeltranslation's rewriting costs time).
    return qs.rewrite(False).order_by(*orders[sort])


# Results and facet counts ---------------------------------------------------------------------------


def query_cache_key(query: CatalogueQuery, language: str, *, sort: bool = True) -> str:
    """A key for what depends only on the query, not on who asks; it changes with the catalogue."""
    state = [language, query.q.casefold(), query.sort if sort else ""]
    state += [f"{facet}={','.join(values)}" for facet, values in sorted(query.filters.items())]
    digest = hashlib.sha256("|".join(state).encode()).hexdigest()[:32]
    return f"{catalogue_version()}:{digest}"


def cards_cache_key(ids: list[int], saved: set[int], language: str) -> str:
    """A key for a page's result cards: these tools as the catalogue has them now, which of them
    the officer saved, and the language; the taxonomies as they are now (a card lists its terms
    in their order)."""
    state = [
        language,
        ",".join(map(str, ids)),
        ",".join(str(pk) for pk in ids if pk in saved),
    ]
    digest = hashlib.sha256("|".join(state).encode()).hexdigest()[:32]
    return f"{catalogue_version()}:{taxonomy_version()}:{digest}"


@dataclass
class CatalogueResults:
    ids: list[int]  # this page's tools, in order
    total: int
    number: int  # the page shown
    counts: dict[str, int]  # facet value -> how many tools it matches (its own facet left out)


def catalogue_results(
    *, query: CatalogueQuery, language: str, seed: str, per_page: int = PAGE_SIZE
) -> CatalogueResults:
    """One page of matching tools, their total, and the facet counts, from the in-memory index.

    The database is asked only for the search (when there is one) and, later, for the page's
    tools. A page past the end shows the last page.
    """
    index = catalogue_index.current()
    within, preferred = _searched(index, query.q, language)
    match = index.matching(query.filters, within)
    total = match.bit_count()
    number = min(query.page, max(1, -(-total // per_page)))
    start = (number - 1) * per_page
    ids = _first(index, match, preferred, sort=query.sort, seed=seed, count=start + per_page)
    counts = index.counts(query.filters, within)
    return CatalogueResults(ids[start:], total, number, counts)


def catalogue_ids(*, query: CatalogueQuery, language: str, seed: str) -> list[int]:
    """Every matching tool, in the page's order (for the export)."""
    index = catalogue_index.current()
    within, preferred = _searched(index, query.q, language)
    match = index.matching(query.filters, within)
    return _first(index, match, preferred, sort=query.sort, seed=seed, count=match.bit_count())


@dataclass(frozen=True)
class _Search:
    epoch: object
    steps: int
    found: int  # bitmaps: every match, and the matches in the reader's language
    preferred: int


# Recent searches and what they found, per process. Each is brought up to date with the catalogue
# by searching again among the tools changed since (CatalogueIndex.changed_since), not all tools.
_SEARCHES: OrderedDict[tuple[str, str], _Search] = OrderedDict()
_SEARCHES_KEPT = 256
_SEARCHES_LOCK = threading.Lock()


def _searched(index, text: str, language: str) -> tuple[int | None, int | None]:
    """Bitmaps of the tools matching the search and of those matching in ``language``, or
    (None, None) without a search."""
    if not text:
        return None, None
    key = (language, " ".join(text.split()))
    with _SEARCHES_LOCK:
        known = _SEARCHES.get(key)
    changed = index.changed_since(known.epoch, known.steps) if known else None
    if known is not None and changed is not None:
        found, preferred = known.found, known.preferred
        if changed:
            again = search_published(text, language, among=changed)
            stale = ~bitmap_of(changed)
            found = found & stale | bitmap_of(again.ids)
            preferred = preferred & stale | bitmap_of(again.preferred)
    else:
        again = search_published(text, language)
        found, preferred = bitmap_of(again.ids), bitmap_of(again.preferred)
    with _SEARCHES_LOCK:
        _SEARCHES[key] = _Search(index.epoch, index.steps, found, preferred)
        _SEARCHES.move_to_end(key)
        while len(_SEARCHES) > _SEARCHES_KEPT:
            _SEARCHES.popitem(last=False)
    return found, preferred


def _first(index, match: int, preferred: int | None, *, sort: str, seed: str, count: int):
    """The first ``count`` of ``match`` in order; with a search, those found in the officer's
    own language first, then the others, each part in the chosen order."""
    fair = fair_parameters(seed)
    if preferred is None:
        return index.first(match, sort=sort, fair=fair, count=count)
    ids = index.first(match & preferred, sort=sort, fair=fair, count=count)
    return ids + index.first(match & ~preferred, sort=sort, fair=fair, count=count - len(ids))


# What no card, row or export shows: the search documents and the long descriptions (in every
# language), the largest columns by far; left unread unless something asks for them.
CARD_UNUSED = [
    field.name
    for field in Tool._meta.concrete_fields
    if field.name.startswith(("search_", "description"))
]


def tools_in_order(ids: list[int]) -> list[Tool]:
    """The tools for ``ids`` in that order, with what a result card shows, in two queries."""
    tools = {
        tool.pk: tool
        for tool in Tool.objects.filter(pk__in=ids)
        .defer(*CARD_UNUSED)
        .select_related("provider", "maturity")
    }
    keys = defaultdict(list)
    for tool_id, key in ToolFacet.objects.filter(tool_id__in=ids).values_list("tool_id", "key"):
        keys[tool_id].append(key)
    ordered = []
    for pk in ids:
        if pk in tools:
            tools[pk].facet_key_list = keys[pk]
            ordered.append(tools[pk])
    return ordered


def tools_with_any_key(qs: QuerySet[Tool], keys) -> QuerySet[Tool]:
    """The tools of ``qs`` that carry at least one of the facet keys ("facet:value")."""
    return qs.filter(pk__in=ToolFacet.objects.filter(key__in=sorted(keys)).values("tool_id"))


def tool_and_provider_names(ids) -> dict[int, tuple[str, str]]:
    """tool id → (its name, its provider's name), for those of ``ids`` that exist (one query)."""
    rows = (
        Tool.objects.filter(pk__in=ids).rewrite(False).values_list("pk", "name", "provider__name")
    )
    return {pk: (name, provider) for pk, name, provider in rows}


@dataclass
class ToolRow:
    """A tool with the names of its taxonomy values, facet by facet, in list order."""

    tool: Tool
    terms: dict[str, list[Term]]

    def names(self, facet: str) -> str:
        return ", ".join(term.name for term in self.terms.get(facet, []))


def tool_rows(tools: list[Tool], snapshot: dict[str, list[Term]]) -> list[ToolRow]:
    """Rows for tools loaded with :func:`tools_in_order` (they carry their facet keys)."""
    lookup = term_lookup(snapshot)
    rows = []
    for tool in tools:
        terms: dict[str, list[Term]] = {}
        for key in getattr(tool, "facet_key_list", []):
            term = lookup.get(key)
            if term is not None:
                terms.setdefault(key.split(":", 1)[0], []).append(term)
        for facet_terms in terms.values():
            facet_terms.sort(key=lambda term: (term.position, term.name))
        rows.append(ToolRow(tool=tool, terms=terms))
    return rows


def saved_tool_ids(user: User) -> set[int]:
    return set(SavedTool.objects.filter(user=user).values_list("tool_id", flat=True))


# How many tools the compare page sets side by side; more would not fit a screen.
COMPARE_MAX = 4


def compare_tools(slugs: list[str]) -> list[Tool]:
    """Two to four published tools, in the order asked; 404 if any is not visible."""
    slugs = list(dict.fromkeys(slugs))[:COMPARE_MAX]
    tools = {
        tool.slug: tool
        for tool in published_tools()
        .filter(slug__in=slugs)
        .select_related("provider", "maturity")
        .prefetch_related("training_links")
    }
    if len(tools) != len(slugs):
        raise Http404
    ordered = [tools[slug] for slug in slugs]
    keys = defaultdict(list)
    for tool_id, key in ToolFacet.objects.filter(tool__slug__in=slugs).values_list(
        "tool_id", "key"
    ):
        keys[tool_id].append(key)
    for tool in ordered:
        tool.facet_key_list = keys[tool.pk]
    return ordered


def facet_index() -> dict[int, tuple[str, ...]]:
    """tool id → facet keys of every published tool, from memory (for the selection wizard).

    The same mapping object is returned until the catalogue changes, so callers may memoise what
    they derive from it by its identity.
    """
    return catalogue_index.current().keys


# Concerns and decisions -----------------------------------------------------------------------------

WITHDRAWN = (Tool.Status.SUSPENDED, Tool.Status.REMOVED)


def concerns_of_reporter(user: User) -> QuerySet[Concern]:
    """The member's own reports, newest first, with what they may see of each (no staff notes)."""
    return (
        Concern.objects.filter(reporter=user)
        .select_related("tool")
        .only(
            "id", "category", "status", "created_at", "status_changed_at", "reporter_id",
            "tool__id", "tool__name", "tool__slug", "tool__status",
        )
        .order_by("-created_at", "-pk")
    )  # fmt: skip


def _current(decisions: QuerySet[ToolDecision]) -> QuerySet[ToolDecision]:
    """Only each tool's latest decision (decisions on one tool are made one at a time, under a
    lock on the tool, so a later decision has a higher id)."""
    later = ToolDecision.objects.filter(tool=OuterRef("tool"), pk__gt=OuterRef("pk"))
    return decisions.exclude(Exists(later))


def removal_log() -> QuerySet[ToolDecision]:
    """Tools out of the hub now, each with the decision that took it out, newest first.

    Removed tools, and suspended ones (marked as such: they may come back). A reinstated tool is
    in the catalogue again, so it leaves the log.
    """
    return (
        _current(ToolDecision.objects.filter(action__in=[ToolDecision.Action.SUSPEND,
                                                         ToolDecision.Action.REMOVE]))
        .filter(tool__status__in=WITHDRAWN)
        .select_related("tool", "tool__provider")
        .only(
            "id", "action", "summary", "guidance", "decided_at", "tool__id", "tool__name",
            "tool__slug", "tool__status", "tool__provider__id", "tool__provider__name",
        )
        .order_by("-decided_at", "-pk")
    )  # fmt: skip


def withdrawal_decisions(tool_ids) -> dict[int, ToolDecision]:
    """tool id → the decision that suspended or removed it, for those of ``tool_ids`` that are
    out of the hub now (one query)."""
    ids = {pk for pk in tool_ids if pk}
    if not ids:
        return {}
    decisions = removal_log().filter(tool_id__in=ids)
    return {decision.tool_id: decision for decision in decisions}


def withdrawn_tool(*, slug: str) -> ToolDecision | None:
    """The decision behind a suspended or removed tool's page, or None if there is none."""
    return removal_log().filter(tool__slug=slug).first()
