"""The learning centre's reference data: the topics resources are filed under (SPEC §7).

``topics.json`` lists ``{"slug", "name", "description"}`` with every label in the six languages;
the order in the file is the order on the site. Topics are matched by slug: the file wins for name,
description and position, and topics staff added in the admin stay as they are.
"""

from pathlib import Path

from hub.core.reference import Tally, named_values, rows_sync

from ..models import Topic

REFERENCE_DIR = Path(__file__).resolve().parent


def topics_load() -> Tally:
    tally = Tally("learning topics")
    rows_sync(Topic.objects.all(), named_values(REFERENCE_DIR / "topics.json"), tally)
    return tally


def load() -> list[Tally]:
    return [topics_load()]
