"""The member's own data (/me/): profile, consents, a copy of their data, deleting the account.

Applicants (still waiting for vetting) reach these pages too: they may take their data or leave.
They stay open to a member who has yet to accept new terms, so nobody is held to terms they refuse.
"""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from hub.accounts.access import MEMBER, PENDING, consent_not_required, stages
from hub.accounts.consents import (
    consent_overview,
    consent_required,
    consents_accept,
    consents_outdated,
)
from hub.accounts.forms import code_refused_message
from hub.accounts.middleware import SESSION_CONSENTS_AT
from hub.accounts.otp_throttle import second_factor_retry_at
from hub.core.http import safe_next
from hub.core.private_files import private_file_response

from . import selectors, services
from .forms import ConsentAcceptForm, DeletionForm, LanguageForm
from .registry import me_sections


def _own_data(view):
    return stages(PENDING, MEMBER)(consent_not_required(never_cache(view)))


@_own_data
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LanguageForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your language for emails has been saved."))
        return redirect("me")
    latest = selectors.data_export_latest(user)
    sections = me_sections(request)
    return render(
        request,
        "hub/me/index.html",
        {
            "form": form,
            "consents": consent_overview(user),
            # What the other apps show here (the directory entry, concerns about tools).
            "agreements": [s.render(request) for s in sections if s.place == "consents"],
            "sections": [s.render(request) for s in sections if s.place == "main"],
            "export": latest,
            "export_in_progress": selectors.data_export_in_progress(latest),
            "deletion": selectors.deletion_pending(user),
            "export_hours": int(settings.EXPORT_TTL.total_seconds() // 3600),
        },
    )


@_own_data
def consents(request: HttpRequest) -> HttpResponse:
    user = request.user
    outdated = consents_outdated(user) if consent_required(user) else []
    if not outdated:
        return redirect(safe_next(request, default="me"))
    form = ConsentAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consents_accept(user=user, versions=outdated, request=request)
        request.session.pop(SESSION_CONSENTS_AT, None)
        messages.success(request, _("Thank you. Your acceptance has been recorded."))
        return redirect(safe_next(request))
    return render(
        request,
        "hub/me/consents.html",
        {"form": form, "versions": outdated, "next": safe_next(request)},
    )


@_own_data
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    export = services.data_export_request(user=request.user, request=request)
    if export.is_ready:
        messages.success(request, _("Your copy is ready. You can download it below."))
    else:
        messages.success(
            request,
            _(
                "We are preparing a copy of your data. We will email you and leave a notice when it "
                "is ready."
            ),
        )
    return redirect(reverse("me") + "#export")


@_own_data
@require_safe
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = selectors.data_export_for_download(user=request.user, pk=pk)
    services.data_export_downloaded(export=export, request=request)
    stamp = timezone.localtime(export.ready_at).strftime("%Y-%m-%d")
    return private_file_response(
        request,
        export.file.storage,
        export.file.name,
        download_as=f"global-hub-my-data-{stamp}.json",
    )


@_own_data
def delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    pending = selectors.deletion_pending(user)
    if pending is not None:
        return redirect("me")
    needs_code = selectors.deletion_needs_code(user)
    form = DeletionForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        if not needs_code:  # a password may be guessed: as many tries as allauth's re-login
            limited = ratelimit.consume_or_429(request, action="reauthenticate")
            if limited is not None:
                return limited
        retry_at = second_factor_retry_at(user) if needs_code else None
        confirmed = services.identity_confirm(
            user=user,
            code=form.cleaned_data.get("code", ""),
            password=form.cleaned_data.get("password", ""),
            request=request,
        )
        if confirmed:
            deletion = services.deletion_request(user=user, request=request)
            messages.warning(
                request,
                _(
                    "Your account will be erased on %(date)s. Until then you can change your mind "
                    "on this page."
                )
                % {"date": _date(deletion.erase_after)},
            )
            return redirect("me")
        if retry_at is not None:
            form.add_error("code", code_refused_message(retry_at))
        elif needs_code:
            form.add_error(
                "code",
                _("This code is not right. Try the newest code from your app, or a recovery code."),
            )
        else:
            form.add_error("password", _("This password is not right."))
    return render(
        request,
        "hub/me/delete.html",
        {
            "form": form,
            "needs_code": needs_code,
            "grace_days": selectors.deletion_grace().days,
        },
    )


@_own_data
@require_POST
def delete_cancel(request: HttpRequest) -> HttpResponse:
    if services.deletion_cancel(user=request.user, request=request):
        messages.success(request, _("Your account will not be erased. Nothing has changed."))
    return redirect("me")


def _date(value) -> str:
    return date_format(timezone.localtime(value), "DATE_FORMAT")
