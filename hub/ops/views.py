"""Readiness and metrics: for load balancers and Prometheus, not for people."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from hub.core.client_address import client_address

from .metrics import metrics_allowed, metrics_render
from .readiness import readiness


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when this process may take traffic, else 503 naming the checks that failed."""
    checks = readiness()
    failed = [name for name, check in checks.items() if not check.passed]
    body = {"status": "fail" if failed else "ok", "checks": {n: c.state for n, c in checks.items()}}
    if failed:
        body["failed"] = failed
    response = JsonResponse(body, status=503 if failed else 200)
    # A host that is not ready is a state the body names, not an error of the hub: the request's
    # own log line records it, and Django's "Service Unavailable" error line is not added to every
    # probe of the load balancer.
    response._has_been_logged = True
    return response


@login_not_required  # outsiders get the same 404 as for any page that does not exist
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request, client_address(request)):
        raise Http404
    return HttpResponse(metrics_render(), content_type=CONTENT_TYPE_LATEST)
