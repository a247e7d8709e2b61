"""The community's reference data: the forum categories (SPEC §8).

``forum_categories.json`` lists ``{"slug", "name", "description"}`` with every label in the six
languages; the order in the file is the order on the site. Categories are matched by slug: the file
wins for name, description and position, and categories staff added in the admin stay as they are.
"""

from pathlib import Path

from hub.core.reference import Tally, named_values, rows_sync

from ..models import ForumCategory

REFERENCE_DIR = Path(__file__).resolve().parent


def forum_categories_load() -> Tally:
    tally = Tally("forum categories")
    rows = named_values(REFERENCE_DIR / "forum_categories.json")
    rows_sync(ForumCategory.objects.all(), rows, tally)
    return tally


def load() -> list[Tally]:
    return [forum_categories_load()]
