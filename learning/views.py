from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hub.accounts.access import officers_only
from hub.core.converters import id_from

from . import selectors, services
from .filters import ResourceFilter
from .glossary import GlossaryLinker
from .media import private_file_response
from .storage import private_storage

# How many paths /learn/ shows before pointing to the list of all of them.
HOME_PATHS = 4


def _back(request: HttpRequest, default: str) -> str:
    """Where a progress form came from (a path, a resource), if it is on this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@officers_only
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    filters = ResourceFilter(
        request.GET or None,
        topics=selectors.topics(),
        languages=selectors.resource_languages(),
    )
    page = selectors.resource_page(filters.qs, request.GET.get("page"))
    learner = selectors.learner_progress(request.user)
    progress = selectors.paths_overview(user=request.user, learner=learner)
    return render(
        request,
        "learning/home.html",
        {
            "form": filters.form,
            "filters": filters,
            "page": page,
            "done_ids": {resource.pk for resource in page if resource.pk in learner.done},
            "paths": progress[:HOME_PATHS],
            "more_paths": len(progress) > HOME_PATHS,
            "resume": selectors.continue_where_left_off(progress),
            "trainings": selectors.upcoming_trainings(limit=3),
        },
    )


@officers_only
@require_safe
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.resource_for(user=request.user, slug=slug)
    linker = GlossaryLinker(selectors.glossary_terms())
    return render(
        request,
        "learning/resource_detail.html",
        {
            "resource": resource,
            # Linked in this order, so a term is linked where the reader meets it first.
            "body": linker.link(resource.body),
            "transcript": linker.link(resource.transcript),
            "terms_used": linker.used,
            "captions": list(resource.captions.all()),
            "caption_default": selectors.caption_default(resource, get_language()),
            "completion": selectors.resource_completion(user=request.user, resource=resource),
            "paths": selectors.paths_with_resource(user=request.user, resource=resource),
            "tool_listed": resource.tool is not None and resource.tool.is_published,
        },
    )


@officers_only
@require_POST
def resource_done(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.resource_for(user=request.user, slug=slug)
    done = request.POST.get("done") != "0"
    services.resource_mark_done(user=request.user, resource=resource, done=done)
    messages.success(
        request,
        _("Marked as done. Well done!") if done else _("No longer marked as done."),
    )
    return redirect(_back(request, resource.get_absolute_url()))


@officers_only
@require_safe
def path_list(request: HttpRequest) -> HttpResponse:
    progress = selectors.paths_overview(user=request.user)
    page = Paginator(progress, selectors.PATHS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "learning/path_list.html", {"page": page})


@officers_only
@require_safe
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    path = selectors.path_for(user=request.user, slug=slug)
    progress = selectors.path_progress(user=request.user, path=path)
    linker = GlossaryLinker(selectors.glossary_terms())
    description = linker.link(path.description)
    for state in progress.steps:
        state.guidance_html = linker.link(state.step.guidance)
    return render(
        request,
        "learning/path_detail.html",
        {
            "path": path,
            "progress": progress,
            "description": description,
            "terms_used": linker.used,
        },
    )


@officers_only
@require_POST
def path_save(request: HttpRequest, slug: str) -> HttpResponse:
    path = selectors.path_for(user=request.user, slug=slug)

    def ids(name: str) -> set[int]:
        return {pk for value in request.POST.getlist(name) if (pk := id_from(value)) is not None}

    services.path_progress_save(
        user=request.user,
        path=path,
        steps=path.steps.all(),
        ticked_item_ids=ids("item"),
        done_step_ids=ids("done"),
    )
    messages.success(request, _("Your progress is saved."))
    anchor = id_from(request.POST.get("step"))
    target = path.get_absolute_url()
    if anchor is not None:
        target += f"#step-{anchor}"
    return redirect(target)


@officers_only
@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.glossary_terms(), selectors.GLOSSARY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "learning/glossary.html", {"page": page})


@officers_only
@require_safe
def media(request: HttpRequest, name: str) -> HttpResponse:
    """A video or captions file of a resource the member may open; nothing for anyone else."""
    if selectors.media_file_owner(user=request.user, name=name) is None:
        raise Http404
    return private_file_response(request, private_storage, name)
