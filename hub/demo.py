"""Demo data for the hub app: the public pages, written in plain language from the source documents."""

import json
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from .models import Page, PageVersion

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "pages"


def _field_values(field: str, texts: dict[str, str]) -> dict[str, str]:
    values = {}
    for code, _name in settings.LANGUAGES:
        values[f"{field}_{code.replace('-', '_')}"] = texts.get(code, "")
    return values


def seed_pages(*, stdout) -> None:
    for path in sorted(CONTENT_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        page, _ = Page.objects.get_or_create(slug=data["slug"])
        defaults = {"published_at": datetime.fromisoformat(data["published_at"]).astimezone(UTC)}
        for field in ("title", "summary", "body"):
            defaults |= _field_values(field, data[field])
        version = PageVersion.objects.filter(page=page, version=data["version"]).first()
        if version is None:
            PageVersion.objects.create(page=page, version=data["version"], **defaults)
            stdout.write(f"  page {page.slug} v{data['version']}")


def seed(*, stdout) -> None:
    seed_pages(stdout=stdout)
