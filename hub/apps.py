from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    name = "hub"
    verbose_name = _("Hub")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the checks, connects receivers)
        from .otp_throttle import throttle_cap_install

        throttle_cap_install()
