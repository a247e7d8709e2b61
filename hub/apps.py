from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hub.core.demo import register_demo_data


class HubConfig(AppConfig):
    """The hub app: its rooms (hub/accounts/, hub/pages/, hub/personal_data/, hub/outbox/,
    hub/audit/, hub/core/) share the app label ``hub``, its models, tables and migrations."""

    name = "hub"
    verbose_name = _("Hub")

    def ready(self) -> None:
        from hub.accounts.otp_throttle import throttle_cap_install

        # Registered here: the production checks, the audit log's receivers of login events, and
        # what the hub's own rooms hold about a member.
        from hub.audit import signals  # noqa: F401
        from hub.core import checks  # noqa: F401
        from hub.personal_data import hub_section  # noqa: F401

        throttle_cap_install()
        register_demo_data.connect(_demo, dispatch_uid="hub.demo")


def _demo(sender, **kwargs):
    from hub.accounts.demo import seed  # demo code is loaded only when seed_demo runs

    return seed
