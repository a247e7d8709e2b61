"""Reference data: what every hub needs from its first day, production included.

The taxonomies that describe tools, learning topics and forum categories, the ethics question bank
and the public pages are data, not code: each app keeps its own as JSON files in ``<app>/reference/``
(UTF-8, one translation a line, every label in the six languages; a long HTML text is a list of its
blocks, joined on loading, so that a diff shows the paragraph that changed) and reads them in the
``load()`` of its ``<app>/reference`` package (the hub's public pages: hub/pages/reference/, offered
as ``hub.reference``). ``manage.py load_reference_data`` runs every app's ``load()``;
``manage.py seed_demo`` runs it too before it adds the demo content. The UN M49 regions are read
straight from hub/core/data/un_m49.json and need no loading.

Every loader keeps the same promises, so that it can run in a release step on every deployment:

- rows are matched by a natural key (a slug, a version number, a key inside a version) and created
  when missing;
- where a row differs from its file, the file wins for the fields the file holds (a label corrected
  in the file reaches the database at the next run); a second run with the same files writes nothing;
- rows the files do not name (values staff added in the admin) are left alone, and nothing is
  ever deleted;
- records of what people read or answered stay as they were: a published page version and a
  question-bank version that is no longer a draft take no structural change (a warning says so);
- no account is ever created.

The helpers below are what every app's loader is written with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.module_loading import module_has_submodule
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


@dataclass
class Tally:
    """What one kind of reference data became in a run."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.label}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def text(value: str | list[str] | None) -> str:
    """A text from a file: a string, or a long HTML text as the list of its blocks."""
    return "".join(value) if isinstance(value, list) else value or ""


def translated(name: str, texts: dict[str, str | list[str]] | None) -> dict[str, str]:
    """``{"en": ..., "zh-hans": ...}`` as the model's fields (``name_en``, ``name_zh_hans``, ...).

    A language the file leaves out is empty (the site falls back to English); a language the hub
    does not have is an error in the file.
    """
    texts = texts or {}
    unknown = set(texts) - set(LANGUAGE_CODES)
    if unknown:
        raise ValueError(f"unknown language codes for {name!r}: {', '.join(sorted(unknown))}")
    return {build_localized_fieldname(name, code): text(texts.get(code)) for code in LANGUAGE_CODES}


def _same(current: Any, wanted: Any) -> bool:
    # An untranslated field may hold None or "": both fall back to English.
    return current == wanted or (current in (None, "") and wanted in (None, ""))


def differences(obj: models.Model, values: dict[str, Any]) -> dict[str, Any]:
    """The ``values`` that ``obj`` does not hold yet."""
    return {name: value for name, value in values.items() if not _same(getattr(obj, name), value)}


def row_update(obj: models.Model, values: dict[str, Any], tally: Tally) -> set[str]:
    """Give ``obj`` the file's ``values``; the names of the fields that changed."""
    changed = differences(obj, values)
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
        tally.updated += 1
    else:
        tally.unchanged += 1
    return set(changed)


def rows_sync(
    queryset: models.QuerySet,
    rows: list[dict[str, Any]],
    tally: Tally,
    *,
    key: str = "slug",
    parent: dict[str, Any] | None = None,
) -> dict[str, tuple[models.Model, set[str]]]:
    """Bring the rows of ``queryset`` that ``rows`` name (by ``key``) in line with them.

    Missing rows are created (with the ``parent`` fields), different ones updated, the others left
    alone. Returns ``key -> (row, names of the fields that changed)``.
    """
    existing = {getattr(obj, key): obj for obj in queryset}
    synced = {}
    for values in rows:
        obj = existing.get(values[key])
        if obj is None:
            obj = queryset.model(**(parent or {}), **values)
            obj.save()
            tally.created += 1
            synced[values[key]] = (obj, set())
        else:
            synced[values[key]] = (obj, row_update(obj, values, tally))
    return synced


def named_values(path: Path) -> list[dict[str, Any]]:
    """A list file of ``{"slug", "name": {...}, "description": {...}}``; its order is the order on
    the site (``position`` 10, 20, ...)."""
    return [
        {
            "slug": item["slug"],
            "position": index * 10,
            **translated("name", item["name"]),
            **translated("description", item.get("description")),
        }
        for index, item in enumerate(read(path), start=1)
    ]


def reference_data_load() -> list[Tally]:
    """Run the ``load()`` of every installed app that has a ``reference`` package."""
    tallies: list[Tally] = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "reference"):
            tallies += import_module(f"{app_config.name}.reference").load()
    return tallies
