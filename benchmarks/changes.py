"""The first catalogue or wizard request after a tool changed.

Before each timed request (untimed), one published tool is changed the way the admin's change form
changes it: its fields are saved, one of its purposes is added or taken away, and the catalogue's
index is refreshed for it. Every cache that holds the catalogue is then stale, and the timed request
is the first to find out.
"""

from django.urls import reverse

from . import wizard
from .registry import BenchContext, scenario

SUITE = "changes"
AFTER_CHANGE_P95_MS = 100.0
REVISED = " (revised)"
SAMPLE = 200


def tool_change(ctx: BenchContext, i: int) -> None:
    from tools_catalog.models import Purpose, Tool
    from tools_catalog.services import tool_index_refresh

    ids = ctx.memo(
        f"{SUITE}:tools",
        lambda: list(Tool.objects.published().order_by("?").values_list("pk", flat=True)[:SAMPLE]),
    )
    purposes = ctx.memo(f"{SUITE}:purposes", lambda: list(Purpose.objects.order_by("pk")))
    tool = Tool.objects.get(pk=ids[i % len(ids)])
    summary = tool.summary_en or ""
    tool.summary_en = summary[: -len(REVISED)] if summary.endswith(REVISED) else summary + REVISED
    tool.save()
    purpose = purposes[i % len(purposes)]
    if tool.purposes.filter(pk=purpose.pk).exists():
        tool.purposes.remove(purpose)
    else:
        tool.purposes.add(purpose)
    tool_index_refresh(tool=tool)


def _change_then(url):
    def prepare(ctx: BenchContext, i: int) -> str:
        tool_change(ctx, i)
        return url(ctx, i)

    return prepare


def _get(ctx: BenchContext, i: int):
    return ctx.client.get(ctx.prepared)


OPTIONS = {"suite": SUITE, "target_p95_ms": AFTER_CHANGE_P95_MS, "requests": 20, "warmup": 2}

scenario(
    "catalogue_after_change",
    "Catalogue after a change",
    prepare=_change_then(lambda ctx, i: reverse("tools:catalogue")),
    **OPTIONS,
)(_get)
scenario(
    "wizard_after_change",
    "Wizard after a change",
    prepare=_change_then(wizard.wizard_results),
    **OPTIONS,
)(_get)
