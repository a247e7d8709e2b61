"""Values from a URL or a form, held to what the database can take before a query sees them.

Ids are bigints (``DEFAULT_AUTO_FIELD`` is ``BigAutoField``). For a larger number Django answers
"no such row" in ``=``, ``<`` and ``>``, but PostgreSQL refuses one as an OFFSET ("bigint out of
range") and SQLite refuses one in ``IN (...)``. ``str.isdigit`` is no check either: it takes "²",
which ``int`` refuses.
"""

import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Field

ID_MAX = 2**63 - 1
# A page number times a page size stays a bigint OFFSET; a list shows its last page for anything
# beyond it.
PAGE_MAX = 2**31 - 1

_DIGITS = re.compile(r"[0-9]+")


class IdConverter:
    """``<id:pk>``: Django's ``int`` converter, without the numbers no row can have (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > ID_MAX:
            raise ValueError(f"{value} is beyond any id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def id_from(value: str | None) -> int | None:
    """An id from a query string, or None if it cannot be one."""
    if value and len(value) <= 19 and _DIGITS.fullmatch(value) and int(value) <= ID_MAX:
        return int(value)
    return None


def page_from(value: str | None) -> int:
    """A page number from a query string: 1 unless it is a whole number, at most ``PAGE_MAX``."""
    if not value or not _DIGITS.fullmatch(value):
        return 1
    digits = value.lstrip("0") or "0"
    return PAGE_MAX if len(digits) > len(str(PAGE_MAX)) else max(1, min(int(digits), PAGE_MAX))


def fits(field: Field, value) -> bool:
    """Whether ``value``, from outside, is something the model ``field`` can hold."""
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    limits = connection.ops.integer_field_ranges.get(field.get_internal_type())
    if limits and isinstance(value, int):
        low, high = limits
        return (low is None or low <= value) and (high is None or value <= high)
    return True
