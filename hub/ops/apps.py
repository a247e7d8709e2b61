import logging

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations (readiness, request logs, metrics, error reports): no models of its own."""

    name = "hub.ops"
    label = "hub_ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from . import heartbeat  # noqa: F401  (a starting worker writes its first heartbeat)
        from .metrics import login_failure_count
        from .sentry import sentry_init

        # Python's warnings become log records too (logger "py.warnings"), so that with
        # LOG_FORMAT=json every line a process writes is one JSON object.
        logging.captureWarnings(True)
        user_login_failed.connect(login_failure_count, dispatch_uid="hub.ops.login_failures")
        if settings.SENTRY_DSN:
            sentry_init(
                dsn=settings.SENTRY_DSN,
                environment=settings.SENTRY_ENVIRONMENT,
                traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
            )
