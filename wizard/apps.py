from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WizardConfig(AppConfig):
    name = "wizard"
    verbose_name = _("Selection wizard")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (answers the catalogue's signals)
