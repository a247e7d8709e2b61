"""Writes of the watches: watching a need, matching a changed tool against every watch, the
email digests and unsubscribing.

Matching (:func:`watches_match_tool`) reads the changed tool once (its facet keys, status, when it
was verified, its ethics answers), then tests every watch's stored requirements against those keys
in memory; only watches with search words ask the database, once per distinct search. What each
watch matched before is in :class:`~watches.models.WatchedTool`, so a tool that starts or stops
matching, or changes in a way that matters, is told once: each change has a key made from the
states it goes between, unique per (watch, tool), and each notice the same key.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.core.bulk import rows_insert_new
from hub.models import Role, Status, User
from hub.outbox.services import NoticeDraft, email_queue, notices_send_each
from tools_catalog.filters import CatalogueFilter
from tools_catalog.models import CatalogueChange, Tool, ToolFacet
from tools_catalog.presenters import chips
from tools_catalog.selectors import facet_index, taxonomy_snapshot, tools_search
from wizard.models import Shortlist, ShortlistItem
from wizard.selectors import ALL, criteria_from, preferences, requirements, rules_for

from . import reasons as why
from .models import Watch, WatchChange, WatchedTool

UNSUBSCRIBE_SALT = "watches.unsubscribe"
# Catalogue parameters that do not change which tools match.
NOT_THE_NEED = ("page", "sort", "more")
# A digest lists at most this many changes; the rest are on the hub.
DIGEST_MAX = 50
# How far back a digest looks: its period and a day more (a beat run missed). Older changes were
# told by their notices; an officer who asks for emails later is not sent months of them.
DIGEST_LOOKS_BACK = {
    Watch.Frequency.DAILY: timedelta(days=2),
    Watch.Frequency.WEEKLY: timedelta(days=8),
}
# The beat's catch-up matches again the tools changed this recently (a worker killed mid-way).
CATCH_UP_WINDOW = timedelta(minutes=15)

Frequency = Watch.Frequency


# Watching -----------------------------------------------------------------------------------------


def search_query_clean(query: str) -> str:
    """The catalogue's query string without what does not change the matches (page, order)."""
    params = QueryDict(query)
    return urlencode(
        [(key, value) for key in params if key not in NOT_THE_NEED for value in params.getlist(key)]
    )


def _search_need(query: str, language: str) -> tuple[list[list[str]], str, str]:
    """The requirements, search words and a name of a catalogue search."""
    params = QueryDict(query)
    snapshot = taxonomy_snapshot(language)
    wanted = CatalogueFilter(params, snapshot=snapshot, language=language).query
    groups = [
        sorted(f"{facet}:{value}" for value in values)
        for facet, values in sorted(wanted.filters.items())
    ]
    with translation.override(language):
        labels = [chip.label for chip in chips(params, snapshot, language)]
        name = ", ".join(labels) or _("Every tool in the catalogue")
    return groups, wanted.q, name[:200]


def shortlist_groups(shortlist: Shortlist) -> list[list[str]]:
    """A shortlist's requirements as groups of facet keys: its answers' requirements; answers
    with preferences only ask for at least one of the preferred values."""
    snapshot = taxonomy_snapshot(settings.LANGUAGE_CODE)
    rules = rules_for(criteria_from(shortlist.criteria, snapshot), snapshot)
    groups: list[list[str]] = []
    for rule in requirements(rules):
        if rule.mode == ALL:
            groups += [[key] for key in sorted(rule.keys)]
        else:
            groups.append(sorted(rule.keys))  # empty: a value the taxonomy no longer has
    if not groups:
        preferred = set().union(*(rule.keys for rule in preferences(rules)))
        if preferred:
            groups.append(sorted(preferred))
    return groups


@transaction.atomic
def watch_search(*, user: User, query: str, frequency: str, language: str) -> tuple[Watch, bool]:
    """Watch a catalogue search. Returns the watch and whether it is new."""
    query = search_query_clean(query)
    existing = Watch.objects.filter(owner=user, kind=Watch.Kind.SEARCH, query=query).first()
    if existing is not None:
        return existing, False
    groups, text, name = _search_need(query, language)
    try:
        with transaction.atomic():  # the same form sent twice at once: one watch
            watch = Watch.objects.create(
                owner=user, kind=Watch.Kind.SEARCH, query=query, name=name, groups=groups,
                text=text, language=language, frequency=frequency,
            )  # fmt: skip
    except IntegrityError:
        return Watch.objects.get(owner=user, kind=Watch.Kind.SEARCH, query=query), False
    _watched_now(watch)
    return watch, True


@transaction.atomic
def watch_shortlist(*, user: User, shortlist: Shortlist, frequency: str) -> tuple[Watch, bool]:
    """Watch one of the officer's shortlists. Returns the watch and whether it is new."""
    existing = Watch.objects.filter(owner=user, kind=Watch.Kind.SHORTLIST, shortlist=shortlist)
    if watch := existing.first():
        return watch, False
    try:
        with transaction.atomic():  # the same form sent twice at once: one watch
            watch = Watch.objects.create(
                owner=user, kind=Watch.Kind.SHORTLIST, shortlist=shortlist,
                name=shortlist.name[:200], groups=shortlist_groups(shortlist), frequency=frequency,
            )  # fmt: skip
    except IntegrityError:
        return existing.get(), False
    _watched_now(watch)
    return watch, True


def watch_frequency_set(*, watch: Watch, frequency: str) -> Watch:
    watch.frequency = frequency
    watch.save(update_fields=["frequency"])
    return watch


def watch_delete(*, watch: Watch) -> None:
    watch.delete()


def unsubscribe_token(watch: Watch) -> str:
    return signing.dumps(watch.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(watch: Watch) -> str:
    return settings.SITE_URL + reverse("watches:unsubscribe", args=[unsubscribe_token(watch)])


def watch_unsubscribe(*, watch: Watch) -> Watch:
    """No more emails about this watch (its notices in the hub go on)."""
    return watch_frequency_set(watch=watch, frequency=Frequency.NONE)


# What a tool is now -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolNow:
    pk: int
    name: str
    status: str
    slug: str
    keys: frozenset[str]
    verified: str
    ethics: str

    @property
    def published(self) -> bool:
        return self.status == Tool.Status.PUBLISHED

    def state(self, groups: list[frozenset[str]], cycle: int = 0) -> dict:
        """What matters to one watch: the keys that decided the match, the last verification and
        the ethics answers shown; ``cycle`` counts the times the tool started to match again."""
        wanted = frozenset().union(*groups) if groups else frozenset()
        return {
            "keys": sorted(self.keys & wanted), "verified": self.verified, "ethics": self.ethics,
            "cycle": cycle,
        }  # fmt: skip


def _ethics(tool_ids) -> dict[int, str]:
    """The live ethics answers of each tool, as "submission.question set version"."""
    rows = Tool.objects.filter(pk__in=tool_ids, revisions__is_live=True).values_list(
        "pk", "revisions__number", "revisions__question_set__version"
    )
    return {pk: f"{number}.{version or 0}" for pk, number, version in rows}


def _tools_now(tool_ids) -> dict[int, ToolNow]:
    keys: dict[int, set[str]] = defaultdict(set)
    for tool_id, key in ToolFacet.objects.filter(tool_id__in=tool_ids).values_list(
        "tool_id", "key"
    ):
        keys[tool_id].add(key)
    ethics = _ethics(tool_ids)
    rows = Tool.objects.filter(pk__in=tool_ids).values_list(
        "pk", "name", "status", "slug", "last_verified_at"
    )
    return {
        pk: ToolNow(
            pk,
            name,
            status,
            slug,
            frozenset(keys.get(pk, ())),
            verified.isoformat() if verified else "",
            ethics.get(pk, ""),
        )  # fmt: skip
        for pk, name, status, slug, verified in rows
    }


def _meets(groups: list[frozenset[str]], keys: frozenset[str]) -> bool:
    return all(not group.isdisjoint(keys) for group in groups)


def _digest(*parts) -> str:
    data = json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()[:32]


def _watched_now(watch: Watch) -> int:
    """Record what the new watch matches today, so that only what changes later is told."""
    groups = [frozenset(group) for group in watch.groups]
    ids = [pk for pk, keys in facet_index().items() if _meets(groups, frozenset(keys))]
    if watch.text and ids:
        found = tools_search(Tool.objects.filter(pk__in=ids), watch.text, watch.language)
        ids = list(found.values_list("pk", flat=True))
    if watch.shortlist_id:
        listed = ShortlistItem.objects.filter(
            shortlist_id=watch.shortlist_id, tool__status=Tool.Status.PUBLISHED
        ).values_list("tool_id", flat=True)
        ids = sorted(set(ids) | set(listed))
    for start in range(0, len(ids), 2000):  # a watch of the whole catalogue: 10,000 tools or more
        tools = _tools_now(ids[start : start + 2000])
        rows_insert_new(
            WatchedTool,
            ("watch", "tool", "matching", "state"),
            ((watch.pk, pk, True, json.dumps(tool.state(groups))) for pk, tool in tools.items()),
        )
    return len(ids)


# Matching a changed tool against every watch ------------------------------------------------------


@dataclass(frozen=True)
class _Watching:
    pk: int
    owner_id: int
    language: str
    name: str
    groups: list[frozenset[str]]
    text: str
    text_language: str
    shortlist_id: int | None


def _watches() -> list[_Watching]:
    """Every watch of a member who can still hear from the hub."""
    rows = Watch.objects.filter(
        owner__is_active=True, owner__status=Status.APPROVED,
        owner__role__in=(Role.OFFICER, Role.STAFF),
    ).values_list(
        "pk", "owner_id", "owner__language", "name", "shortlist__name", "groups", "text",
        "language", "shortlist_id",
    )  # fmt: skip
    return [
        _Watching(
            pk,
            owner,
            language or settings.LANGUAGE_CODE,
            shortlist_name or name,
            [frozenset(group) for group in groups],
            text,
            text_language,
            shortlist_id,
        )  # fmt: skip
        for pk, owner, language, name, shortlist_name, groups, text, text_language, shortlist_id in rows
    ]


@dataclass(frozen=True)
class Matched:
    changes: int
    notices: int


def watches_match_tool(*, tool_id: int, watches: list["_Watching"] | None = None) -> Matched:
    """Tell each watch's owner, once, how a change to this tool concerns their watch (``watches``:
    every watch, when the caller has them already).

    One matching of a tool at a time: a second worker with the same tool (a task queued twice, the
    beat's catch-up) waits on the tool's row, then reads what the first one wrote, so the watched
    state it compares with is never an older one.
    """
    with transaction.atomic():
        Tool.objects.select_for_update().filter(pk=tool_id).values_list("pk").first()
        return _match_tool(tool_id, watches)


def _match_tool(tool_id: int, watches: list["_Watching"] | None) -> Matched:
    tool = _tools_now([tool_id]).get(tool_id)
    if tool is None:
        return Matched(0, 0)  # deleted: its watched rows went with it
    before = {
        watch_id: (pk, matching, state)
        for pk, watch_id, matching, state in WatchedTool.objects.filter(
            tool_id=tool_id
        ).values_list("pk", "watch_id", "matching", "state")
    }
    listed_in = set()
    if tool.published:
        listed_in = set(
            ShortlistItem.objects.filter(tool_id=tool_id).values_list("shortlist_id", flat=True)
        )
    watches = _watches() if watches is None else watches
    searched: dict[tuple[str, str], bool] = {}

    def found_by(watch: _Watching) -> bool:
        key = (watch.text, watch.text_language)
        if key not in searched:
            qs = Tool.objects.filter(pk=tool_id)
            searched[key] = tools_search(qs, watch.text, watch.text_language).exists()
        return searched[key]

    # Rows that change are deleted and written again: two statements, whatever their number.
    changes, added, replaced = [], [], []
    for watch in watches:
        row_pk, was, old = before.get(watch.pk, (None, False, {}))
        now = False
        if tool.published:
            listed = watch.shortlist_id is not None and watch.shortlist_id in listed_in
            now = listed or (
                _meets(watch.groups, tool.keys) and (not watch.text or found_by(watch))
            )
        if not now and not was:
            continue
        cycle = old.get("cycle", 0)
        if now and not was:
            # Matching again after it stopped is a new cycle, so a change of its own.
            state = tool.state(watch.groups, cycle + 1 if row_pk else 0)
            reasons = [[why.MATCHES, state["keys"]]] if state["keys"] else [[why.LISTED]]
            changes.append((watch, WatchChange.Kind.MATCH, reasons, _digest("match", state)))
            if row_pk:
                replaced.append(row_pk)
            added.append((watch.pk, True, state))
        elif now:
            state = tool.state(watch.groups, cycle)
            if old == state:
                continue
            reasons = _what_changed(old, state)
            replaced.append(row_pk)
            added.append((watch.pk, True, state))
            if reasons:
                changes.append(
                    (watch, WatchChange.Kind.CHANGE, reasons, _digest("change", old, state))
                )
        else:
            state = tool.state(watch.groups, cycle)
            reasons = _why_gone(tool, old, state)
            changes.append(
                (watch, WatchChange.Kind.GONE, reasons, _digest("gone", old, tool.status))
            )
            replaced.append(row_pk)
            added.append((watch.pk, False, old))

    with transaction.atomic():
        now = timezone.now()
        rows_insert_new(
            WatchChange,
            ("watch", "tool", "key", "kind", "reasons", "tool_name", "created_at"),
            (
                (watch.pk, tool_id, key, kind, json.dumps(reasons), tool.name[:150], now)
                for watch, kind, reasons, key in changes
            ),
        )
        for start in range(0, len(replaced), 2000):
            WatchedTool.objects.filter(pk__in=replaced[start : start + 2000]).delete()
        rows_insert_new(
            WatchedTool,
            ("watch", "tool", "matching", "state"),
            (
                (watch_id, tool_id, matching, json.dumps(state))
                for watch_id, matching, state in added
            ),
        )
        notices = notices_send_each(notices=_notices(tool, changes))
    return Matched(len(changes), notices)


def _what_changed(old: dict, new: dict) -> list:
    reasons = []
    gained = sorted(set(new["keys"]) - set(old.get("keys", ())))
    lost = sorted(set(old.get("keys", ())) - set(new["keys"]))
    if gained:
        reasons.append([why.GAINED, gained])
    if lost:
        reasons.append([why.LOST, lost])
    if new["verified"] != old.get("verified") and new["verified"]:
        reasons.append([why.VERIFIED])
    if new["ethics"] != old.get("ethics") and new["ethics"]:
        reasons.append([why.ETHICS])
    return reasons


def _why_gone(tool: ToolNow, old: dict, state: dict) -> list:
    if tool.status == Tool.Status.SUSPENDED:
        return [[why.SUSPENDED]]
    if tool.status == Tool.Status.REMOVED:
        return [[why.REMOVED]]
    if not tool.published:
        return [[why.UNPUBLISHED]]
    return [[why.UNMATCHED, sorted(set(old.get("keys", ())) - set(state["keys"]))]]


# The notices' and digests' titles, by kind of change (translated when used).
_TITLES = {
    WatchChange.Kind.MATCH: gettext_lazy("“%(tool)s” matches your watch “%(watch)s”"),
    WatchChange.Kind.CHANGE: gettext_lazy("“%(tool)s” changed (your watch “%(watch)s”)"),
    WatchChange.Kind.GONE: gettext_lazy("“%(tool)s” no longer matches your watch “%(watch)s”"),
}


def change_title(kind: str, tool_name: str, watch_name: str) -> str:
    return str(_TITLES[kind]) % {"tool": tool_name, "watch": watch_name}


def notice_key(watch_id: int, tool_id: int, key: str) -> str:
    return f"watch:{watch_id}:{tool_id}:{key}"


def _notices(tool: ToolNow, changes) -> list[NoticeDraft]:
    if tool.published:
        link = reverse("tools:detail", args=[tool.slug])
    elif tool.status in (Tool.Status.SUSPENDED, Tool.Status.REMOVED):
        link = reverse("tools:removed")
    else:
        link = ""
    bodies: dict[tuple, str] = {}
    titles: dict[tuple, str] = {}  # each title's words once per language, not once per watch
    drafts = []
    for watch, kind, reasons, key in changes:
        memo = (json.dumps(reasons), watch.language)
        if memo not in bodies:
            bodies[memo] = why.reason_text(reasons, watch.language)
        if (kind, watch.language) not in titles:
            with translation.override(watch.language):
                titles[kind, watch.language] = str(_TITLES[kind])
        title = titles[kind, watch.language] % {"tool": tool.name, "watch": watch.name}
        drafts.append(
            NoticeDraft(
                user_id=watch.owner_id, title=title, body=bodies[memo],
                link=link or reverse("watches:detail", args=[watch.pk]),
                dedupe_key=notice_key(watch.pk, tool.pk, key),
            )
        )  # fmt: skip
    return drafts


def watches_match_tools(*, tool_ids) -> Matched:
    changes = notices = 0
    watches = _watches() if tool_ids else []  # read once for all the tools
    for tool_id in sorted(set(tool_ids)):
        matched = watches_match_tool(tool_id=tool_id, watches=watches)
        changes, notices = changes + matched.changes, notices + matched.notices
    return Matched(changes, notices)


def recently_changed_tools(now: datetime | None = None) -> list[int]:
    """Tools the catalogue changed lately: the beat matches them again, in case a worker died
    before it had (matching again writes nothing twice)."""
    since = (now or timezone.now()) - CATCH_UP_WINDOW
    rows = CatalogueChange.objects.filter(created_at__gte=since, tool_id__isnull=False)
    return sorted(set(rows.values_list("tool_id", flat=True)))


# Digests ------------------------------------------------------------------------------------------


def digest_period(frequency: str, now: datetime) -> str:
    day = timezone.localdate(now)
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


@dataclass(frozen=True)
class DigestLine:
    title: str
    reason: str
    link: str


@dataclass(frozen=True)
class DigestWatch:
    name: str
    link: str
    unsubscribe: str
    lines: list[DigestLine]


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """One email to each officer with changes on their watches of this frequency not emailed yet,
    at most one per officer per period (day or ISO week). Returns the emails queued."""
    now = now or timezone.now()
    period = digest_period(frequency, now)
    since = now - DIGEST_LOOKS_BACK[frequency]
    pending = (
        WatchChange.objects.filter(
            emailed_at__isnull=True, created_at__gte=since, watch__frequency=frequency,
            watch__owner__is_active=True, watch__owner__status=Status.APPROVED,
            watch__owner__role__in=(Role.OFFICER, Role.STAFF),
        )
        .values_list("watch__owner_id", flat=True)
        .distinct()
    )  # fmt: skip
    sent = 0
    for owner_id in sorted(set(pending)):
        with transaction.atomic():
            sent += _digest_send(
                owner_id=owner_id, frequency=frequency, period=period, now=now, since=since
            )
    return sent


def _digest_send(
    *, owner_id: int, frequency: str, period: str, now: datetime, since: datetime
) -> int:
    user = User.objects.select_for_update().get(pk=owner_id)
    changes = list(
        WatchChange.objects.filter(
            watch__owner=user,
            watch__frequency=frequency,
            emailed_at__isnull=True,
            created_at__gte=since,
        )
        .select_related("watch", "watch__shortlist", "tool")
        .order_by("watch_id", "created_at", "pk")
    )
    if not changes:
        return 0
    language = user.language or settings.LANGUAGE_CODE
    shown = changes[:DIGEST_MAX]
    by_watch: dict[int, list[WatchChange]] = defaultdict(list)
    for change in shown:
        by_watch[change.watch_id].append(change)
    watches = []
    with translation.override(language):
        for items in by_watch.values():
            watch = items[0].watch
            name = watch.shortlist.name if watch.shortlist else watch.name
            lines = [
                DigestLine(
                    title=change_title(change.kind, change.tool_name, name),
                    reason=why.reason_text(change.reasons, language),
                    link=settings.SITE_URL + (
                        change.tool.get_absolute_url() if change.tool.is_published
                        else watch.get_absolute_url()
                    ),
                )
                for change in items
            ]  # fmt: skip
            watches.append(
                DigestWatch(
                    name=name, link=settings.SITE_URL + watch.get_absolute_url(),
                    unsubscribe=unsubscribe_url(watch), lines=lines,
                )
            )  # fmt: skip
    email = email_queue(
        to=user.email,
        recipient=user,
        template="watches_digest",
        context={
            "user": user,
            "watches": watches,
            "frequency": frequency,
            "more": len(changes) - len(shown),
            "all_link": settings.SITE_URL + reverse("watches:list"),
        },
        dedupe_key=f"watches-digest:{frequency}:{period}:{user.pk}",
    )
    if email is None:
        return 0  # this period's email is out already: these changes wait for the next one
    WatchChange.objects.filter(pk__in=[change.pk for change in changes]).update(emailed_at=now)
    return 1
