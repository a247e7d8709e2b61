"""The selection wizard's pages: guided steps, one page of parameters, results, shortlists.

Every wizard page reads the answers from the URL (GET), so each state has a link: back and forward
keep the answers, and the results page can be bookmarked and shared. Shortlists belong to their
owner; anyone else's id answers 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hub.accounts.access import officers_only
from hub.core.csv_export import csv_response
from tools_catalog import selectors as catalogue

from . import reasons, selectors, services
from .forms import (
    STEP_SLUGS,
    STEPS,
    CriteriaForm,
    ShortlistForm,
    ShortlistShareForm,
)
from .models import Shortlist

SHOW = ("new", "changed")  # a reopened shortlist can show only the tools new or changed since


def _state(request: HttpRequest):
    language = get_language()
    snapshot = catalogue.taxonomy_snapshot(language)
    return language, snapshot, selectors.criteria_from(request.GET, snapshot)


def _seed(request: HttpRequest) -> str:
    return catalogue.fair_seed(request.user, timezone.localdate())


def _query(pairs: list[tuple[str, str]]) -> str:
    return f"?{urlencode(pairs)}" if pairs else ""


def _summary(rules, snapshot, language) -> dict:
    words = reasons.words_for(snapshot, language)
    required, preferred = reasons.criteria_summary(rules, words)
    return {"required": required, "preferred": preferred}


# The wizard ----------------------------------------------------------------------------------------


@officers_only
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    _language, _snapshot, criteria = _state(request)
    query = _query(criteria.items())
    return render(
        request,
        "wizard/start.html",
        {
            "steps": STEPS,
            "first_url": reverse("wizard:step", args=[STEPS[0].slug]) + query,
            "parameters_url": reverse("wizard:parameters") + query,
            "results_url": reverse("wizard:results") + query if not criteria.empty else "",
        },
    )


@officers_only
@require_safe
def how_it_works(request: HttpRequest) -> HttpResponse:
    return render(request, "wizard/how.html", {"weights": selectors.WEIGHTS})


@officers_only
@require_safe
def step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEP_SLUGS:
        raise Http404
    language, snapshot, criteria = _state(request)
    number = STEP_SLUGS.index(step) + 1
    current = STEPS[number - 1]
    answers = criteria.items()
    # The other steps' answers travel along as hidden fields; skipping drops this step's answer.
    others = [(name, value) for name, value in answers if name not in current.fields]
    if number < len(STEPS):
        next_url = reverse("wizard:step", args=[STEPS[number].slug])
    else:
        next_url = reverse("wizard:results")
    back_url = reverse("wizard:step", args=[STEPS[number - 2].slug]) if number > 1 else ""
    answered = {name for name, _value in answers}
    steps = [
        {
            "step": item,
            "number": index,
            "url": reverse("wizard:step", args=[item.slug]) + _query(answers),
            "current": item is current,
            "answered": any(name in answered for name in item.fields),
        }
        for index, item in enumerate(STEPS, start=1)
    ]
    form = CriteriaForm(criteria=criteria, snapshot=snapshot, language=language)
    terms = [term for name in current.fields for term in snapshot.get(name, [])]
    return render(
        request,
        "wizard/step.html",
        {
            "step": current,
            "number": number,
            "total": len(STEPS),
            "fields": form.fields_named(current.fields),
            "terms": [term for term in terms if term.description],
            "hidden": others,
            "next_url": next_url,
            "back_url": back_url,
            "start_url": reverse("wizard:start") + _query(answers),
            "skip_url": next_url + _query(others),
            "is_last": number == len(STEPS),
            "steps": steps,
            "parameters_url": reverse("wizard:parameters") + _query(answers),
        },
    )


@officers_only
@require_safe
def parameters(request: HttpRequest) -> HttpResponse:
    language, snapshot, criteria = _state(request)
    form = CriteriaForm(criteria=criteria, snapshot=snapshot, language=language)
    sections = [(item, form.fields_named(item.fields)) for item in STEPS]
    return render(
        request,
        "wizard/parameters.html",
        {
            "sections": sections,
            "guided_url": reverse("wizard:step", args=[STEPS[0].slug]) + _query(criteria.items()),
        },
    )


@officers_only
@require_safe
def results(request: HttpRequest) -> HttpResponse:
    language, snapshot, criteria = _state(request)
    sort = selectors.sort_from(request.GET)
    found = selectors.wizard_results(criteria, snapshot=snapshot, seed=_seed(request), sort=sort)
    page = Paginator(found.matches, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    answers = criteria.items()
    return render(
        request,
        "wizard/results.html",
        {
            "results": found,
            "page": page,
            # Read only when the cached cards have to be rendered again.
            "cards": lambda: reasons.cards_for(
                catalogue.tools_in_order(ids), found, snapshot, language
            ),
            "cards_cache_key": selectors.cards_cache_key(found, ids, language),
            "summary": _summary(found.rules, snapshot, language),
            "answers": answers,
            "sort": sort,
            "sorts": selectors.SORTS,
            "guided_url": reverse("wizard:step", args=[STEPS[0].slug]) + _query(answers),
            "parameters_url": reverse("wizard:parameters") + _query(answers),
            "save_url": reverse("wizard:shortlist_new") + _query([*answers, ("sort", sort)]),
            "save_form": ShortlistForm(initial={"name": _default_name()}, auto_id="save-%s"),
            "max_tools": services.SHORTLIST_MAX_TOOLS,
        },
    )


def _default_name() -> str:
    return _("Shortlist of %(date)s") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}


# Shortlists ----------------------------------------------------------------------------------------


def _own_shortlist(request: HttpRequest, pk: int) -> Shortlist:
    """The officer's own shortlist; anyone else's (or none) is 404."""
    return selectors.shortlist_of(user=request.user, pk=pk)


@officers_only
def shortlist_new(request: HttpRequest) -> HttpResponse:
    """Save the answers in the URL, and the tools they find now, as a shortlist."""
    language, snapshot, criteria = _state(request)
    sort = selectors.sort_from(request.GET)
    found = selectors.wizard_results(criteria, snapshot=snapshot, seed=_seed(request), sort=sort)
    form = ShortlistForm(request.POST or None, initial={"name": _default_name()})
    too_long = found.total > services.SHORTLIST_MAX_TOOLS
    if request.method == "POST" and form.is_valid() and not too_long:
        shortlist = services.shortlist_save(
            owner=request.user,
            name=form.cleaned_data["name"],
            notes=form.cleaned_data["notes"],
            results=found,
            sort=sort,
            submission=form.submission(request),
        )
        messages.success(request, _("Your shortlist is saved."))
        return redirect(shortlist)
    answers = criteria.items()
    return render(
        request,
        "wizard/shortlist_new.html",
        {
            "form": form,
            "results": found,
            "too_long": too_long,
            "max_tools": services.SHORTLIST_MAX_TOOLS,
            "summary": _summary(found.rules, snapshot, language),
            "results_url": reverse("wizard:results") + _query([*answers, ("sort", sort)]),
        },
    )


@officers_only
@require_safe
def shortlists(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.shortlists_of(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "wizard/shortlist_list.html", {"page": page})


def _review(request: HttpRequest, shortlist: Shortlist):
    language = get_language()
    snapshot = catalogue.taxonomy_snapshot(language)
    sort = selectors.sort_from(request.GET, default=shortlist.sort)
    review = selectors.shortlist_review(
        shortlist, snapshot=snapshot, seed=_seed(request), sort=sort
    )
    return language, snapshot, reasons.explain_review(review, snapshot, language)


@officers_only
@require_safe
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The shortlist run again on today's catalogue, with what changed since it was saved."""
    shortlist = _own_shortlist(request, pk)
    language, snapshot, review = _review(request, shortlist)
    found = review.results
    show = request.GET.get("show", "")
    ids = found.ids
    if show in SHOW:
        chosen = review.added if show == "new" else review.changed
        ids = [pk for pk in ids if pk in chosen]
    page = Paginator(ids, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    tools = catalogue.tools_in_order(list(page.object_list))
    answers = found.criteria.items()
    return render(
        request,
        "wizard/shortlist_detail.html",
        {
            "shortlist": shortlist,
            "review": review,
            "results": found,
            "page": page,
            "show": show if show in SHOW else "",
            "cards": reasons.cards_for(tools, found, snapshot, language, review),
            "summary": _summary(found.rules, snapshot, language),
            "sort": found.sort,
            "sorts": selectors.SORTS,
            "wizard_url": reverse("wizard:results") + _query([*answers, ("sort", found.sort)]),
        },
    )


def _everything(request: HttpRequest, shortlist: Shortlist):
    """Every tool of a reopened shortlist as cards (for the export and the print view)."""
    language, snapshot, review = _review(request, shortlist)
    tools = catalogue.tools_in_order(review.results.ids)
    cards = reasons.cards_for(tools, review.results, snapshot, language, review)
    return language, snapshot, review, cards


@officers_only
@require_safe
def shortlist_csv(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _own_shortlist(request, pk)
    _language, _snapshot, review, cards = _everything(request, shortlist)
    header = [
        _("Position"),
        _("Tool"),
        _("Provider"),
        _("Match score (%)"),
        _("Meets your requirements"),
        _("Matches your preferences"),
        _("What it lacks"),
        _("Maturity"),
        _("Where it runs"),
        _("Cost"),
        _("Last verified"),
        _("Since the shortlist was saved"),
        _("Link"),
    ]
    return csv_response(
        filename=f"shortlist-{shortlist.pk}.csv",
        header=header,
        rows=_shortlist_rows(request, review, cards),
    )


def _shortlist_rows(request: HttpRequest, review, cards):
    for position, card in enumerate(cards, start=1):
        tool = card.tool
        since = _("New") if card.new else _("Changed") if card.changed else ""
        yield (
            position,
            tool.name,
            tool.provider.name,
            "" if card.score is None else card.score,
            " ".join(card.reasons.meets),
            " ".join(card.reasons.matches),
            " ".join(card.reasons.lacks),
            card.row.names("maturity"),
            card.row.names("deployment"),
            card.row.names("cost"),
            tool.last_verified_at.date().isoformat() if tool.last_verified_at else "",
            since,
            request.build_absolute_uri(tool.get_absolute_url()),
        )
    for gone in review.gone:
        yield (
            "",
            gone.item.tool_name,
            gone.item.provider_name,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            _gone_note(gone),
            "",
        )
    for unmatched in review.unmatched:
        yield (
            "",
            unmatched.item.tool_name,
            unmatched.item.provider_name,
            "",
            "",
            "",
            " ".join(unmatched.reasons.fails),
            "",
            "",
            "",
            "",
            _("No longer meets your requirements"),
            request.build_absolute_uri(unmatched.item.tool.get_absolute_url()),
        )


def _gone_note(gone: selectors.GoneItem) -> str:
    if gone.removed_on is None:
        changed = gone.changed_at.date().isoformat() if gone.changed_at else ""
        return _("No longer listed (%(status)s, last changed %(date)s)") % {
            "status": gone.status,
            "date": changed or "–",
        }
    values = {"date": gone.removed_on.date().isoformat(), "summary": gone.reason}
    if gone.suspended:
        return _("Suspended on %(date)s: %(summary)s") % values
    return _("Removed on %(date)s: %(summary)s") % values


@officers_only
@require_safe
def shortlist_print(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _own_shortlist(request, pk)
    language, snapshot, review, cards = _everything(request, shortlist)
    return render(
        request,
        "wizard/shortlist_print.html",
        {
            "shortlist": shortlist,
            "review": review,
            "cards": cards,
            "summary": _summary(review.results.rules, snapshot, language),
            "printed_at": timezone.now(),
        },
    )


@officers_only
def shortlist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _own_shortlist(request, pk)
    if shortlist.read_only:
        messages.info(request, _("This is a read-only copy shared with you: it cannot be changed."))
        return redirect(shortlist)
    form = ShortlistForm(
        request.POST or None, initial={"name": shortlist.name, "notes": shortlist.notes}
    )
    if request.method == "POST" and form.is_valid():
        services.shortlist_update(
            shortlist=shortlist, name=form.cleaned_data["name"], notes=form.cleaned_data["notes"]
        )
        messages.success(request, _("Your changes are saved."))
        return redirect(shortlist)
    return render(request, "wizard/shortlist_edit.html", {"form": form, "shortlist": shortlist})


@officers_only
def shortlist_delete(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _own_shortlist(request, pk)
    if request.method == "POST":
        services.shortlist_delete(shortlist=shortlist)
        messages.success(request, _("The shortlist was deleted."))
        return redirect("wizard:shortlists")
    return render(request, "wizard/shortlist_delete.html", {"shortlist": shortlist})


@officers_only
def shortlist_share(request: HttpRequest, pk: int) -> HttpResponse:
    shortlist = _own_shortlist(request, pk)
    form = ShortlistShareForm(request.POST or None, sender=request.user)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.shortlist_share(
            shortlist=shortlist, by=request.user, email=email, submission=form.submission(request)
        )
        # The same words whether or not the address is a member's: trying addresses tells nothing.
        messages.success(
            request,
            _(
                "If %(email)s belongs to a vetted officer, they now have a read-only copy of this "
                "shortlist and a notice."
            )
            % {"email": email},
        )
        return redirect(shortlist)
    return render(request, "wizard/shortlist_share.html", {"form": form, "shortlist": shortlist})
