"""The size of officer pages: the HTML as the hub renders it, before compression."""

from django.urls import reverse

from . import wizard
from .registry import BenchContext
from .rows import Row

SECTION = "HTML of officer pages, uncompressed"
TARGET_KB = 40.0


def officer_pages(ctx: BenchContext) -> dict[str, str]:
    """The officer pages whose size has a target: name -> path."""
    shortlists = ctx.memo(f"{wizard.SUITE}:shortlists", lambda: wizard._shortlists(ctx))
    pages = {
        "catalogue": reverse("tools:catalogue"),
        "directory": reverse("community:directory"),
        "wizard": wizard.wizard_results(ctx, 0),
    }
    if shortlists:
        pages["shortlist"] = reverse("wizard:shortlist", args=[shortlists[0]])
    return pages


def html_sizes(ctx: BenchContext) -> list[Row]:
    rows = []
    for name, path in officer_pages(ctx).items():
        response = ctx.client.get(path)
        if response.status_code != 200:
            rows.append(
                Row(SECTION, name, None, "KB", TARGET_KB, error=f"HTTP {response.status_code}")
            )
            continue
        rows.append(Row(SECTION, name, len(response.content) / 1024, "KB", TARGET_KB, note=path))
    return rows
