from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub.core.demo import register_demo_data


class WatchesConfig(AppConfig):
    name = "watches"
    verbose_name = _("Watches")

    def ready(self) -> None:
        # signals answers the catalogue's change signal; personal_data tells the hub what the app
        # holds about a member and shows the watches on /me/.
        from . import personal_data, signals  # noqa: F401

        register_demo_data.connect(_demo, dispatch_uid="watches.demo")


def _demo(sender, **kwargs):
    from .demo import seed  # demo code is loaded only when seed_demo runs, never in a live hub

    return seed
