"""Every URL pattern of the hub, with sample arguments, for tests that walk them all."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SAMPLE_VALUES = {
    "key": "sample-key",
    "uidb36": "1",
    "slug": "sample",
    "pk": "1",
    "id": "1",
    "token": "sample-token",
}


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str | None

    @property
    def sample_path(self) -> str:
        """A concrete path for the pattern, with sample values in place of its parameters."""
        path = self.pattern.replace("^", "").replace("$", "")

        def regex_group(match: re.Match) -> str:
            return SAMPLE_VALUES.get(match.group(1), "sample")

        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", regex_group, path)

        def converter(match: re.Match) -> str:
            kind, name = match.group(1), match.group(2)
            return "1" if kind in ("int", "id") else SAMPLE_VALUES.get(name, "sample")

        path = re.sub(r"<(?:(\w+):)?(\w+)>", converter, path)
        return "/" + path


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), entry.name)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
