"""Joining the hub, the applicant's page, the second factor, and a provider's colleagues; the front
door (/) sends each person where they stand."""

import time
from base64 import b32encode

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.utils import rewrite_exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from hub.core.http import safe_next
from hub.core.idempotency import creates_once
from hub.core.qr import qr_svg
from hub.pages.models import Page
from hub.pages.selectors import page_current_version

from . import passkeys, second_factor, services
from .access import ENROL, MEMBER, PENDING, VERIFY, providers_only, stages, user_stage
from .forms import (
    NEW_APP_CODE_WRONG,
    ApplicantAnswerForm,
    CurrentFactorForm,
    DeviceAddForm,
    EnrolForm,
    InvitationAcceptForm,
    InvitationForm,
    OfficerApplicationForm,
    PasskeyAddForm,
    PasskeyChangeForm,
    ProviderApplicationForm,
    VerifyForm,
    code_refused_message,
)
from .middleware import STAGE_PAGES
from .models import Role, Status

# The front door ---------------------------------------------------------------------------------------


@login_not_required
@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        stage = user_stage(request.user, request)
        if stage != MEMBER:
            return redirect(STAGE_PAGES[stage])
        return render(request, "hub/home.html", {})
    version = page_current_version(slug=Page.Slug.LANDING)
    return render(request, "hub/landing.html", {"version": version})


# Applications ---------------------------------------------------------------------------------------


def _apply(request: HttpRequest, form_class, service, template: str) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action="signup")
        if limited is not None:
            return limited
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        creates_once(service)(
            request=request,
            password=form.cleaned_data["password1"],
            submission=form.submission(request),
            **form.application_data(),
        )
        return redirect("account_email_verification_sent")
    return render(request, template, {"form": form})


@login_not_required
@never_cache
def join(request: HttpRequest) -> HttpResponse:
    return _apply(request, OfficerApplicationForm, services.officer_apply, "hub/join.html")


@login_not_required
@never_cache
def provider_join(request: HttpRequest) -> HttpResponse:
    return _apply(
        request, ProviderApplicationForm, services.provider_apply, "hub/provider_join.html"
    )


@stages(PENDING)
@never_cache
def application_status(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ApplicantAnswerForm(request.POST or None)
    if request.method == "POST" and user.status == Status.MORE_INFO and form.is_valid():
        services.application_answer(user=user, note=form.cleaned_data["note"], request=request)
        messages.success(request, _("Thank you. Your answer has been sent to the hub team."))
        return redirect("application_status")
    subject = user.organisation if user.role == Role.PROVIDER else user
    last_question = subject.vetting_decisions.filter(action="ask").first() if subject else None
    return render(
        request,
        "hub/application_status.html",
        {"form": form, "last_question": last_question, "organisation": user.organisation},
    )


# Second factor --------------------------------------------------------------------------------------


def _verified_login(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session key once the second factor is proven (session fixation).
    request.session.cycle_key()


@stages(ENROL, MEMBER)
@never_cache
def mfa_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    first_device = not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # The same secret until enrolment succeeds, so a reload does not break a scanned code.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = second_factor.totp_device_start(user=user)
    # Only the very first authenticator comes without a code from one already on the account.
    needs_current_factor = second_factor.second_factor_exists(user)
    if needs_current_factor:
        form = DeviceAddForm(
            request.POST or None,
            user=user,
            stage="device_add",
            request=request,
            new_device=device,
        )
    else:
        form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.totp_device_confirm(
            device=device,
            token=form.cleaned_data["token"],
            name=form.cleaned_data["name"],
            request=request,
        ):
            _verified_login(request, device)
            if first_device:
                codes = second_factor.recovery_codes_generate(user=user, request=request)
                return _show_codes_once(
                    request, codes, next_url=safe_next(request), first_time=True
                )
            messages.success(request, _("The new authenticator is ready to use."))
            return redirect("mfa_devices")
        form.add_error("token", _code_error(device))
    secret = device.config_url  # otpauth:// URL carrying the secret, shown only to its owner
    return render(
        request,
        "hub/mfa_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(secret),
            "secret": _base32_secret(device),
            "first_device": first_device,
            "needs_current_factor": needs_current_factor,
            "next": safe_next(request),
        },
    )


def _base32_secret(device: TOTPDevice) -> str:
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@stages(VERIFY)
@never_cache
def mfa_verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, user=request.user, stage="login", request=request)
    if request.method == "POST" and form.is_valid():
        device = form.device
        _verified_login(request, device)
        if isinstance(device, StaticDevice):
            messages.warning(
                request,
                _(
                    "You used a recovery code. %(count)s codes are left: make new ones if you are running out."
                )
                % {"count": device.token_set.count()},
            )
        return redirect(safe_next(request))
    return render(
        request,
        "hub/mfa_verify.html",
        {
            "form": form,
            "next": safe_next(request),
            "has_passkeys": passkeys.passkeys_of(request.user).exists(),
        },
    )


def _devices_page(request: HttpRequest, recovery_form: CurrentFactorForm) -> HttpResponse:
    user = request.user
    recovery = StaticDevice.objects.filter(user=user).first()
    return render(
        request,
        "hub/mfa_devices.html",
        {
            "devices": TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id"),
            "recovery_count": recovery.token_set.count() if recovery else 0,
            "recovery_form": recovery_form,
            "passkeys": passkeys.passkeys_of(user),
        },
    )


@never_cache
def mfa_devices(request: HttpRequest) -> HttpResponse:
    return _devices_page(request, CurrentFactorForm(user=request.user, stage="recovery_codes"))


@require_POST
@never_cache
def mfa_device_remove(request: HttpRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(TOTPDevice, pk=pk, user=request.user, confirmed=True)
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).count() < 2:
        messages.error(request, _("Add another authenticator before you remove your last one."))
        return redirect("mfa_devices")
    # The button in the list of devices opens this page; its own form comes back with the code.
    form = CurrentFactorForm(
        request.POST if "current_code" in request.POST else None,
        user=request.user,
        stage="device_remove",
        request=request,
    )
    if form.is_valid():
        second_factor.totp_device_remove(device=device, request=request)
        if form.device.persistent_id != device.persistent_id:
            otp_login(request, form.device)  # the session stays verified by what just answered
        messages.success(request, _("The authenticator was removed."))
        return redirect("mfa_devices")
    return render(request, "hub/mfa_device_remove.html", {"form": form, "device": device})


SESSION_NEW_CODES = "hub_new_recovery_codes"
# New codes can be downloaded or printed for this long after they are shown, in the same session.
SESSION_CODES_TO_SAVE = "hub_recovery_codes_to_save"
CODES_TO_SAVE_SECONDS = 15 * 60


def _show_codes_once(request: HttpRequest, codes: list[str], *, next_url: str, first_time: bool):
    # Post/redirect/get: a reload must not make new codes, so the page reads them from the session
    # once and forgets them.
    request.session[SESSION_NEW_CODES] = {
        "codes": codes,
        "next": next_url,
        "first_time": first_time,
    }
    return redirect("mfa_recovery_codes")


@never_cache
def mfa_recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CurrentFactorForm(
            request.POST, user=request.user, stage="recovery_codes", request=request
        )
        if not form.is_valid():
            return _devices_page(request, form)
        codes = second_factor.recovery_codes_renew(user=request.user, request=request)
        return _show_codes_once(request, codes, next_url=reverse("mfa_devices"), first_time=False)
    shown = request.session.pop(SESSION_NEW_CODES, None)
    if shown is None:
        return redirect("mfa_devices")
    # Kept a little longer, for the text file and the printable page, until the owner says they
    # have saved them.
    request.session[SESSION_CODES_TO_SAVE] = {
        "codes": shown["codes"],
        "until": time.time() + CODES_TO_SAVE_SECONDS,
    }
    return render(request, "hub/mfa_recovery_codes.html", shown)


def _codes_to_save(request: HttpRequest) -> list[str] | None:
    kept = request.session.get(SESSION_CODES_TO_SAVE)
    if kept is None:
        return None
    if kept["until"] < time.time():
        del request.session[SESSION_CODES_TO_SAVE]
        return None
    return kept["codes"]


@require_safe
@never_cache
def mfa_recovery_codes_download(request: HttpRequest) -> HttpResponse:
    codes = _codes_to_save(request)
    if codes is None:
        return redirect("mfa_devices")
    text = render_to_string(
        "hub/mfa_recovery_codes.txt",
        {"codes": codes, "user": request.user, "now": timezone.now()},
        request=request,
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="global-hub-recovery-codes.txt"'
    return response


@require_safe
@never_cache
def mfa_recovery_codes_print(request: HttpRequest) -> HttpResponse:
    codes = _codes_to_save(request)
    if codes is None:
        return redirect("mfa_devices")
    return render(
        request, "hub/mfa_recovery_codes_print.html", {"codes": codes, "printed_at": timezone.now()}
    )


@require_POST
@never_cache
def mfa_recovery_codes_saved(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_CODES_TO_SAVE, None)
    return redirect(safe_next(request, default="mfa_devices"))


def _code_error(device) -> str:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        return code_refused_message((details or {}).get("locked_until"))
    return NEW_APP_CODE_WRONG


# Passkeys and security keys --------------------------------------------------------------------------
# The ceremonies are django-otp-webauthn's JSON views (driven by static/js/passkeys.js); the hub's
# rules wrap them: a passkey is created only after a current factor was given on the form, and a
# passkey used by someone already verified stands for the current factor on the next change.

PASSKEY_CONFIRM_FIRST = _lazy(
    "Confirm that it is you first: enter a code, then create the passkey within five minutes."
)


class PasskeyRegisterBegin(BeginCredentialRegistrationView):
    def check_can_register(self):
        if not passkeys.passkey_add_allowed(self.request):
            raise webauthn_errors.NotVerified(detail=PASSKEY_CONFIRM_FIRST)


class PasskeyRegisterComplete(CompleteCredentialRegistrationView):
    def check_can_register(self):
        if not passkeys.passkey_add_allowed(self.request):
            raise webauthn_errors.NotVerified(detail=PASSKEY_CONFIRM_FIRST)

    def post(self, *args, **kwargs):
        state = self.get_state()
        with rewrite_exceptions(logger=None):
            device = self.get_helper().register_complete(
                user=self.request.user, state=state, data=self.request.data
            )
        if passkeys.passkey_added(request=self.request, device=device) is None:
            raise webauthn_errors.NotVerified(detail=PASSKEY_CONFIRM_FIRST)
        messages.success(self.request, _("The passkey was added. You can use it to log in."))
        return JsonResponse({"id": device.pk, "redirect_url": reverse("mfa_devices")})


class PasskeyAuthenticateBegin(BeginCredentialAuthenticationView):
    pass


class PasskeyAuthenticateComplete(CompleteCredentialAuthenticationView):
    def complete_auth(self, device) -> None:
        request = self.request
        if device.user_id != request.user.pk:
            raise webauthn_errors.CredentialNotFound()
        if request.user.is_verified():
            # Already verified: the passkey confirms the person for a change, or for /admin/.
            passkeys.passkey_confirmation_note(request=request, device=device)
            passkeys.passkey_used(request=request, device=device, stage="confirm")
        else:
            _verified_login(request, device)
            passkeys.passkey_used(request=request, device=device, stage="login")

    def get_success_url(self) -> str:
        return safe_next(self.request)


def _passkey_change_form(request: HttpRequest, form_class, stage: str, *, removing=None):
    confirmed_by = passkeys.passkey_confirmation(request)
    if removing is not None and confirmed_by == removing:
        # A passkey does not confirm its own removal: the session it verifies would end with it.
        confirmed_by = None
    # The list's Remove button posts nothing else: it opens the page that asks for the factor.
    sent = request.method == "POST" and "confirm" in request.POST
    return form_class(
        request.POST if sent else None,
        user=request.user,
        stage=stage,
        request=request,
        confirmed_by=confirmed_by,
    )


def _keep_verified_by(request: HttpRequest, form) -> None:
    if form.confirmed_by is None:
        otp_login(request, form.device)  # the session stays verified by what just answered
    passkeys.passkey_confirmation_use(request)


@never_cache
def mfa_passkey_add(request: HttpRequest) -> HttpResponse:
    """Step one, without JavaScript: a name and the current factor. Step two, in the browser: the
    passkey is created, within a few minutes."""
    form = _passkey_change_form(request, PasskeyAddForm, "passkey_add")
    if form.is_bound and form.is_valid():
        _keep_verified_by(request, form)
        passkeys.passkey_add_allow(request=request, name=form.cleaned_data["name"])
        return render(request, "hub/mfa_passkey_create.html", {"name": form.cleaned_data["name"]})
    return render(
        request,
        "hub/mfa_passkey_add.html",
        {"form": form, "has_passkeys": passkeys.passkeys_of(request.user).exists()},
    )


@never_cache
def mfa_passkey_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        device = passkeys.passkey_for_user(request.user, pk)
    except WebAuthnCredential.DoesNotExist:
        raise Http404 from None
    form = _passkey_change_form(request, PasskeyChangeForm, "passkey_remove", removing=device)
    if form.is_bound and form.is_valid():
        passkeys.passkey_remove(device=device, request=request)
        _keep_verified_by(request, form)
        messages.success(request, _("The passkey was removed."))
        return redirect("mfa_devices")
    others = passkeys.passkeys_of(request.user).exclude(pk=device.pk).exists()
    return render(
        request,
        "hub/mfa_passkey_remove.html",
        {"form": form, "device": device, "other_passkeys": others},
    )


@never_cache
def mfa_passkey_required(request: HttpRequest) -> HttpResponse:
    """Staff whose session was verified with a code, when /admin/ asks for a passkey."""
    if not passkeys.staff_passkey_required(request.user):
        raise Http404
    return render(
        request,
        "hub/mfa_passkey_required.html",
        {
            "has_passkeys": passkeys.passkeys_of(request.user).exists(),
            "next": reverse("admin:index"),
        },
    )


# Provider organisation users ------------------------------------------------------------------------


@providers_only
def provider_users(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invitation_send(
            organisation=organisation,
            email=form.cleaned_data["email"],
            by=request.user,
            request=request,
        )
        messages.success(request, _("The invitation has been sent."))
        return redirect("provider_users")
    return render(
        request,
        "hub/provider_users.html",
        {
            "organisation": organisation,
            "members": organisation.users.order_by("name", "email"),
            "invitations": organisation.invitations.filter(accepted_at__isnull=True)[:50],
            "form": form,
        },
    )


@login_not_required
@never_cache
def provider_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None or request.user.is_authenticated:
        return render(request, "hub/provider_invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except services.InvitationUnusable:
            # Only the owner of the invited mailbox holds this link: telling them is safe.
            messages.error(
                request,
                _(
                    "This email address already has an account on the hub. Log in with it, or "
                    "reset its password; ask your colleague to invite another address if needed."
                ),
            )
            return redirect("account_login")
        messages.success(
            request, _("Your account is ready. Log in to set up your authenticator app.")
        )
        return redirect("account_login")
    return render(request, "hub/provider_invitation.html", {"form": form, "invitation": invitation})


@login_not_required
def not_offered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    raise Http404
