"""Matching a change to one tool against 10,000 watches.

The bench officers (the data set's, 2,000 by default) hold 10,000 watches of catalogue searches,
made once and kept: nine in ten ask for a purpose the measured tools have (so they match), the
rest for one they lack; one in twenty also has search words. Each measured run publishes a tool no
watch knows yet (one of three published tools, its watch rows cleared first, untimed) and times
the matching of that change: every watch is tested, and each of the 9,000 that match gets its
change, its watched row and its notice, exactly as the worker writes them after a publication.
"""

import random
import time

from .registry import BenchContext
from .rows import Row

SECTION = "Watches: a change to one tool matched against 10,000 watches"
WATCHES = 10_000
TARGET_S = 5.0
MARK = "bench-watch"
WORDS = ("analysis", "images", "offline", "chat", "triage")


def _tools_and_key() -> tuple[list[int], str]:
    """Three published tools that share the commonest purpose, and that purpose's key."""
    from django.db.models import Count

    from tools_catalog.models import Tool, ToolFacet

    key = (
        ToolFacet.objects.filter(key__startswith="purpose:", tool__status=Tool.Status.PUBLISHED)
        .values("key")
        .annotate(n=Count("pk"))
        .order_by("-n", "key")
        .values_list("key", flat=True)
        .first()
    )
    tools = list(
        Tool.objects.published()
        .filter(facets__key=key)
        .order_by("pk")
        .values_list("pk", flat=True)[:3]
    )
    return tools, key


def _watches(ctx: BenchContext, key: str) -> int:
    def build() -> int:
        from hub.models import Role, Status, User
        from tools_catalog.models import ToolFacet
        from watches.models import Watch

        have = Watch.objects.filter(query__startswith=f"{MARK}=").count()
        if have >= WATCHES:
            return have
        officers = list(
            User.objects.filter(role=Role.OFFICER, status=Status.APPROVED)
            .exclude(email__endswith="@bench-removal.example")
            .values_list("pk", flat=True)
        )
        purposes = sorted(
            set(ToolFacet.objects.filter(key__startswith="purpose:").values_list("key", flat=True))
            - {key}
        )
        rng = random.Random(7)
        rows = []
        for n in range(have, WATCHES):
            other = rng.choice(purposes)
            groups = [[key, other]] if n % 10 else [[other]]
            rows.append(
                Watch(
                    owner_id=officers[n % len(officers)], kind=Watch.Kind.SEARCH,
                    query=f"{MARK}={n}", name=f"Bench watch {n}", groups=groups,
                    text=rng.choice(WORDS) if n % 20 == 0 else "", language="en",
                    frequency=("none", "daily", "weekly")[n % 3],
                )
            )  # fmt: skip
        Watch.objects.bulk_create(rows, batch_size=2000)
        return WATCHES

    return ctx.memo("watches", build)


def watch_rows(ctx: BenchContext, *, runs: int = 3) -> list[Row]:
    from hub.models import Notice
    from tools_catalog.models import Tool
    from watches.models import WatchChange, WatchedTool
    from watches.services import watches_match_tool

    tools, key = _tools_and_key()
    if not tools:
        return [Row(SECTION, "(all)", None, "s", TARGET_S, error="no published tool")]
    _watches(ctx, key)
    timings, changes = [], []
    for i in range(runs):
        tool_id = tools[i % len(tools)]
        # As if the tool were published for the first time (untimed): no watch knows it yet. A
        # direct update sends no signal: the change is matched here, and only here.
        WatchedTool.objects.filter(tool_id=tool_id).delete()
        WatchChange.objects.filter(tool_id=tool_id).delete()
        Notice.objects.filter(dedupe_key__startswith="watch:").delete()
        Tool.objects.filter(pk=tool_id).update(status=Tool.Status.PUBLISHED)
        started = time.perf_counter()
        matched = watches_match_tool(tool_id=tool_id)
        timings.append(time.perf_counter() - started)
        changes.append(matched.changes)
    Notice.objects.filter(dedupe_key__startswith="watch:").delete()
    return [
        Row(
            SECTION,
            f"A tool published, matched against {WATCHES:,} watches (slowest of {runs})",
            max(timings),
            "s",
            TARGET_S,
            note=f"{min(changes):,}–{max(changes):,} officers told per run; "
            f"runs {', '.join(f'{t:.2f}' for t in timings)} s",
        )
    ]
