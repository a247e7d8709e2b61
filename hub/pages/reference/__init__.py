"""The public pages as reference data: each file here is one version of one page
(``<slug>-v<n>.json``), loaded by ``manage.py load_reference_data`` (see :mod:`hub.core.reference`)."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from modeltranslation.utils import build_localized_fieldname

from hub.core.reference import LANGUAGE_CODES, Tally, differences, read, row_update, translated
from hub.core.richtext import sanitize_html

from ..models import Page, PageVersion

PAGES_DIR = Path(__file__).resolve().parent


def _page_values(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "published_at": datetime.fromisoformat(data["published_at"]).astimezone(UTC)
        if data.get("published_at")
        else None
    }
    for name in ("title", "summary", "body"):
        values |= translated(name, data.get(name))
    # The body is cleaned on save; compared cleaned, an unchanged file is seen as unchanged.
    for name in PageVersion.rich_text_fields:
        for code in LANGUAGE_CODES:
            localized = build_localized_fieldname(name, code)
            values[localized] = sanitize_html(values[localized])
    return values


def pages_load() -> Tally:
    """Each file is one version of one page. A published version is a record of what people read
    and agreed to, so it is never rewritten: a changed text is a new version (a new file)."""
    tally = Tally("public pages")
    for path in sorted(PAGES_DIR.glob("*.json")):
        data = read(path)
        page, _created = Page.objects.get_or_create(slug=data["slug"])
        values = _page_values(data)
        version = PageVersion.objects.filter(page=page, version=data["version"]).first()
        if version is None:
            PageVersion.objects.create(page=page, version=data["version"], **values)
            tally.created += 1
        elif version.is_published:
            tally.unchanged += 1
            if differences(version, values):
                tally.warnings.append(
                    f"{path.name}: {page.slug} v{version.version} is published and stays as it "
                    f"was; put the new text in a new version (v{version.version + 1})."
                )
        else:
            row_update(version, values, tally)
    return tally


def load() -> list[Tally]:
    return [pages_load()]
