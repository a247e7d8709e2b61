from django.db.models.signals import post_delete, post_save

from .models import TAXONOMIES, Tool
from .selectors import catalogue_changed, taxonomy_bump


def _taxonomy_changed(sender, **kwargs) -> None:
    taxonomy_bump()


for _model in TAXONOMIES:
    post_save.connect(
        _taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy-save-{_model.__name__}"
    )
    post_delete.connect(
        _taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy-del-{_model.__name__}"
    )


def _tool_changed(sender, **kwargs) -> None:
    catalogue_changed()


post_save.connect(_tool_changed, sender=Tool, dispatch_uid="tool-save")
post_delete.connect(_tool_changed, sender=Tool, dispatch_uid="tool-delete")
