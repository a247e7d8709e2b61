from django.db.models.signals import post_delete, post_save

from .models import TAXONOMIES
from .selectors import taxonomy_bump


def _taxonomy_changed(sender, **kwargs) -> None:
    taxonomy_bump()


for _model in TAXONOMIES:
    post_save.connect(
        _taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy-save-{_model.__name__}"
    )
    post_delete.connect(
        _taxonomy_changed, sender=_model, dispatch_uid=f"taxonomy-del-{_model.__name__}"
    )
