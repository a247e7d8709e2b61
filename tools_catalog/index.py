"""The catalogue's index of published tools, held in each process's memory.

For every published tool it keeps its facet values and what the orders sort by; for every facet
value, the set of tools carrying it as a bitmap (a Python integer, bit ``pk`` set). Filtering is a
few ANDs and ORs of bitmaps, a facet count is one AND and a popcount, and a page of the fair shuffle
is the smallest keys of the matching tools: no request walks the facet rows in SQL.

Processes keep their indexes current through the shared catalogue version (in the cache) and the
change log (:class:`~tools_catalog.models.CatalogueChange`): a writer logs which tools it changed
and moves the version on; a process that finds the version moved reads the changes after the last
one it applied and re-reads only those tools. A process too far behind, or a change that does not
name its tools, rebuilds the index from the database.
"""

import heapq
import sys
import threading
import time
import uuid
from bisect import bisect_left, insort
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal

from .models import CatalogueChange, Tool, ToolFacet

VERSION_KEY = "catalogue:version"
# A process more changes behind than this rebuilds its index rather than replaying them.
CATCH_UP_MAX = 500
# How many changes the log keeps; older ones are deleted as new ones arrive.
LOG_KEEP = 5_000
# A change id skipped in the log (its transaction had not committed yet when the log was read) is
# looked for again on each catch-up, until it shows up or this many seconds have passed (its
# transaction rolled back).
GAP_SECONDS = 600

# How many updates an index remembers the changed tools of (CatalogueIndex.changed_since).
JOURNAL_KEPT = 100
# The fair order's modulus (selectors.fair_parameters): 2**31 - 1, prime; ids stay far below it,
# and a*x fits in 64 bits for the database.
FAIR_PRIME = 2_147_483_647


# Sent with ``tool_ids`` (None: any tool may have changed) once the transaction that changed the
# catalogue has committed; re-exported by signals.py, where the parts built on the catalogue find it.
tools_changed = Signal()


def catalogue_version() -> str:
    """The shared version: a random token, then "." and the last change logged when it moved.

    Random rather than a counter: if the cache is emptied, no process can mistake a new catalogue
    for the one its in-memory index was built from; a token without a change (made afresh after
    the cache was emptied) tells every process to rebuild.
    """
    return cache.get_or_set(VERSION_KEY, uuid.uuid4().hex, None)


def _version_bump(change: int) -> None:
    cache.set(VERSION_KEY, f"{uuid.uuid4().hex}.{change}", None)


def _change_of(version: str) -> int | None:
    change = version.partition(".")[2]
    return int(change) if change.isdigit() else None


def catalogue_changed(tool_ids: Iterable[int] | None = None) -> None:
    """Record that these tools changed (None: that anything may have), for every process.

    The log rows are written in the caller's transaction, so they exist exactly when the change
    does. The version moves now (this connection already sees the change) and again after commit
    (when every other process can see it too).
    """
    ids = sorted({int(pk) for pk in tool_ids if pk}) if tool_ids is not None else [None]
    if not ids:
        return
    rows = CatalogueChange.objects.bulk_create([CatalogueChange(tool_id=pk) for pk in ids])
    last = max((row.pk for row in rows if row.pk), default=0)
    if last and last // 100 != (last - len(rows)) // 100:  # now and then, forget old changes
        CatalogueChange.objects.filter(pk__lte=last - LOG_KEEP).delete()
    _version_bump(last)
    transaction.on_commit(lambda: _version_bump(last))
    changed = None if ids == [None] else ids
    transaction.on_commit(lambda: tools_changed.send(sender=CatalogueChange, tool_ids=changed))


# Bitmaps ---------------------------------------------------------------------------------------------

_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def bitmap_of(ids: Iterable[int]) -> int:
    ids = list(ids)
    if not ids:
        return 0
    data = bytearray((max(ids) >> 3) + 1)
    for pk in ids:
        data[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(data, "little")


def ids_of(bitmap: int) -> list[int]:
    """The ids in ``bitmap``, ascending."""
    ids: list[int] = []
    data = bitmap.to_bytes((bitmap.bit_length() + 7) >> 3, "little")
    for position, byte in enumerate(data):
        if byte:
            base = position << 3
            ids += [base + bit for bit in _BITS[byte]]
    return ids


def _membership(bitmap: int) -> Callable[[int], bool]:
    data = bitmap.to_bytes((bitmap.bit_length() + 7) >> 3, "little")
    size = len(data)

    def member(pk: int) -> bool:
        position = pk >> 3
        return position < size and bool(data[position] >> (pk & 7) & 1)

    return member


# The index -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What the index holds about one published tool."""

    keys: tuple[str, ...]
    name: str  # case-folded, for the name order
    updated: float  # timestamps, for the "last updated" and "last verified" orders
    verified: float | None

    def sort_keys(self, pk: int) -> dict[str, tuple]:
        return {sort: self.sort_key(sort, pk) for sort in SORTED}

    def sort_key(self, sort: str, pk: int) -> tuple:
        if sort == "name":
            return (self.name, pk)
        if sort == "updated":
            return (-self.updated, pk)
        return (0, -self.verified, pk) if self.verified is not None else (1, 0.0, pk)


SORTED = ("name", "updated", "verified")
# A match this many times smaller than the catalogue is ordered by itself (CatalogueIndex.first).
SPARSE = 8


class CatalogueIndex:
    """An immutable snapshot: a change makes a new one, so a reader never sees half an update."""

    def __init__(
        self,
        entries: dict[int, Entry],
        postings: dict[str, int],
        published: int,
        sorted_lists: dict[str, list[tuple]],
        *,
        journal: tuple[frozenset[int], ...] = (),
        epoch: object | None = None,
        steps: int = 0,
    ):
        self.entries = entries
        self.postings = postings
        self.published = published
        self.sorted_lists = sorted_lists
        # Which tools each update since the last rebuild changed (the latest JOURNAL_KEPT), so
        # what was derived from an earlier snapshot can be brought up to date tool by tool.
        self.epoch = epoch if epoch is not None else object()
        self.steps = steps
        self.journal = journal
        by_facet: dict[str, list[str]] = defaultdict(list)
        for key in postings:
            by_facet[key.partition(":")[0]].append(key)
        self.facet_keys = dict(by_facet)

    @cached_property
    def keys(self) -> dict[int, tuple[str, ...]]:
        """tool id → its facet keys (made once per snapshot, when first asked for)."""
        return {pk: entry.keys for pk, entry in self.entries.items()}

    @classmethod
    def build(cls, entries: dict[int, Entry]) -> "CatalogueIndex":
        members: dict[str, list[int]] = defaultdict(list)
        for pk, entry in entries.items():
            for key in entry.keys:
                members[key].append(pk)
        postings = {key: bitmap_of(ids) for key, ids in members.items()}
        sorted_lists = {
            sort: sorted(entry.sort_keys(pk)[sort] for pk, entry in entries.items())
            for sort in SORTED
        }
        return cls(entries, postings, bitmap_of(entries), sorted_lists)

    def updated(self, changed: dict[int, Entry | None]) -> "CatalogueIndex":
        """A new index with these tools replaced (None: no longer published)."""
        entries = dict(self.entries)
        postings = dict(self.postings)
        published = self.published
        sorted_lists = {sort: list(items) for sort, items in self.sorted_lists.items()}
        for pk, entry in changed.items():
            old = entries.pop(pk, None)
            bit = 1 << pk
            if old is not None:
                published &= ~bit
                for key in old.keys:
                    postings[key] &= ~bit
                    if not postings[key]:
                        del postings[key]
                for sort, item in old.sort_keys(pk).items():
                    items = sorted_lists[sort]
                    del items[bisect_left(items, item)]
            if entry is not None:
                entries[pk] = entry
                published |= bit
                for key in entry.keys:
                    postings[key] = postings.get(key, 0) | bit
                for sort, item in entry.sort_keys(pk).items():
                    insort(sorted_lists[sort], item)
        return CatalogueIndex(
            entries,
            postings,
            published,
            sorted_lists,
            journal=(*self.journal, frozenset(changed))[-JOURNAL_KEPT:],
            epoch=self.epoch,
            steps=self.steps + 1,
        )

    def changed_since(self, epoch: object, steps: int) -> frozenset[int] | None:
        """The tools changed since the snapshot (``epoch``, ``steps``); None if unknown (the
        index was rebuilt since, or the journal no longer reaches back that far)."""
        behind = self.steps - steps
        if epoch is not self.epoch or behind < 0 or behind > len(self.journal):
            return None
        return (
            frozenset().union(*self.journal[len(self.journal) - behind :])
            if behind
            else frozenset()
        )

    # Reading -------------------------------------------------------------------------------------

    def matching(self, filters: dict[str, list[str]], within: int | None = None) -> int:
        """The tools that match every facet's choice (any chosen value within a facet)."""
        match = self.published if within is None else self.published & within
        for facet, values in filters.items():
            if values:
                match &= self._any_of(facet, values)
        return match

    def _any_of(self, facet: str, values: list[str]) -> int:
        union = 0
        for value in values:
            union |= self.postings.get(f"{facet}:{value}", 0)
        return union

    def counts(self, filters: dict[str, list[str]], within: int | None = None) -> dict[str, int]:
        """How many tools each facet value would match, as "facet:value" → count.

        A facet's own choice is left out when its values are counted (OR within a facet, AND
        across facets): ticking one purpose still shows how many tools each other purpose adds.
        """
        base = self.published if within is None else self.published & within
        chosen = {facet: self._any_of(facet, values) for facet, values in filters.items() if values}
        everything = base
        for union in chosen.values():
            everything &= union
        counts: dict[str, int] = {}
        for facet, keys in self.facet_keys.items():
            scope = everything
            if facet in chosen:
                scope = base
                for other, union in chosen.items():
                    if other != facet:
                        scope &= union
            if not scope:
                continue
            for key in keys:
                count = (self.postings[key] & scope).bit_count()
                if count:
                    counts[key] = count
        return counts

    def first(self, match: int, *, sort: str, fair: tuple[int, int], count: int) -> list[int]:
        """The first ``count`` tools of ``match`` in the chosen order.

        The fair shuffle is a permutation of ids (``selectors.fair_order``); the other orders
        break their ties with it, so among equals nobody is favoured.
        """
        a, b = fair

        def shuffled(pk: int) -> int:
            return (a * pk + b) % FAIR_PRIME

        if count <= 0 or not match:
            return []
        if sort not in self.sorted_lists:
            return self._first_shuffled(match, fair, count)
        if match.bit_count() * SPARSE < len(self.entries):
            # Few matches: order them, rather than walk the whole sorted list looking for them.
            entries = self.entries

            def key(pk: int) -> tuple:
                return (*entries[pk].sort_key(sort, pk)[:-1], shuffled(pk))

            return heapq.nsmallest(count, ids_of(match), key=key)
        member = _membership(match)
        found: list[int] = []
        tied: list[int] = []
        last = None
        for item in self.sorted_lists[sort]:
            pk = item[-1]
            if not member(pk):
                continue
            if item[:-1] != last:
                found += sorted(tied, key=shuffled)
                tied = []
                if len(found) >= count:
                    break
                last = item[:-1]
            tied.append(pk)
        found += sorted(tied, key=shuffled)
        return found[:count]

    def _first_shuffled(self, match: int, fair: tuple[int, int], count: int) -> list[int]:
        a, b = fair
        matches = match.bit_count()
        if matches * matches < count * len(self.entries):
            # Few matches: a walk of the whole order would mostly skip; order them by themselves.
            return heapq.nsmallest(count, ids_of(match), key=lambda pk: (a * pk + b) % FAIR_PRIME)
        order = fair_permutation(self, fair)
        if match == self.published:
            return [pk for _key, pk in order[:count]]
        member = _membership(match)
        found: list[int] = []
        for _key, pk in order:
            if member(pk):
                found.append(pk)
                if len(found) >= count:
                    break
        return found


# Fair orders, per officer and day ---------------------------------------------------------------


@dataclass(frozen=True)
class _Permutation:
    epoch: object
    steps: int
    order: list[tuple[int, int]]  # (shuffled key, id) of every published tool, ascending


# The fair orders recently asked for, per process: (a, b) → every published tool in that order.
# A page of the default order is then a slice, not a sort of the whole catalogue; a change to the
# catalogue moves only the changed tools in each (CatalogueIndex.changed_since).
_PERMUTATIONS: OrderedDict[tuple[int, int], _Permutation] = OrderedDict()
_PERMUTATIONS_KEPT = 32
_PERMUTATIONS_LOCK = threading.Lock()


def fair_permutation(index: CatalogueIndex, fair: tuple[int, int]) -> list[tuple[int, int]]:
    """Every published tool of ``index`` as (shuffled key, id), in the fair order ``fair``."""
    a, b = fair
    with _PERMUTATIONS_LOCK:
        known = _PERMUTATIONS.get(fair)
    if known is not None and known.epoch is index.epoch and known.steps == index.steps:
        order = known.order
    else:
        changed = index.changed_since(known.epoch, known.steps) if known else None
        if changed is None:
            order = sorted(((a * pk + b) % FAIR_PRIME, pk) for pk in index.entries)
        else:
            order = list(known.order)
            for pk in changed:
                item = ((a * pk + b) % FAIR_PRIME, pk)
                at = bisect_left(order, item)
                if at < len(order) and order[at] == item:
                    del order[at]
                if pk in index.entries:
                    insort(order, item)
    with _PERMUTATIONS_LOCK:
        _PERMUTATIONS[fair] = _Permutation(index.epoch, index.steps, order)
        _PERMUTATIONS.move_to_end(fair)
        while len(_PERMUTATIONS) > _PERMUTATIONS_KEPT:
            _PERMUTATIONS.popitem(last=False)
    return order


# Each process's current index --------------------------------------------------------------------


@dataclass
class _State:
    index: CatalogueIndex | None = None
    version: str | None = None
    seq: int = 0  # the last change applied
    stamp: datetime | None = None  # when that change was logged
    gaps: dict[int, float] | None = None  # change ids skipped, with when they were first missed


_STATE = _State(gaps={})
_LOCK = threading.Lock()


def current() -> CatalogueIndex:
    """This process's index, brought up to date with the shared catalogue version."""
    version = catalogue_version()
    state = _STATE
    if state.index is not None and state.version == version:
        return state.index
    with _LOCK:
        if state.index is None or state.version != version:
            _catch_up(state, _change_of(version))
            state.version = version
        return state.index


def _catch_up(state: _State, change: int | None) -> None:
    # A version that names no change (the cache was emptied), or an older change than this index
    # has applied and not one it missed, calls for a rebuild.
    if state.index is None or change is None or (change < state.seq and change not in state.gaps):
        _rebuild(state)
        return
    now = time.monotonic()
    gaps = {pk: seen for pk, seen in state.gaps.items() if now - seen < GAP_SECONDS}
    # The last change applied is read again: if it is gone or another, the log is not the one
    # this index followed (a database restored or emptied): rebuild.
    wanted = Q(pk__gte=state.seq) | Q(pk__in=sorted(gaps)) if gaps else Q(pk__gte=state.seq)
    rows = list(
        CatalogueChange.objects.filter(wanted)
        .order_by("pk")
        .values_list("pk", "tool_id", "created_at")[: CATCH_UP_MAX + 1]
    )
    applied = next((row for row in rows if row[0] == state.seq), None)
    if len(rows) > CATCH_UP_MAX or (state.seq and (applied or ())[2:] != (state.stamp,)):
        _rebuild(state)
        return
    changes = [(pk, tool_id, stamp) for pk, tool_id, stamp in rows if pk != state.seq]
    seen = {pk for pk, _tool, _stamp in changes}
    seq = max(state.seq, *seen) if seen else state.seq
    for pk in range(state.seq + 1, seq):
        if pk not in seen:
            gaps[pk] = now
    for pk in seen:
        gaps.pop(pk, None)
    if any(tool_id is None for _pk, tool_id, _stamp in changes):
        entries = _entries(None)
        state.index = CatalogueIndex.build({pk: e for pk, e in entries.items() if e})
    elif changes:
        state.index = state.index.updated(_entries({tool for _pk, tool, _stamp in changes}))
    if seq != state.seq:
        state.stamp = next(stamp for pk, _tool, stamp in changes if pk == seq)
    state.seq, state.gaps = seq, gaps


# How far back a rebuild looks for changes that were not committed yet when it read the log.
GAP_WINDOW = 200


def _rebuild(state: _State) -> None:
    recent = list(
        CatalogueChange.objects.order_by("-pk").values_list("pk", "created_at")[:GAP_WINDOW]
    )
    seq, stamp = recent[0] if recent else (0, None)
    now = time.monotonic()
    present = {pk for pk, _stamp in recent}
    low = max(0, seq - GAP_WINDOW)
    entries = _entries(None)
    state.index = CatalogueIndex.build({pk: e for pk, e in entries.items() if e})
    state.seq, state.stamp = seq, stamp
    state.gaps = {pk: now for pk in range(low + 1, seq) if pk not in present}


def _entries(tool_ids: set[int] | None) -> dict[int, Entry | None]:
    """The index entries of these tools (every published tool for None); None where a tool is
    not published (or no longer exists)."""
    tools = Tool.objects.published().rewrite(False)
    facets = ToolFacet.objects.filter(tool__status=Tool.Status.PUBLISHED)
    if tool_ids is not None:
        tools, facets = tools.filter(pk__in=tool_ids), facets.filter(tool_id__in=tool_ids)
    keys: dict[int, list[str]] = defaultdict(list)
    for tool_id, key in facets.values_list("tool_id", "key").iterator(chunk_size=20_000):
        keys[tool_id].append(sys.intern(key))
    entries: dict[int, Entry | None] = dict.fromkeys(tool_ids or (), None)
    rows = tools.values_list("pk", "name", "updated_at", "last_verified_at")
    for pk, name, updated, verified in rows.iterator(chunk_size=20_000):
        entries[pk] = Entry(
            keys=tuple(sorted(keys.get(pk, ()))),
            name=name.casefold(),
            updated=updated.timestamp(),
            verified=verified.timestamp() if verified else None,
        )
    return entries
