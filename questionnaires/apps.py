from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "questionnaires"
    verbose_name = _("Provider questionnaires")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (answers the catalogue's signals)
