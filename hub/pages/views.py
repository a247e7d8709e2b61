"""The public pages, the language switcher, the health check and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from .models import Page
from .selectors import page_current_version


def _public_page(slug: str, template: str = "hub/page.html"):
    @login_not_required
    @require_safe
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, {"version": page_current_version(slug=slug)})

    view.__name__ = f"page_{slug}"
    return view


about = _public_page(Page.Slug.ABOUT)
principles = _public_page(Page.Slug.PRINCIPLES)
report = _public_page(Page.Slug.REPORT)
privacy = _public_page(Page.Slug.PRIVACY)
terms = _public_page(Page.Slug.TERMS)

# Choosing a language must work before signing in.
set_language = login_not_required(django_set_language)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: answers 200 when the database answers, and says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


# Error pages ----------------------------------------------------------------------------------------


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
