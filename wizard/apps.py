from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WizardConfig(AppConfig):
    name = "wizard"
    verbose_name = _("Selection wizard")

    def ready(self) -> None:
        # signals answers the catalogue's signals; personal_data tells the hub what the app holds
        # about a member.
        from . import personal_data, signals  # noqa: F401
