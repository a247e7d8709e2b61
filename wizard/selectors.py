"""The selection wizard's matching: the answers (criteria), the rules they make, scores and reasons.

One function, :func:`wizard_results`, turns a :class:`Criteria` into the ordered list of matching
tools. The guided questions and the one-page parameters only build a Criteria from the same URL
parameters, so the two modes cannot disagree.

* **Requirements exclude.** The database keeps the published tools that carry, for every
  requirement, at least one of its facet keys (the catalogue's indexed ToolFacet rows; a
  requirement on several analysis languages needs each of them).
* **Preferences score.** Each preference has a weight; a tool's match score is the share of the
  total preference weight it earns, in percent, computed by the database with the filtering and
  the order (one query for a page, whatever the size of the catalogue). The total depends only on the answers, so meeting more preferences never lowers a score.
* **Ties** in every order are broken by the catalogue's fair shuffle for this officer and day, never
  by anything a provider controls.

The tools carry no structured hardware data, so the hardware answer is a preference judged from
where a tool runs (its deployment options), and its reason says so. The reasons themselves, in
plain words, are in :mod:`wizard.reasons`. The catalogue is read through its selectors only.
"""

import hashlib
import math
import re
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from hub.models import User
from tools_catalog import selectors as catalogue
from tools_catalog.selectors import Term

from .models import Shortlist, ShortlistItem

REQUIREMENT, PREFERENCE = "requirement", "preference"
ANY, ALL, SHARE = "any", "all", "share"  # one key is enough / every key / the share of keys held

SORTS = ("match", "name", "maturity", "verified")
PAGE_SIZE = 20

# Taxonomy values the questions refer to, by slug (tools_catalog/reference/).
OFFLINE = "offline-air-gapped"
OWN_EQUIPMENT = ("on-premises", "offline-air-gapped", "mobile-field")  # usable without a cloud
FREE_COSTS = ("free-for-law-enforcement", "open-source")
CAPACITY_FIT = {
    # What a unit's hardware and IT support can run, judged from deployment options: a cloud
    # service needs only a browser; a field kit runs on a laptop; an on-premises or offline
    # installation wants at least a workstation; a hybrid set-up wants servers and IT staff.
    "laptop": ("cloud-service", "mobile-field"),
    "workstation": ("cloud-service", "mobile-field", "offline-air-gapped", "on-premises"),
    "server": ("cloud-service", "mobile-field", "offline-air-gapped", "on-premises", "hybrid"),
}
# How much each preference counts towards the match score.
WEIGHTS = {"purpose": 3, "media": 2, "offline": 2, "budget": 2, "ilang": 1, "capacity": 1}
UN_LANGUAGES = ("en", "ar", "zh", "fr", "ru", "es")

OFFLINE_ANSWERS = ("prefer", "must")
CLOUD_ANSWERS = ("no",)
BUDGET_ANSWERS = ("prefer-free", "free")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


# The answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """The officer's answers. Field names are the wizard's URL parameters."""

    purpose: tuple[str, ...] = ()  # taxonomy slugs
    media: tuple[str, ...] = ()
    offline: str = ""  # "", "prefer" or "must"
    cloud: str = ""  # "" (a cloud service is acceptable) or "no"
    ilang: tuple[str, ...] = ()  # language codes
    ilang_required: bool = False
    alang: tuple[str, ...] = ()
    budget: str = ""  # "", "prefer-free" or "free"
    maturity: str = ""  # "" or the slug of the least mature level accepted
    capacity: str = ""  # "", "laptop", "workstation" or "server"

    def items(self) -> list[tuple[str, str]]:
        """The answers as URL parameters, in a fixed order: equal answers give equal links."""
        pairs: list[tuple[str, str]] = []
        for name in PARAMETERS:
            value = getattr(self, name)
            if isinstance(value, tuple):
                pairs += [(name, item) for item in value]
            elif value is True:
                pairs.append((name, "1"))
            elif value:
                pairs.append((name, value))
        return pairs

    def as_dict(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for name, value in self.items():
            result.setdefault(name, []).append(value)
        return result

    @property
    def empty(self) -> bool:
        return not self.items()


PARAMETERS = tuple(Criteria.__dataclass_fields__)


def criteria_from(params: QueryDict | dict, snapshot: dict[str, list[Term]]) -> Criteria:
    """Read the answers from URL parameters (or a saved shortlist), dropping what is not valid."""
    if not hasattr(params, "getlist"):  # a plain dict of lists (QueryDict is a dict too)
        query = QueryDict(mutable=True)
        for name, values in params.items():
            query.setlist(
                name, [str(v) for v in (values if isinstance(values, list) else [values])]
            )
        params = query

    def slugs(facet: str) -> tuple[str, ...]:
        wanted = set(params.getlist(facet))
        return tuple(term.slug for term in snapshot.get(facet, []) if term.slug in wanted)

    def codes(name: str) -> tuple[str, ...]:
        values = {v.strip().lower() for v in params.getlist(name)}
        return tuple(sorted(v for v in values if len(v) <= 10 and _LANGUAGE_CODE.match(v)))

    def one_of(name: str, allowed) -> str:
        value = params.get(name, "")
        return value if value in allowed else ""

    maturity = one_of("maturity", {term.slug for term in snapshot.get("maturity", [])})
    return Criteria(
        purpose=slugs("purpose"),
        media=slugs("media"),
        offline=one_of("offline", OFFLINE_ANSWERS),
        cloud=one_of("cloud", CLOUD_ANSWERS),
        ilang=codes("ilang"),
        ilang_required=bool(params.get("ilang_required")) and bool(codes("ilang")),
        alang=codes("alang"),
        budget=one_of("budget", BUDGET_ANSWERS),
        maturity=maturity,
        capacity=one_of("capacity", CAPACITY_FIT),
    )


def sort_from(params: QueryDict, default: str = "match") -> str:
    sort = params.get("sort", default)
    return sort if sort in SORTS else default


# The rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """What one answer asks of a tool, as the facet keys that satisfy it."""

    criterion: str
    kind: str  # REQUIREMENT or PREFERENCE
    mode: str  # ANY, ALL or SHARE
    keys: frozenset[str]
    weight: int = 0
    answer: str = ""  # the answer it comes from, where the words need it (the hardware)

    def earned(self, keys: frozenset[str]) -> float:
        """How far a tool with ``keys`` satisfies the rule, from 0 to 1."""
        return self.share(len(self.keys & keys))

    def share(self, hits: int) -> float:
        """How far a tool holding ``hits`` of the rule's keys satisfies it, from 0 to 1."""
        if self.mode == SHARE:
            return hits / len(self.keys) if self.keys else 0.0
        if self.mode == ALL:
            return float(hits == len(self.keys))
        return float(hits > 0)


def _keys(snapshot: dict[str, list[Term]], facet: str, slugs) -> frozenset[str]:
    wanted = set(slugs)
    return frozenset(f"{facet}:{t.id}" for t in snapshot.get(facet, []) if t.slug in wanted)


def accepted_maturity(snapshot: dict[str, list[Term]], slug: str) -> list[Term]:
    """The maturity levels at least as mature as ``slug`` (levels are ordered by position)."""
    levels = snapshot.get("maturity", [])
    threshold = next((term.position for term in levels if term.slug == slug), None)
    return [] if threshold is None else [term for term in levels if term.position >= threshold]


def rules_for(criteria: Criteria, snapshot: dict[str, list[Term]]) -> tuple[Rule, ...]:
    """The requirements and preferences the answers make. See this module's docstring."""
    rules: list[Rule] = []
    for facet in ("purpose", "media"):
        chosen = getattr(criteria, facet)
        if chosen:
            keys = _keys(snapshot, facet, chosen)
            # At least one of them, or the tool does not do what is needed; more of them is better.
            rules.append(Rule(facet, REQUIREMENT, ANY, keys))
            rules.append(Rule(facet, PREFERENCE, SHARE, keys, WEIGHTS[facet]))
    if criteria.offline:
        keys = _keys(snapshot, "deployment", [OFFLINE])
        if criteria.offline == "must":
            rules.append(Rule("offline", REQUIREMENT, ANY, keys))
        else:
            rules.append(Rule("offline", PREFERENCE, ANY, keys, WEIGHTS["offline"]))
    if criteria.cloud == "no":
        rules.append(Rule("cloud", REQUIREMENT, ANY, _keys(snapshot, "deployment", OWN_EQUIPMENT)))
    if criteria.ilang:
        keys = frozenset(f"ilang:{code}" for code in criteria.ilang)
        if criteria.ilang_required:
            rules.append(Rule("ilang", REQUIREMENT, ANY, keys))
        else:
            rules.append(Rule("ilang", PREFERENCE, ANY, keys, WEIGHTS["ilang"]))
    if criteria.alang:
        keys = frozenset(f"alang:{code}" for code in criteria.alang)
        rules.append(Rule("alang", REQUIREMENT, ALL, keys))
    if criteria.budget:
        keys = _keys(snapshot, "cost", FREE_COSTS)
        if criteria.budget == "free":
            rules.append(Rule("budget", REQUIREMENT, ANY, keys))
        else:
            rules.append(Rule("budget", PREFERENCE, ANY, keys, WEIGHTS["budget"]))
    if criteria.maturity:
        keys = frozenset(f"maturity:{t.id}" for t in accepted_maturity(snapshot, criteria.maturity))
        rules.append(Rule("maturity", REQUIREMENT, ANY, keys))
    if criteria.capacity:
        keys = _keys(snapshot, "deployment", CAPACITY_FIT[criteria.capacity])
        rules.append(
            Rule("capacity", PREFERENCE, ANY, keys, WEIGHTS["capacity"], answer=criteria.capacity)
        )
    return tuple(rules)


def requirements(rules: tuple[Rule, ...]) -> list[Rule]:
    return [rule for rule in rules if rule.kind == REQUIREMENT]


def preferences(rules: tuple[Rule, ...]) -> list[Rule]:
    return [rule for rule in rules if rule.kind == PREFERENCE]


def meets_requirements(keys: frozenset[str], rules: tuple[Rule, ...]) -> bool:
    """The same test as :func:`candidates`, for one tool's keys (tests, reopened shortlists)."""
    return all(rule.earned(keys) == 1.0 for rule in requirements(rules))


def score(keys: frozenset[str], rules: tuple[Rule, ...]) -> int | None:
    """The share of the preference weight a tool with ``keys`` earns, in percent (None: no
    preferences were given, so there is nothing to score)."""
    prefs = preferences(rules)
    return _percent(tuple(len(rule.keys & keys) for rule in prefs), prefs)


def _denominator(prefs: list[Rule]) -> int:
    """A common denominator of every preference's share, so scores are exact integer sums."""
    return math.lcm(1, *(len(rule.keys) for rule in prefs if rule.mode == SHARE and rule.keys))


def _points(rule: Rule, hits: int, denominator: int) -> int:
    """What a preference earns for a tool holding ``hits`` of its keys, in units of
    1/denominator of its weight."""
    if rule.mode == SHARE:
        return hits * (rule.weight * denominator // len(rule.keys)) if rule.keys else 0
    met = hits == len(rule.keys) if rule.mode == ALL else hits > 0
    return rule.weight * denominator if met else 0


def _points_sql(rule: Rule, hits: str, denominator: int):
    """:func:`_points` as a database expression over the count annotated as ``hits``."""
    if rule.mode == SHARE:
        return (
            F(hits) * Value(rule.weight * denominator // len(rule.keys)) if rule.keys else Value(0)
        )
    met = Q(**{hits: len(rule.keys)}) if rule.mode == ALL else Q(**{f"{hits}__gt": 0})
    return Case(When(met, then=Value(rule.weight * denominator)), default=Value(0))


def _percent(hits: tuple[int, ...], prefs: list[Rule]) -> int | None:
    """The score of a tool that holds ``hits[i]`` of the keys of preference ``prefs[i]``: the
    percentage rounded half up, in integers, exactly as the database computes it."""
    total = sum(rule.weight for rule in prefs)
    if not total:
        return None
    denominator = _denominator(prefs)
    earned = sum(_points(rule, count, denominator) for rule, count in zip(prefs, hits, strict=True))
    return (200 * earned + total * denominator) // (2 * total * denominator)


def candidates(rules: tuple[Rule, ...]) -> QuerySet:
    """Published tools that meet every requirement, filtered by the database."""
    qs = catalogue.published_tools()
    for rule in requirements(rules):
        if not rule.keys:
            return qs.none()  # asks for a value the taxonomy does not have: nothing can meet it
        groups = [rule.keys] if rule.mode == ANY else [{key} for key in rule.keys]
        for group in groups:
            qs = catalogue.tools_with_any_key(qs, group)
    return qs


def _scored(qs: QuerySet, rules: tuple[Rule, ...]) -> QuerySet:
    """``qs`` with each tool's match score as ``score``, computed by the database.

    The tool's facet rows that answer a preference are joined once; each preference counts its
    keys among them (a conditional count), and the score is the integer formula of
    :func:`_percent`, so the database and Python agree to the unit.
    """
    prefs = preferences(rules)
    total = sum(rule.weight for rule in prefs)
    if not total:
        return qs.annotate(score=Value(None, output_field=IntegerField()))
    wanted = sorted(set().union(*(rule.keys for rule in prefs)))
    qs = qs.alias(wanted=FilteredRelation("facets", condition=Q(facets__key__in=wanted)))
    denominator = _denominator(prefs)
    earned = Value(0)
    for n, rule in enumerate(prefs):
        name = f"hits_{n}"
        qs = qs.alias(**{name: Count("wanted", filter=Q(wanted__key__in=sorted(rule.keys)))})
        earned = earned + _points_sql(rule, name, denominator)
    formula = (Value(200) * earned + Value(total * denominator)) / Value(2 * total * denominator)
    return qs.annotate(score=ExpressionWrapper(formula, output_field=IntegerField()))


class Matches:
    """The matching tools' ids in order, read from the database a slice at a time.

    A paginator reads the count and one page; the scores of the tools read are kept. What was
    read is remembered in ``memo`` (see :func:`wizard_results`), so the same results asked for
    again, before the catalogue changes, are not read again.
    """

    def __init__(self, qs: QuerySet, counted: QuerySet, memo: dict | None = None):
        self._rows = qs  # (pk, score) in order
        self._counted = counted
        self._memo = memo if memo is not None else {}
        self.scores: dict[int, int | None] = {}

    def count(self) -> int:
        if "count" not in self._memo:
            self._memo["count"] = self._counted.count()
        return self._memo["count"]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[int]:
        key = (index.start, index.stop)
        rows = self._memo.get(key)
        if rows is None:
            rows = list(self._rows[index])
            if index.stop is not None and index.stop - (index.start or 0) <= MEMO_ROWS:
                self._memo[key] = rows  # a page, not every match (a shortlist, an export)
        self.scores.update(rows)
        return [pk for pk, _score in rows]


# What recent wizard results read, per process: (catalogue version, taxonomy version, rules, sort,
# seed) → their count and the slices read. A change to the catalogue or its taxonomies moves a
# version, so nothing read before it is used after it.
_READ: OrderedDict[tuple, dict] = OrderedDict()
_READ_KEPT = 256
MEMO_ROWS = 100
_READ_LOCK = threading.Lock()


def _read_memo(key: tuple) -> dict:
    with _READ_LOCK:
        memo = _READ.get(key)
        if memo is None:
            memo = _READ[key] = {}
        _READ.move_to_end(key)
        while len(_READ) > _READ_KEPT:
            _READ.popitem(last=False)
    return memo


# The results ---------------------------------------------------------------------------------------


def tool_keys(ids) -> dict[int, frozenset[str]]:
    """The facet keys of the published tools among ``ids`` (one query)."""
    keys: dict[int, set[str]] = defaultdict(set)
    rows = catalogue.published_tools().filter(pk__in=ids).values_list("pk", "facets__key")
    for pk, key in rows.rewrite(False):
        if key is not None:
            keys[pk].add(key)
    return {pk: frozenset(value) for pk, value in keys.items()}


def catalogue_languages() -> dict[str, frozenset[str]]:
    """The interface ("ilang") and analysis ("alang") language codes published tools carry."""
    rows = (
        catalogue.published_tools()
        .rewrite(False)
        .filter(Q(facets__key__startswith="ilang:") | Q(facets__key__startswith="alang:"))
        .order_by()
        .values_list("facets__key", flat=True)
        .distinct()
    )
    codes: dict[str, set[str]] = {"ilang": set(), "alang": set()}
    for key in rows:
        facet, _colon, code = key.partition(":")
        codes[facet].add(code)
    return {facet: frozenset(value) for facet, value in codes.items()}


class WizardResults:
    """The matching tools in order: ``matches`` pages them; ``ids`` reads them all."""

    def __init__(self, criteria: Criteria, rules: tuple[Rule, ...], sort: str, matches: Matches):
        self.criteria, self.rules, self.sort, self.matches = criteria, rules, sort, matches
        self._ids: list[int] | None = None

    @property
    def total(self) -> int:
        return self.matches.count()

    @property
    def ids(self) -> list[int]:
        """Every matching tool, in order."""
        if self._ids is None:
            self._ids = self.matches[:]
        return self._ids

    @property
    def scores(self) -> dict[int, int | None]:
        """The scores of the tools read so far (of every match, when none were read yet)."""
        if not self.matches.scores:
            self.ids  # noqa: B018 - reads them
        return self.matches.scores


def cards_cache_key(results: WizardResults, ids: list[int], language: str) -> str:
    """A key for the cards of these tools with these results (their scores and reasons), as the
    catalogue and its taxonomies are now, in ``language``."""
    state = [
        language,
        repr(results.rules),
        ",".join(f"{pk}:{results.scores.get(pk)}" for pk in ids),
    ]
    digest = hashlib.sha256("|".join(state).encode()).hexdigest()[:32]
    return f"{catalogue.catalogue_version()}:{catalogue.taxonomy_version()}:{digest}"


def wizard_results(
    criteria: Criteria, *, snapshot: dict[str, list[Term]], seed: str, sort: str = "match"
) -> WizardResults:
    """Every published tool that meets the requirements, scored, in the chosen order.

    The database filters, scores and orders; nothing is read until a page (or every id) is
    asked for, and then one query returns those ids with their scores. Ties go to the fair
    shuffle.
    """
    sort = sort if sort in SORTS else "match"
    rules = rules_for(criteria, snapshot)
    matching = candidates(rules).rewrite(False).order_by()
    shuffle = catalogue.fair_key(seed).asc()
    orders = {
        "match": [F("score").desc(nulls_last=True), shuffle],
        "name": [Lower("name").asc(), shuffle],
        "maturity": [F("maturity__position").desc(nulls_last=True), shuffle],
        "verified": [F("last_verified_at").desc(nulls_last=True), shuffle],
    }
    rows = _scored(matching, rules).order_by(*orders[sort]).values_list("pk", "score")
    memo = _read_memo(
        (catalogue.catalogue_version(), catalogue.taxonomy_version(), repr(rules), sort, seed)
    )
    return WizardResults(criteria, rules, sort, Matches(rows, matching, memo))


# Reopened shortlists ------------------------------------------------------------------------------


@dataclass
class GoneItem:
    """A saved tool that is no longer listed: it stays in view, with what is known of why.

    When staff suspended or removed it, ``removed_on``, ``reason`` and ``guidance`` come from
    their decision (its date, public summary and guidance for officers who use the tool);
    otherwise the status and the date the tool last changed are shown.
    """

    item: object  # ShortlistItem
    status: str
    changed_at: datetime | None
    removed_on: datetime | None = None
    reason: str = ""
    guidance: str = ""
    suspended: bool = False
    decision_id: int | None = None


@dataclass
class Unmatched:
    """A saved tool still listed that no longer meets the requirements (``reasons``: why, in
    words, filled in by :func:`wizard.reasons.explain_review`)."""

    item: object  # ShortlistItem
    keys: frozenset[str]
    reasons: object = None


@dataclass
class Review:
    """A saved shortlist run again on today's catalogue, and what changed since it was saved."""

    results: WizardResults
    added: set[int]
    changed: set[int]
    gone: list[GoneItem]
    unmatched: list[Unmatched]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.gone or self.unmatched)


def shortlist_review(shortlist, *, snapshot: dict[str, list[Term]], seed: str, sort: str) -> Review:
    """Run the saved answers again and compare with the tools saved (two queries, and a third
    when some saved tools are no longer listed)."""
    criteria = criteria_from(shortlist.criteria, snapshot)
    results = wizard_results(criteria, snapshot=snapshot, seed=seed, sort=sort)
    items = list(
        shortlist.items.select_related("tool").only(
            "shortlist_id", "tool_id", "position", "tool_name", "provider_name", "score",
            "tool__status", "tool__updated_at", "tool__slug", "tool__name",
        )
    )  # fmt: skip
    current = set(results.ids)
    saved = {item.tool_id for item in items if item.tool_id}
    listed = [item for item in items if item.tool is not None and item.tool.is_published]
    gone = [
        GoneItem(
            item,
            item.tool.get_status_display() if item.tool else _("No longer in the catalogue"),
            item.tool.updated_at if item.tool else None,
        )
        for item in items
        if item.tool is None or not item.tool.is_published
    ]
    decisions = catalogue.withdrawal_decisions(entry.item.tool_id for entry in gone)
    for entry in gone:
        decision = decisions.get(entry.item.tool_id)
        if decision is not None:
            entry.removed_on, entry.reason = decision.decided_at, decision.summary
            entry.guidance, entry.decision_id = decision.guidance, decision.pk
            entry.suspended = decision.action == decision.Action.SUSPEND
    keys = tool_keys(shortlist.items.values("tool_id"))
    unmatched = [
        Unmatched(item, keys.get(item.tool_id, frozenset()))
        for item in listed
        if item.tool_id not in current
    ]
    changed = {
        item.tool_id
        for item in listed
        if item.tool_id in current and item.tool.updated_at > shortlist.saved_at
    }
    return Review(results, current - saved, changed, gone, unmatched)


# Shortlists ----------------------------------------------------------------------------------------


def shortlist_of(*, user: User, pk: int) -> Shortlist:
    """The member's own shortlist; anyone else's (or none) is 404."""
    return get_object_or_404(Shortlist, pk=pk, owner=user)


def shortlists_of(user: User) -> QuerySet[Shortlist]:
    """The member's shortlists, newest first, each with how many tools it holds."""
    return (
        Shortlist.objects.filter(owner=user)
        .select_related("shared_by")
        .annotate(tool_count=Count("items"))
        .order_by("-saved_at", "-pk")
    )


def shortlist_owner_ids(*, tool) -> QuerySet:
    """Ids of the members who keep ``tool`` in one of their shortlists (the catalogue tells them
    when staff suspend or remove it; see ``tools_catalog.signals.tool_users``)."""
    return ShortlistItem.objects.filter(tool=tool).values("shortlist__owner_id")
