"""The provider portal: the organisation's tools, and the two questionnaires in sections.

Every page is for provider users only (``providers_only``) and reads tools through
``selectors.tool_for_provider``, so another organisation's tool, draft or answers answer 404.
"""

from collections import Counter

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hub.accounts.access import providers_only
from tools_catalog.models import Tool
from tools_catalog.selectors import taxonomy_snapshot, tool_rows, withdrawal_decisions

from . import selectors, services, technical
from .forms import TECHNICAL_FORMS, ContestForm, EthicsSectionForm, NewToolForm, SubmitForm
from .models import ToolRevision
from .presenters import STATE_LABELS
from .services.contests import decision_contest

PAGE_SIZE = 20


@providers_only
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = selectors.provider_tools(user=user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = Counter(row.state for row in rows)
    return render(
        request,
        "questionnaires/dashboard.html",
        {
            "organisation": user.organisation,
            "page": page,
            "state_counts": [
                (state, STATE_LABELS[state], counts[state]) for state in selectors.PORTAL_STATES
            ],
            "notices": selectors.recent_notices(user=user),
            "unread_count": selectors.unread_notice_count(user=user),
            "member_count": user.organisation.users.filter(is_active=True).count(),
        },
    )


@providers_only
def tool_new(request: HttpRequest) -> HttpResponse:
    form = NewToolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        revision = services.tool_draft_create(
            organisation=request.user.organisation,
            name=form.cleaned_data["name"],
            by=request.user,
            request=request,
        )
        messages.success(
            request,
            _("Your draft is saved. Fill in the sections in any order; each one saves on its own."),
        )
        return redirect("provider:technical_section", pk=revision.tool_id, section="basics")
    return render(request, "questionnaires/tool_new.html", {"form": form})


@providers_only
@require_safe
def tool(request: HttpRequest, pk: int) -> HttpResponse:
    return _tool_page(request, selectors.tool_for_provider(user=request.user, pk=pk))


def _tool_page(request: HttpRequest, tool: Tool, contest_form=None) -> HttpResponse:
    revision = selectors.open_revision(tool)
    state = selectors.portal_state(tool, revision)
    context = {
        "tool": tool,
        "revision": revision,
        "state": state,
        "state_label": STATE_LABELS[state],
        "last_decision": selectors.last_decision(tool),
        "live_answers": selectors.ethics_answers_for([tool]).get(tool.pk),
        "can_start": revision is None
        and tool.status not in (Tool.Status.SUSPENDED, Tool.Status.REMOVED),
        **_withdrawal(tool, contest_form),
    }
    if revision is not None:
        outline = selectors.question_set_outline(revision.question_set)
        context |= {
            "outline": outline,
            "progress": selectors.completeness(
                revision, outline, selectors.revision_answers(revision)
            ),
            "review": selectors.review_comments(revision),
        }
    return render(request, "questionnaires/tool.html", context)


@providers_only
@require_safe
def tool_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The tool's page as officers will see it, with the provider's current submission."""
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    preview = selectors.tool_preview(tool)
    snapshot = taxonomy_snapshot(get_language())
    sections = [
        render_to_string("questionnaires/tool_ethics.html", {"ethics": preview.ethics}, request)
    ]
    response = render(
        request,
        "questionnaires/tool_preview.html",
        {
            "tool": preview.tool,
            "revision": preview.revision,
            "preview": True,
            "row": tool_rows([preview.tool], snapshot)[0],
            "training_links": preview.training_links,
            "sections": sections,
            "state_label": STATE_LABELS[selectors.portal_state(tool, preview.revision)],
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _withdrawal(tool: Tool, form: ContestForm | None = None) -> dict:
    """The decision that suspended or removed the tool, the replies sent about it, and the form
    to contest it (nothing for a tool in the hub)."""
    decision = withdrawal_decisions([tool.pk]).get(tool.pk)
    if decision is None:
        return {"withdrawal": None}
    return {
        "withdrawal": decision,
        "contests": list(decision.contests.select_related("author")),
        "contest_form": form or ContestForm(auto_id="contest-%s"),
    }


@providers_only
@require_POST
def contest(request: HttpRequest, pk: int) -> HttpResponse:
    """The provider contests the decision that suspended or removed their tool."""
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    decision = withdrawal_decisions([tool.pk]).get(tool.pk)
    if decision is None:
        raise Http404
    form = ContestForm(request.POST, auto_id="contest-%s")
    if form.is_valid():
        decision_contest(
            decision=decision, by=request.user, message=form.cleaned_data["message"],
            request=request,
        )  # fmt: skip
        messages.success(request, _("Your reply is sent to the hub team."))
        return redirect(reverse("provider:tool", args=[tool.pk]) + "#contest-title")
    return _tool_page(request, tool, contest_form=form)


@providers_only
@require_POST
def revision_start(request: HttpRequest, pk: int) -> HttpResponse:
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    try:
        services.revision_start(tool=tool, by=request.user)
    except services.SubmissionError:
        messages.error(request, _("This tool cannot be changed now. Contact the hub team."))
    else:
        messages.success(
            request,
            _("You can now change the details. Officers see the published version until the hub "
              "team publishes your changes."),
        )  # fmt: skip
    return redirect("provider:tool", pk=tool.pk)


@providers_only
@require_POST
def revision_discard(request: HttpRequest, pk: int) -> HttpResponse:
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    revision = selectors.open_revision(tool)
    if revision is None:
        raise Http404
    try:
        services.revision_discard(revision=revision, by=request.user)
    except services.SubmissionError:
        messages.error(request, _("These changes cannot be discarded now."))
    else:
        messages.success(request, _("Your proposed changes were discarded."))
    return redirect("provider:tool", pk=tool.pk)


def _editable_revision(request: HttpRequest, tool: Tool) -> ToolRevision | None:
    revision = selectors.open_revision(tool)
    if revision is None or not revision.is_editable:
        if revision is not None:
            messages.info(
                request, _("The hub team is reviewing this tool: it cannot be changed now.")
            )
        return None
    return revision


def _section_pages(tool: Tool, outline: selectors.Outline) -> list[tuple[str, str, str, str]]:
    """Every section of both questionnaires in order: (part, key, title, url)."""
    pages = [
        ("technical", section.key, str(section.title),
         reverse("provider:technical_section", args=[tool.pk, section.key]))
        for section in technical.SECTIONS
    ]  # fmt: skip
    pages += [
        ("ethics", section.key, section.title,
         reverse("provider:ethics_section", args=[tool.pk, section.key]))
        for section in outline.sections
    ]  # fmt: skip
    return pages


def _after_save(request: HttpRequest, tool: Tool, pages, part: str, key: str) -> HttpResponse:
    """Back to the same section, or on to the next one (the check-and-send page after the last)."""
    messages.success(request, _("Saved."))
    index = next(i for i, page in enumerate(pages) if page[:2] == (part, key))
    if request.POST.get("then") == "next":
        if index + 1 < len(pages):
            return redirect(pages[index + 1][3])
        return redirect("provider:submit", pk=tool.pk)
    return redirect(pages[index][3])


def _section_page(request, *, tool, revision, outline, part, key, title, form, section=None):
    answers = selectors.revision_answers(revision)
    pages = _section_pages(tool, outline)
    index = next(i for i, page in enumerate(pages) if page[:2] == (part, key))
    review = selectors.review_comments(revision)
    return render(
        request,
        "questionnaires/section.html",
        {
            "tool": tool,
            "revision": revision,
            "part": part,
            "key": key,
            "title": title,
            "form": form,
            "pages": pages,
            "position": index + 1,
            "is_last": index + 1 == len(pages),
            "progress": selectors.completeness(revision, outline, answers),
            "comment": review.comments.get(f"{part}:{key}", "") if review else "",
            "section": section,
            "question_set": outline.question_set,
        },
    )


@providers_only
def technical_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    form_class = TECHNICAL_FORMS.get(section)
    if form_class is None:
        raise Http404
    revision = _editable_revision(request, tool)
    if revision is None:
        return redirect("provider:tool", pk=tool.pk)
    outline = selectors.question_set_outline(revision.question_set)
    form = form_class(request.POST or None, proposed=revision.proposed)
    if request.method == "POST" and form.is_valid():
        services.technical_section_save(revision=revision, values=form.to_proposed())
        return _after_save(request, tool, _section_pages(tool, outline), "technical", section)
    return _section_page(
        request,
        tool=tool,
        revision=revision,
        outline=outline,
        part="technical",
        key=section,
        title=str(technical.SECTIONS_BY_KEY[section].title),
        form=form,
    )


@providers_only
def ethics_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    revision = _editable_revision(request, tool)
    if revision is None:
        return redirect("provider:tool", pk=tool.pk)
    outline = selectors.question_set_outline(revision.question_set)
    current = outline.section(section)
    if current is None:
        raise Http404
    kwargs = {
        "questions": current.question_list,
        "numbers": outline.numbers,
        "answers": selectors.revision_answers(revision),
    }
    form = EthicsSectionForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        services.ethics_section_save(
            revision=revision, section_key=section, answers=form.to_answers()
        )
        return _after_save(request, tool, _section_pages(tool, outline), "ethics", section)
    return _section_page(
        request,
        tool=tool,
        revision=revision,
        outline=outline,
        part="ethics",
        key=section,
        title=current.title,
        form=form,
        section=current,
    )


@providers_only
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    revision = _editable_revision(request, tool)
    if revision is None:
        return redirect("provider:tool", pk=tool.pk)
    outline = selectors.question_set_outline(revision.question_set)
    progress = selectors.completeness(revision, outline, selectors.revision_answers(revision))
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and progress.is_complete:
        services.revision_submit(revision=revision, by=request.user, request=request)
        messages.success(
            request,
            _("Sent. The hub team will review it; you will get an email when they decide."),
        )
        return redirect("provider:tool", pk=tool.pk)
    return render(
        request,
        "questionnaires/submit.html",
        {
            "tool": tool,
            "revision": revision,
            "progress": progress,
            "form": form,
            "pages": _section_pages(tool, outline),
        },
    )


@providers_only
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    tool = selectors.tool_for_provider(user=request.user, pk=pk)
    try:
        services.tool_confirm(tool=tool, by=request.user, request=request)
    except services.SubmissionError:
        messages.error(request, _("Only a published tool can be confirmed."))
    else:
        messages.success(
            request,
            _("Thank you. Officers now see today's date as the date you last confirmed the tool."),
        )
    return redirect("provider:tool", pk=tool.pk)
