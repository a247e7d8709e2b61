from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub.core.demo import register_demo_data


class ToolsCatalogConfig(AppConfig):
    name = "tools_catalog"
    verbose_name = _("Tool catalogue")

    def ready(self) -> None:
        # signals keeps cached names and counts fresh; personal_data tells the hub what the app
        # holds about a member.
        from . import personal_data, signals  # noqa: F401

        register_demo_data.connect(_demo, dispatch_uid="tools_catalog.demo")


def _demo(sender, **kwargs):
    from .demo import seed  # demo code is loaded only when seed_demo runs, never in a live hub

    return seed
