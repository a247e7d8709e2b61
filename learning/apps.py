from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub.core.demo import register_demo_data


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning centre")

    def ready(self) -> None:
        from . import personal_data  # noqa: F401  (tells the hub what the app holds about a member)

        register_demo_data.connect(_demo, dispatch_uid="learning.demo")


def _demo(sender, **kwargs):
    from .demo import seed  # demo code is loaded only when seed_demo runs, never in a live hub

    return seed
