"""System checks: production refuses a half configuration.

On more than one host, a missing ``REDIS_URL`` means per-process caches (a change on one replica is
not seen on another, rate limits count per process) and tasks run inside the web request; a missing
``EMAIL_HOST`` means emails are written to files on one host's disk and nobody receives them. Each
is an error with ``HUB_ENV=production`` unless the operator says, with the documented variable, that
this deployment really is meant to run that way.
"""

from django.conf import settings
from django.core.checks import Error, register


@register()
def production_services(app_configs, **kwargs) -> list[Error]:
    if not settings.PRODUCTION:
        return []
    errors = []
    if not settings.REDIS_URL and not settings.HUB_ALLOW_NO_REDIS:
        errors.append(
            Error(
                "REDIS_URL is not set: caches would be per process and tasks would run inside "
                "web requests.",
                hint="Set REDIS_URL=redis://host:6379/0, or HUB_ALLOW_NO_REDIS=true for a "
                "single-process deployment that accepts this.",
                id="hub.E001",
            )
        )
    if not settings.EMAIL_HOST and not settings.HUB_ALLOW_FILE_EMAIL:
        errors.append(
            Error(
                f"EMAIL_HOST is not set: emails would be written to files under "
                f"{settings.EMAIL_FILE_PATH} and never delivered.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                "EMAIL_USE_TLS), or HUB_ALLOW_FILE_EMAIL=true to keep emails as files.",
                id="hub.E002",
            )
        )
    return errors
