from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hub.accounts.access import officers_only
from hub.core.converters import id_from
from hub.core.csv_export import csv_response
from hub.models import Role

from . import selectors, services
from .filters import DirectoryFilter, EventFilter
from .forms import (
    MessageForm,
    PostForm,
    ProfileForm,
    ReportForm,
    ThreadForm,
    TimeZoneForm,
)
from .ics import calendar
from .models import ForumCategory, Registration
from .services import PROFILE_SHOW_FIELDS, PROFILE_VALUE_FIELDS, MessageRefused


def _refusal_text(error: MessageRefused) -> str:
    if error.reason == "rate_limited":
        return _(
            "You have sent %(count)d messages in the last hour, the most the hub allows. "
            "Please try again later."
        ) % {"count": services.messages_per_hour()}
    return _("This message cannot be delivered.")


# Directory ------------------------------------------------------------------------------------------


def _directory_state(request: HttpRequest) -> DirectoryFilter:
    chosen = request.GET.get("tool", "")
    wanted = int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) < 19 else None
    tools = selectors.tools_in_directory(chosen=wanted)
    return DirectoryFilter(request.GET or None, tools=list(tools))


@officers_only
@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    filters = _directory_state(request)
    results = selectors.directory_entries(filters.qs)
    page = Paginator(results, selectors.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/directory.html",
        {
            "form": filters.form,
            "filters": filters,
            "page": page,
            "result_count": page.paginator.count,
            "listed_count": selectors.directory_count(),
            "profile": services.profile_ensure(user=request.user)
            if request.user.role == Role.OFFICER
            else None,
        },
    )


@officers_only
@require_safe
def directory_csv(request: HttpRequest) -> HttpResponse:
    """The directory as it is on screen (same filters), with only the details each officer shows."""
    filters = _directory_state(request)
    header = [
        _("Name"),
        _("Agency"),
        _("Unit"),
        _("Country"),
        _("Languages"),
        _("Expertise"),
        _("Tools used"),
        _("Email"),
        _("Phone"),
        _("Link"),
    ]
    rows = (
        (
            entry.user.name if entry.show_name else "",
            entry.agency if entry.show_agency else "",
            entry.unit if entry.show_unit else "",
            entry.country.name if entry.show_country and entry.country else "",
            ", ".join(entry.language_names) if entry.show_languages else "",
            entry.expertise if entry.show_expertise else "",
            ", ".join(tool.name for tool in entry.published_tools) if entry.show_tools else "",
            entry.user.email if entry.show_email else "",
            entry.phone if entry.show_phone else "",
            request.build_absolute_uri(entry.get_absolute_url()),
        )
        for entry in selectors.directory_entries(filters.qs)
    )
    response = csv_response(filename="global-hub-officers.csv", header=header, rows=rows)
    response["Cache-Control"] = "no-store"
    return response


@officers_only
def officer(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.listed_profile(pk=pk)
    is_self = entry.user_id == request.user.pk
    form = MessageForm(request.POST or None)
    if request.method == "POST" and not is_self and form.is_valid():
        try:
            message = services.conversation_start(
                sender=request.user,
                profile=entry,
                body=form.cleaned_data["body"],
                submission=form.submission(request),
            )
        except MessageRefused as error:
            messages.error(request, _refusal_text(error))
        else:
            messages.success(
                request,
                _("Your message was sent. You will find the replies under Messages."),
            )
            return redirect(message.conversation.get_absolute_url())
    return render(
        request, "community/officer.html", {"entry": entry, "form": form, "is_self": is_self}
    )


@officers_only
def profile(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.OFFICER:
        return render(request, "community/profile_staff.html", {})
    entry = services.profile_ensure(user=request.user)
    initial = {name: getattr(entry, name) for name in PROFILE_VALUE_FIELDS + PROFILE_SHOW_FIELDS}
    initial |= {
        "listed": entry.listed,
        "tools": list(entry.tools.all()),
        "country": str(entry.country or ""),
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        listed, tools = data.pop("listed"), data.pop("tools")
        was_listed = entry.listed
        services.profile_update(profile=entry, listed=listed, tools=tools, **data)
        if listed and not was_listed:
            messages.success(request, _("You are now listed in the officer directory."))
        elif was_listed and not listed:
            messages.success(request, _("You are no longer listed in the officer directory."))
        else:
            messages.success(request, _("Your directory entry was saved."))
        return redirect("community:profile")
    return render(
        request,
        "community/profile.html",
        {"form": form, "entry": entry, "history": selectors.profile_history(entry)},
    )


@officers_only
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    entry = services.profile_ensure(user=request.user)
    if services.profile_withdraw(profile=entry):
        messages.success(request, _("You are no longer listed in the officer directory."))
    return redirect("community:profile")


# Messages -------------------------------------------------------------------------------------------


@officers_only
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        selectors.conversations_of(request.user), selectors.CONVERSATIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = selectors.conversation_rows(page, request.user)
    return render(request, "community/inbox.html", {"page": page, "rows": rows})


@officers_only
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    talk = selectors.conversation_for_user(user=request.user, pk=pk)
    other = talk.other(request.user)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_reply(
                conversation=talk,
                sender=request.user,
                body=form.cleaned_data["body"],
                submission=form.submission(request),
            )
        except MessageRefused as error:
            messages.error(request, _refusal_text(error))
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect(talk.get_absolute_url() + "#latest")
    services.conversation_mark_read(conversation=talk, user=request.user)
    page = Paginator(selectors.conversation_messages(talk), 50)
    page = page.get_page(request.GET.get("page") or page.num_pages)
    return render(
        request,
        "community/conversation.html",
        {
            "conversation": talk,
            "other": other,
            "other_label": selectors.member_label(other),
            "page": page,
            "form": form,
            "i_revealed": talk.has_revealed(request.user),
            "they_revealed": talk.has_revealed(other),
            "i_blocked": selectors.has_blocked(blocker=request.user, blocked=other),
        },
    )


@officers_only
@require_POST
def conversation_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    talk = selectors.conversation_for_user(user=request.user, pk=pk)
    if services.conversation_reveal(conversation=talk, user=request.user):
        messages.success(request, _("Your email address is now shown to the other officer."))
    return redirect(talk.get_absolute_url())


@officers_only
@require_POST
def conversation_block(request: HttpRequest, pk: int) -> HttpResponse:
    talk = selectors.conversation_for_user(user=request.user, pk=pk)
    other = talk.other(request.user)
    if request.POST.get("action") == "unblock":
        services.sender_unblock(blocker=request.user, blocked=other)
        messages.success(request, _("You accept messages from this officer again."))
    else:
        services.sender_block(blocker=request.user, blocked=other)
        messages.success(
            request,
            _("You will receive no more messages from this officer. They are not told."),
        )
    return redirect(talk.get_absolute_url())


@officers_only
def message_report(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.message_for_recipient(user=request.user, pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.message_report(
            message=message, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("Thank you. The hub team will look at this message. You can also block the sender."),
        )
        return redirect(message.conversation.get_absolute_url())
    return render(request, "community/message_report.html", {"form": form, "message": message})


# Events ---------------------------------------------------------------------------------------------


def _time_zone(request: HttpRequest) -> str:
    return services.profile_ensure(user=request.user).time_zone


@officers_only
@require_safe
def events(request: HttpRequest) -> HttpResponse:
    filters = EventFilter(request.GET or None)
    page = Paginator(filters.qs, selectors.EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "community/events.html",
        {
            "form": filters.form,
            "page": page,
            "past": filters.past,
            "my_zone": _time_zone(request),
        },
    )


@officers_only
@require_safe
def event(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.event_for_member(pk=pk)
    registration = selectors.registration_of(event=item, user=request.user)
    return render(
        request,
        "community/event.html",
        {
            "event": item,
            "registration": registration,
            "is_registered": registration is not None
            and registration.state == Registration.State.REGISTERED,
            "waiting_position": selectors.waiting_position(registration) if registration else None,
            "my_zone": _time_zone(request),
            "places_left": None if item.capacity is None else max(item.capacity - item.taken, 0),
        },
    )


@officers_only
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.event_for_member(pk=pk)
    try:
        registration = services.event_register(event=item, user=request.user)
    except services.RegistrationClosed:
        messages.error(request, _("Registration for this event is closed."))
    else:
        if registration.state == Registration.State.REGISTERED:
            messages.success(request, _("You are registered. See you there."))
        else:
            messages.success(
                request,
                _(
                    "The event is full: you are on the waiting list. If a place frees up, it is "
                    "yours automatically and we will tell you by email."
                ),
            )
    return redirect(item.get_absolute_url())


@officers_only
@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.event_for_member(pk=pk)
    registration = selectors.registration_of(event=item, user=request.user)
    if registration is not None and services.registration_cancel(registration=registration):
        messages.success(request, _("Your registration is cancelled."))
    return redirect(item.get_absolute_url())


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@officers_only
@require_safe
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.event_for_member(pk=pk)
    registration = selectors.registration_of(event=item, user=request.user)
    registered = registration is not None and registration.state == Registration.State.REGISTERED
    show_link = {item.pk} if registered else set()
    body = calendar([item], name=item.title, show_link_for=show_link)
    return _ics_response(body, f"event-{item.pk}.ics")


@officers_only
def my_events(request: HttpRequest) -> HttpResponse:
    entry = services.profile_ensure(user=request.user)
    form = TimeZoneForm(request.POST or None, initial={"time_zone": entry.time_zone})
    if request.method == "POST" and form.is_valid():
        services.profile_time_zone_set(profile=entry, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, _("Your time zone was saved."))
        return redirect("community:my_events")
    page = Paginator(selectors.registrations_of(request.user), selectors.EVENTS_PAGE_SIZE)
    feed_url = request.build_absolute_uri(
        reverse("community:calendar_feed", args=[entry.calendar_token])
    )
    return render(
        request,
        "community/my_events.html",
        {
            "form": form,
            "page": page.get_page(request.GET.get("page")),
            "feed_url": feed_url,
            "my_zone": entry.time_zone,
        },
    )


@officers_only
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    entry = services.profile_ensure(user=request.user)
    services.calendar_token_reset(profile=entry)
    messages.success(
        request,
        _(
            "Your calendar has a new address. The old one no longer works: add the new one to your calendar."
        ),
    )
    return redirect(reverse("community:my_events") + "#calendar")


@login_not_required
@never_cache
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A member's events for their calendar program, which cannot log in: the secret address is
    the key. It answers 404 once the member is no longer vetted or the address was reset."""
    from django.utils import translation

    entry = selectors.calendar_owner(token=token)
    with translation.override(entry.user.language):
        items = list(selectors.calendar_events(entry.user))
        body = calendar(
            items, name=_("Global Hub events"), show_link_for={item.pk for item in items}
        )
    return _ics_response(body, "global-hub-events.ics")


# Forum ----------------------------------------------------------------------------------------------


@officers_only
@require_safe
def forum(request: HttpRequest) -> HttpResponse:
    return render(request, "community/forum.html", {"categories": selectors.forum_categories()})


@officers_only
@require_safe
def forum_category(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(ForumCategory, slug=slug)
    page = Paginator(selectors.category_threads(category), selectors.THREADS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "community/forum_category.html", {"category": category, "page": page})


@officers_only
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(ForumCategory, slug=slug)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        thread = services.thread_start(
            category=category,
            author=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            submission=form.submission(request),
        )
        messages.success(request, _("Your thread is posted. You will hear of replies by email."))
        return redirect(thread.get_absolute_url())
    return render(request, "community/thread_new.html", {"category": category, "form": form})


@officers_only
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.thread_for_member(pk=pk)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_reply(
                thread=item,
                author=request.user,
                body=form.cleaned_data["body"],
                submission=form.submission(request),
            )
        except services.ThreadLocked:
            messages.error(request, _("This thread is closed to new replies."))
            return redirect(item.get_absolute_url())
        messages.success(request, _("Your reply is posted."))
        page = selectors.post_page_number(post.pk, item)
        return redirect(f"{item.get_absolute_url()}?page={page}#post-{post.pk}")
    number = request.GET.get("page")
    post_pk = id_from(request.GET.get("post"))
    if number is None and post_pk is not None:
        number = selectors.post_page_number(post_pk, item)
    page = Paginator(selectors.thread_posts(item), selectors.POSTS_PAGE_SIZE).get_page(number)
    return render(
        request,
        "community/thread.html",
        {
            "thread": item,
            "page": page,
            "form": form,
            "following": selectors.is_following(thread=item, user=request.user),
        },
    )


@officers_only
@require_POST
def thread_follow(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.thread_for_member(pk=pk)
    if services.thread_follow_toggle(thread=item, user=request.user):
        messages.success(request, _("You will hear of new replies by email."))
    else:
        messages.success(request, _("You no longer follow this thread."))
    return redirect(item.get_absolute_url())


@officers_only
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.own_post(user=request.user, pk=pk)
    form = PostForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(post=post, body=form.cleaned_data["body"])
        except services.ThreadLocked:
            messages.error(request, _("This thread is closed: posts can no longer be changed."))
        else:
            messages.success(request, _("Your post was updated."))
        return redirect(f"{post.thread.get_absolute_url()}?post={post.pk}#post-{post.pk}")
    return render(request, "community/post_edit.html", {"form": form, "post": post})


@officers_only
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.own_post(user=request.user, pk=pk)
    if request.method == "POST":
        services.post_delete(post=post)
        messages.success(request, _("Your post was deleted."))
        return redirect(f"{post.thread.get_absolute_url()}?post={post.pk}#post-{post.pk}")
    return render(request, "community/post_delete.html", {"post": post})


@officers_only
def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_for_report(pk=pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.post_report(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. The hub team will look at this post."))
        return redirect(f"{post.thread.get_absolute_url()}?post={post.pk}#post-{post.pk}")
    return render(request, "community/post_report.html", {"form": form, "post": post})
