"""What the catalogue's admin modules share: empty values, per-language columns, and refreshing the
index of tools whose values changed."""

from django.conf import settings
from django.utils.text import capfirst
from modeltranslation.utils import build_localized_fieldname

from .. import services
from ..models import Tool

EMPTY = "–"


def named_by_label(formfield, db_field):
    """Give the input its field's name as ``aria-label``: inputs in a row of a table (an inline, an
    editable list column) have only the column's heading, which is no label."""
    if formfield is not None:
        formfield.widget.attrs.setdefault("aria-label", capfirst(db_field.verbose_name))
    return formfield


def localized(field: str) -> list[str]:
    """The field's column in every interface language: name_en, name_ar, name_zh_hans, ..."""
    return [build_localized_fieldname(field, code) for code, _name in settings.LANGUAGES]


def refresh_tools(tool_ids) -> None:
    for tool in Tool.objects.filter(pk__in=set(tool_ids)).select_related("provider"):
        services.tool_index_refresh(tool=tool)
