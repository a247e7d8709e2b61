"""Small helpers for views."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str = "home") -> str:
    """Where to go after a form: the ``next`` path it carries if it stays on this site, or the URL
    named ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path: redirect() would take anything else for the name of a view.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)
