"""The catalogue's signals: the receivers that keep its cached names and counts fresh, and what it
asks of the parts of the hub built on it.

The wizard and the provider questionnaires import the catalogue, never the other way round. Where
the catalogue needs something of theirs, it sends one of the signals below and they answer (their
receivers are connected in their AppConfig.ready), the way pretix collects what each plugin adds.
"""

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from .index import tools_changed as tools_changed
from .models import TAXONOMIES, Tool
from .selectors import catalogue_changed, taxonomy_bump

# ``tools_changed`` (from index.py) is sent with ``tool_ids`` after a change to tools commits (None:
# any tool may have changed); the watches match the changed tools against officers' needs.

# Sent with ``tool``. Each receiver answers a queryset of the ids of the members who use the tool
# beyond saving it (the wizard: those who keep it in a shortlist); they hear when staff suspend,
# remove or reinstate it.
tool_users = Signal()

# Sent with ``tool`` and ``request`` when an officer opens a tool's page. Each receiver answers a
# section of the page, as HTML (a <section> with an h2), shown after the tool's dates (the provider
# questionnaires: the provider's ethics answers).
tool_page_sections = Signal()

# Sent with ``tools``, in the order they are compared. Each receiver answers a list of CompareLine,
# shown after the tools' specifications (the provider questionnaires: the ethics answers).
tool_compare_lines = Signal()


@dataclass
class CompareLine:
    """One line of the comparison: a label and one value for each tool compared."""

    label: str
    values: list[str]
    group: str = ""  # the heading of the group of lines; "" for the specifications
    lang: str = ""  # "en" when the label is shown in English for want of a translation
    # Set for text the providers typed: the language each value is written in, "" where it is the
    # page's. Such values are shown with dir="auto" so that they keep their own direction.
    written_in: list[str] | None = None

    @property
    def cells(self) -> list[tuple[str, str]]:
        """Each value with the language it is written in ("" for the page's or unknown)."""
        return list(zip(self.values, self.written_in or [""] * len(self.values), strict=True))

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


def _taxonomy_changed(sender, **kwargs) -> None:
    taxonomy_bump()


for _model in TAXONOMIES:
    post_save.connect(
        _taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy-save-{_model.__name__}"
    )
    post_delete.connect(
        _taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy-del-{_model.__name__}"
    )


def _tool_changed(sender, instance, **kwargs) -> None:
    catalogue_changed([instance.pk])


post_save.connect(_tool_changed, sender=Tool, dispatch_uid="tool-save")
post_delete.connect(_tool_changed, sender=Tool, dispatch_uid="tool-delete")
