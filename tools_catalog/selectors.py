"""Reads of the tool catalogue: filters, search, facet counts and the fair order."""

import hashlib
import hmac
import sys
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value, Window
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import get_language

from hub.models import User

from .models import (
    SEARCH_CONFIGS,
    TAXONOMIES,
    Concern,
    SavedTool,
    Tool,
    ToolDecision,
    ToolFacet,
)

SORTS = ("shuffle", "name", "updated", "verified")
PAGE_SIZE = 20
TAXONOMY_CACHE_SECONDS = 300


def published_tools() -> QuerySet[Tool]:
    return Tool.objects.published()


def tool_for_officer(*, slug: str) -> Tool:
    """A published tool, or 404: nothing else is visible to officers anywhere."""
    return get_object_or_404(published_tools().select_related("provider", "maturity"), slug=slug)


# Taxonomy names -------------------------------------------------------------------------------------


def _taxonomy_version() -> int:
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
    key = f"catalogue:taxonomies:{_taxonomy_version()}:{language}"
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
    """The tools of ``qs`` matching the search text, as read in ``language``."""
    if connection.vendor == "postgresql":
        column = f"search_{language.replace('-', '_')}"
        query = SearchQuery(text, config=SEARCH_CONFIGS[language], search_type="websearch")
        return qs.filter(**{column: query})
    # A simpler match elsewhere: every word somewhere in the tool's text, in this language or English.
    suffix = language.replace("-", "_")
    for word in text.split()[:8]:
        match = Q(name__icontains=word) | Q(provider__name__icontains=word)
        for name in ("summary", "description"):
            match |= Q(**{f"{name}_{suffix}__icontains": word}) | Q(
                **{f"{name}_en__icontains": word}
            )
        qs = qs.filter(match)
    return qs


def fair_seed(user: User, day: date) -> str:
    """Stable for one person for one day, different between people: nobody can predict another's."""
    message = f"{user.pk}:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


# The fair order is a random permutation drawn from the seed: x -> (a*x + b) mod P, with P prime
# and 0 < a < P, is a bijection on ids below P, and a uniformly random b makes every tool equally
# likely to come first. It is cheap for the database (integer arithmetic, no hashing per row) and
# Python computes exactly the same order for lists already in memory.
FAIR_PRIME = 2_147_483_647  # 2**31 - 1; ids stay far below it, and a*x fits in 64 bits


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


def ordered_page(
    qs: QuerySet[Tool], *, sort: str, seed: str, number: int, per_page: int = PAGE_SIZE
) -> tuple[list[int], int, int]:
    """One page of ids in the chosen order, the total, and the page number actually shown.

    The total comes with the page (a window count) so a search runs once, not twice. A page past
    the end shows the last page.
    """
    counted = _ordered(qs, sort=sort, seed=seed).values_list("pk", Window(Count("pk")))
    start = (number - 1) * per_page
    rows = list(counted[start : start + per_page])
    if rows:
        return [pk for pk, _total in rows], rows[0][1], number
    total = qs.count() if number > 1 else 0
    last = max(1, -(-total // per_page))
    if total and number > last:
        rows = list(counted[(last - 1) * per_page : last * per_page])
        return [pk for pk, _total in rows], total, last
    return [], total, 1


# Facet counts ---------------------------------------------------------------------------------------


def _catalogue_version() -> str:
    # A random token rather than a counter: if the cache is emptied, no process can mistake a new
    # catalogue for the one its in-memory index was built from.
    return cache.get_or_set("catalogue:version", uuid.uuid4().hex, None)


def catalogue_changed() -> None:
    """Called whenever a tool, its facets or its status change: cached counts are read again."""
    cache.set("catalogue:version", uuid.uuid4().hex, None)


FACET_COUNTS_SECONDS = 600


def query_cache_key(query: CatalogueQuery, language: str, *, sort: bool = True) -> str:
    """A key for what depends only on the query, not on who asks; it changes with the catalogue."""
    state = [language, query.q.casefold(), query.sort if sort else ""]
    state += [f"{facet}={','.join(values)}" for facet, values in sorted(query.filters.items())]
    digest = hashlib.sha256("|".join(state).encode()).hexdigest()[:32]
    return f"{_catalogue_version()}:{digest}"


@dataclass
class CatalogueResults:
    ids: list[int]  # this page's tools, in order
    total: int
    number: int  # the page shown
    counts: dict[str, int]  # facet value -> how many matching tools carry it


def catalogue_results(
    qs: QuerySet[Tool], *, query: CatalogueQuery, language: str, seed: str
) -> CatalogueResults:
    """One page of matching tools, their total, and the facet counts of the whole match.

    Facet counts depend only on the query (not on who asks), so they are cached until the catalogue
    changes. With them cached, the database returns just the page and the total; without, it
    returns every matching id once, and the counts come from an in-memory index of every
    published tool's facet values (far cheaper than grouping facet rows in SQL).
    """
    key = f"catalogue:facets:{query_cache_key(query, language if query.q else '', sort=False)}"
    counts = cache.get(key)
    if counts is not None:
        ids, total, number = ordered_page(qs, sort=query.sort, seed=seed, number=query.page)
        return CatalogueResults(ids, total, number, counts)
    every_id = list(ordered(qs, sort=query.sort, seed=seed))
    index = _facet_index()
    counts = dict(Counter(chain.from_iterable(index.get(pk, ()) for pk in every_id)))
    cache.set(key, counts, FACET_COUNTS_SECONDS)
    total = len(every_id)
    number = min(query.page, max(1, -(-total // PAGE_SIZE)))
    start = (number - 1) * PAGE_SIZE
    return CatalogueResults(every_id[start : start + PAGE_SIZE], total, number, counts)


_FACET_INDEX: dict = {"version": None, "keys": {}}


def _facet_index() -> dict[int, tuple[str, ...]]:
    """tool id → its facet values, for every published tool; rebuilt when the catalogue changes."""
    version = _catalogue_version()
    if _FACET_INDEX["version"] != version:
        keys: dict[int, list[str]] = defaultdict(list)
        rows = ToolFacet.objects.filter(tool__status=Tool.Status.PUBLISHED).values_list(
            "tool_id", "key"
        )
        for tool_id, facet_key in rows.iterator(chunk_size=20_000):
            keys[tool_id].append(sys.intern(facet_key))
        _FACET_INDEX.update(version=version, keys={pk: tuple(v) for pk, v in keys.items()})
    return _FACET_INDEX["keys"]


def tools_in_order(ids: list[int]) -> list[Tool]:
    """The tools for ``ids`` in that order, with what a result card shows, in two queries."""
    tools = {
        tool.pk: tool
        for tool in Tool.objects.filter(pk__in=ids).select_related("provider", "maturity")
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
    return _facet_index()


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
