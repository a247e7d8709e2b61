"""An officer's watches: watching a search or a shortlist (plain form posts), the list, one watch
with its changes, and the signed unsubscribe link of the emails (no login needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from hub.accounts.access import officers_only
from hub.core.converters import page_from
from wizard.selectors import shortlist_of

from . import selectors, services
from .forms import WatchFrequencyForm, WatchSearchForm, WatchShortlistForm

PAGE_SIZE = 20


@officers_only
@require_POST
def watch_search(request: HttpRequest) -> HttpResponse:
    form = WatchSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you want to hear about changes."))
        return redirect(reverse("tools:catalogue") + _query(request.POST.get("query", "")))
    watch, created = services.watch_search(
        user=request.user,
        query=form.cleaned_data["query"],
        frequency=form.cleaned_data["frequency"],
        language=get_language(),
    )
    if created:
        messages.success(request, _("You now watch this search. Your watches are on your page."))
    else:
        messages.info(request, _("You already watch this search."))
    return redirect(watch.get_absolute_url())


@officers_only
@require_POST
def watch_shortlist(request: HttpRequest) -> HttpResponse:
    form = WatchShortlistForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how you want to hear about changes."))
        return redirect("wizard:shortlists")
    shortlist = shortlist_of(user=request.user, pk=form.cleaned_data["shortlist"])
    watch, created = services.watch_shortlist(
        user=request.user, shortlist=shortlist, frequency=form.cleaned_data["frequency"]
    )
    if created:
        messages.success(request, _("You now watch this shortlist. Your watches are on your page."))
    else:
        messages.info(request, _("You already watch this shortlist."))
    return redirect(watch.get_absolute_url())


def _query(query: str) -> str:
    return f"?{query}" if query else ""


@officers_only
@require_safe
def watch_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.watches_of(request.user), PAGE_SIZE).get_page(
        page_from(request.GET.get("page"))
    )
    return render(request, "watches/list.html", {"page": page})


@officers_only
def watch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    watch = selectors.watch_of(user=request.user, pk=pk)
    form = WatchFrequencyForm(request.POST or None, initial={"frequency": watch.frequency})
    if request.method == "POST" and form.is_valid():
        services.watch_frequency_set(watch=watch, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your choice is saved."))
        return redirect(watch.get_absolute_url())
    changes = Paginator(selectors.changes_of(watch), PAGE_SIZE).get_page(
        page_from(request.GET.get("page"))
    )
    return render(
        request,
        "watches/detail.html",
        {
            "watch": watch,
            "form": form,
            "changes": changes,
            "matching": watch.tools.filter(matching=True).count(),
        },
    )


@officers_only
def watch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    watch = selectors.watch_of(user=request.user, pk=pk)
    if request.method == "POST":
        services.watch_delete(watch=watch)
        messages.success(request, _("You no longer watch “%(name)s”.") % {"name": watch.name})
        return redirect("watches:list")
    return render(request, "watches/delete.html", {"watch": watch})


# The link in each email: GET only shows what it will do (mail scanners follow links); the POST,
# from the page's button or from a mail client's one-click unsubscribe (RFC 8058), does it. The
# signed link is the authority, so the POST needs no CSRF token.
@login_not_required
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    watch = selectors.watch_from_token(token)
    if request.method == "POST":
        services.watch_unsubscribe(watch=watch)
        return render(request, "watches/unsubscribed.html", {"watch": watch})
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(request, "watches/unsubscribe.html", {"watch": watch})
