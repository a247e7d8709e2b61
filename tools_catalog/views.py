import re

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hub.accounts.access import officers_only
from hub.core.csv_export import csv_response

from . import selectors, services
from .filters import CatalogueFilter
from .forms import ConcernForm, FeedbackForm, FeedbackReportForm
from .models import Feedback, SavedTool, Tool
from .presenters import FACET_LABELS, catalogue_facets, chips, compare_lines
from .selectors import COMPARE_MAX, tool_rows
from .signals import tool_page_sections


def _catalogue_state(request: HttpRequest):
    """What the catalogue's URL asks for, the tools that match, and this officer's fair order."""
    language = get_language()
    snapshot = selectors.taxonomy_snapshot(language)
    filters = CatalogueFilter(request.GET, snapshot=snapshot, language=language)
    seed = selectors.fair_seed(request.user, timezone.localdate())
    return language, snapshot, filters.query, seed


@officers_only
@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    language, snapshot, query, seed = _catalogue_state(request)
    results = selectors.catalogue_results(query=query, language=language, seed=seed)
    page = Page(results.ids, results.number, Paginator(range(results.total), selectors.PAGE_SIZE))
    saved_ids = selectors.saved_tool_ids(request.user)

    # One facet may be asked to list all its values (its "more" link, which needs no script).
    expanded = request.GET.get("more", "")
    if expanded not in FACET_LABELS:
        expanded = ""

    def facets():  # only when the cached filter form has to be rendered again
        return catalogue_facets(snapshot, results.counts, query, language, expanded)

    return render(
        request,
        "tools_catalog/catalogue.html",
        {
            "query": query,
            "page": page,
            # Read only when the cached result cards have to be rendered again.
            "tools": lambda: tool_rows(selectors.tools_in_order(results.ids), snapshot),
            "facets": facets,
            "filters_cache_key": f"{selectors.query_cache_key(query, language)}:{expanded}",
            "cards_cache_key": selectors.cards_cache_key(results.ids, saved_ids, language),
            "chips": chips(request.GET, snapshot, language),
            "saved_ids": saved_ids,
            "result_count": results.total,
            "sorts": selectors.SORTS,
        },
    )


@officers_only
@require_safe
def catalogue_csv(request: HttpRequest) -> HttpResponse:
    language, snapshot, query, seed = _catalogue_state(request)
    ids = selectors.catalogue_ids(query=query, language=language, seed=seed)
    header = [
        _("Name"),
        _("Provider"),
        _("Summary"),
        _("Purposes"),
        _("Maturity"),
        _("Deployment"),
        _("Cost"),
        _("Country of origin"),
        _("Website"),
        _("Last verified"),
        _("Link"),
    ]
    rows = (
        (
            row.tool.name,
            row.tool.provider.name,
            row.tool.summary,
            "; ".join(t.name for t in row.terms.get("purpose", [])),
            "; ".join(t.name for t in row.terms.get("maturity", [])),
            "; ".join(t.name for t in row.terms.get("deployment", [])),
            "; ".join(t.name for t in row.terms.get("cost", [])),
            row.tool.country.name,
            row.tool.website,
            row.tool.last_verified_at.date().isoformat() if row.tool.last_verified_at else "",
            request.build_absolute_uri(row.tool.get_absolute_url()),
        )
        for row in _csv_tool_rows(ids, snapshot)
    )
    return csv_response(filename="global-hub-tools.csv", header=header, rows=rows)


CSV_CHUNK = 1000


def _csv_tool_rows(ids: list[int], snapshot):
    """The tools of ``ids`` in order, loaded a chunk at a time while the download streams: a
    download of the whole catalogue never holds every tool in memory."""
    for start in range(0, len(ids), CSV_CHUNK):
        yield from tool_rows(selectors.tools_in_order(ids[start : start + CSV_CHUNK]), snapshot)


@officers_only
def tool_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        tool = selectors.tool_for_officer(slug=slug)
    except Http404:
        return _withdrawn(request, slug)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.feedback_post(
            tool=tool,
            author=request.user,
            body=form.cleaned_data["body"],
            submission=form.submission(request),
        )
        messages.success(request, _("Thank you. Your feedback is now visible to other officers."))
        return redirect(tool.get_absolute_url() + "#feedback")
    snapshot = selectors.taxonomy_snapshot(get_language())
    tool.facet_key_list = list(tool.facets.values_list("key", flat=True))
    feedback = Paginator(
        Feedback.objects.filter(tool=tool, is_hidden=False).select_related("author"), 10
    ).get_page(request.GET.get("feedback_page"))
    return render(
        request,
        "tools_catalog/tool_detail.html",
        {
            "tool": tool,
            "row": tool_rows([tool], snapshot)[0],
            "is_saved": SavedTool.objects.filter(user=request.user, tool=tool).exists(),
            "feedback_page": feedback,
            "form": form,
            "training_links": tool.training_links.all(),
            "sections": [
                section
                for _receiver, section in tool_page_sections.send(
                    sender=Tool, tool=tool, request=request
                )
            ],
        },
    )


def _withdrawn(request: HttpRequest, slug: str) -> HttpResponse:
    """A suspended or removed tool's page says when and why, instead of the tool; else 404."""
    decision = selectors.withdrawn_tool(slug=slug)
    if decision is None:
        raise Http404
    removed = decision.action == decision.Action.REMOVE
    return render(
        request,
        "tools_catalog/tool_withdrawn.html",
        {"decision": decision, "tool": decision.tool},
        status=410 if removed else 404,
    )


# The card a catalogue page's save button comes back to.
ANCHOR = re.compile(r"tool-[-a-zA-Z0-9_]{1,120}")


@officers_only
@require_POST
def tool_save(request: HttpRequest, slug: str) -> HttpResponse:
    # An officer may always drop a tool they saved, also one that is no longer listed ("My tools").
    mine = SavedTool.objects.filter(user=request.user, tool__slug=slug).select_related("tool")
    tool = mine[0].tool if mine else selectors.tool_for_officer(slug=slug)
    saved = services.tool_save_toggle(user=request.user, tool=tool)
    messages.success(request, _("Saved to My tools.") if saved else _("Removed from My tools."))
    default = tool.get_absolute_url() if tool.is_published else reverse("tools:mine")
    return redirect(_back(request, default))


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return default
    # A catalogue card's button names the card to come back to (its page is the form's "next").
    anchor = request.POST.get("at", "")
    if "#" not in target and ANCHOR.fullmatch(anchor):
        target = f"{target}#{anchor}"
    return target


@officers_only
@require_safe
def my_tools(request: HttpRequest) -> HttpResponse:
    saved = Paginator(
        SavedTool.objects.filter(user=request.user).select_related("tool", "tool__provider"), 20
    ).get_page(request.GET.get("page"))
    decisions = selectors.withdrawal_decisions(
        entry.tool_id for entry in saved if not entry.tool.is_published
    )
    for entry in saved:
        entry.decision = decisions.get(entry.tool_id)
    return render(request, "tools_catalog/my_tools.html", {"page": saved})


def _own_feedback(request: HttpRequest, pk: int) -> Feedback:
    """The officer's own visible feedback on a published tool; anyone else's is 404."""
    return get_object_or_404(
        Feedback.objects.select_related("tool"),
        pk=pk,
        author=request.user,
        is_hidden=False,
        tool__status="published",
    )


@officers_only
def feedback_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _own_feedback(request, pk)
    form = FeedbackForm(request.POST or None, initial={"body": feedback.body})
    if request.method == "POST" and form.is_valid():
        services.feedback_edit(feedback=feedback, body=form.cleaned_data["body"])
        messages.success(request, _("Your feedback was updated."))
        return redirect(feedback.tool.get_absolute_url() + "#feedback")
    return render(request, "tools_catalog/feedback_edit.html", {"form": form, "feedback": feedback})


@officers_only
def feedback_delete(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _own_feedback(request, pk)
    if request.method == "POST":
        tool = feedback.tool
        services.feedback_delete(feedback=feedback)
        messages.success(request, _("Your feedback was deleted."))
        return redirect(tool.get_absolute_url() + "#feedback")
    return render(request, "tools_catalog/feedback_delete.html", {"feedback": feedback})


@officers_only
def feedback_report(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        Feedback.objects.select_related("tool"), pk=pk, is_hidden=False, tool__status="published"
    )
    form = FeedbackReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.feedback_report(
            feedback=feedback, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Thank you. The hub team will look at this post."))
        return redirect(feedback.tool.get_absolute_url() + "#feedback")
    return render(
        request, "tools_catalog/feedback_report.html", {"form": form, "feedback": feedback}
    )


@officers_only
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    chosen = list(dict.fromkeys(slug for slug in request.GET.getlist("tool") if slug))
    slugs = chosen[:COMPARE_MAX]
    if len(slugs) < 2:
        return render(request, "tools_catalog/compare_pick.html", {"slugs": slugs}, status=200)
    tools = selectors.compare_tools(slugs)
    language = get_language()
    rows = tool_rows(tools, selectors.taxonomy_snapshot(language))
    return render(
        request,
        "tools_catalog/compare.html",
        {
            "tools": tools,
            "lines": compare_lines(rows, language),
            "left_out": len(chosen) - len(slugs),
        },
    )


# Concerns and the removal log -------------------------------------------------------------------


@officers_only
def concern_new(request: HttpRequest, slug: str) -> HttpResponse:
    tool = selectors.tool_for_officer(slug=slug)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.concern_report(
            tool=tool,
            reporter=request.user,
            request=request,
            category=form.cleaned_data["category"],
            description=form.cleaned_data["description"],
            evidence_links=form.cleaned_data["evidence_links"],
            submission=form.submission(request),
        )
        messages.success(
            request,
            _(
                "Thank you. The hub team will look into your concern; you will be told of each step."
            ),
        )
        return redirect("tools:my_concerns")
    return render(request, "tools_catalog/concern_new.html", {"form": form, "tool": tool})


@officers_only
@require_safe
def my_concerns(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.concerns_of_reporter(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "tools_catalog/my_concerns.html", {"page": page, "concerns": page})


@officers_only
@require_safe
def removed(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.removal_log(), 20).get_page(request.GET.get("page"))
    return render(request, "tools_catalog/removed.html", {"page": page})
