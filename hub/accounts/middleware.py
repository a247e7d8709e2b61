"""Who may be where, and for how long: default deny, the stages of a signed-in person, locked-out
people, the idle timeout and the absolute lifetime of a session, and acceptance of new terms."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hub.audit.models import AuditEvent
from hub.audit.services import audit_record

from . import session_rescue
from .access import ENROL, MEMBER, PENDING, VERIFY, user_stage
from .consents import consent_required, consents_outdated

SESSION_LOGIN_AT = "hub_login_at"
SESSION_SEEN_AT = "hub_seen_at"
SESSION_CONSENTS_AT = "hub_consents_checked_at"
CONSENT_RECHECK_SECONDS = 300

STAGE_PAGES = {PENDING: "application_status", ENROL: "mfa_setup", VERIFY: "mfa_verify"}


def session_ends_at(session) -> int:
    """When a signed-in session ends unless the person makes a request first: the idle timeout
    after their last request, or the absolute lifetime after logging in, whichever is sooner."""
    return min(
        session[SESSION_SEEN_AT] + settings.SESSION_IDLE_SECONDS,
        session[SESSION_LOGIN_AT] + settings.SESSION_COOKIE_AGE,
    )


class AccessMiddleware(LoginRequiredMiddleware):
    """Default deny, and the rules of who may see what.

    A view needs a signed-in account unless marked ``login_not_required``. The person's stage
    (see :mod:`hub.accounts.access`) decides where they may go; a locked-out person (rejected, suspended,
    deactivated) loses the session on their next request, and sessions end after the idle timeout
    and the absolute lifetime. A long form sent into an ended session is kept for its author and
    comes back, filled in, once they have logged in again (:mod:`hub.accounts.session_rescue`).
    """

    def process_request(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        now = int(time.time())
        # Both marks are written at the session's first request; the last-seen mark then moves on
        # with the person's requests.
        request.session.setdefault(SESSION_LOGIN_AT, now)
        seen_at = request.session.setdefault(SESSION_SEEN_AT, now)
        if user.is_locked_out:
            return self._end_session(
                request, AuditEvent.Event.ACCESS_REVOKED, _("Your access to the hub has ended.")
            )
        if now > session_ends_at(request.session):
            return self._end_session(
                request,
                AuditEvent.Event.SESSION_EXPIRED,
                _("Your session has ended. Please log in again."),
                expired=True,
            )
        if now - seen_at >= 30:  # write the session at most twice a minute
            request.session[SESSION_SEEN_AT] = now
        return None

    def _end_session(self, request, event: str, text: str, *, expired: bool = False):
        user = request.user
        audit_record(event=event, actor=user, request=request)
        logout(request)
        # A session that simply ran out sends the person back where they were once they have
        # logged in again, with any form they were sending kept for them (hub.accounts.session_rescue).
        kept = expired and session_rescue.keep(request, user=user)
        messages.warning(request, session_rescue.KEPT_MESSAGE if kept else text)
        if kept or (expired and request.method == "GET"):
            return redirect_to_login(request.get_full_path())
        return redirect(settings.LOGIN_URL)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not user.is_authenticated:
            # A form sent with a session cookie that no longer opens a session (the person logged
            # out in another tab, the session is gone from the server): kept for the account the
            # form was shown to.
            if session_rescue.keep(request):
                messages.warning(request, session_rescue.KEPT_MESSAGE)
            return self.handle_no_permission(request, view_func)
        stage = user_stage(user, request)
        if stage not in getattr(view_func, "hub_stages", frozenset({MEMBER})):
            if stage == MEMBER:
                return redirect("home")
            url = reverse(STAGE_PAGES[stage])
            if stage != PENDING and request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        allowed_roles = getattr(view_func, "hub_roles", None)
        if stage == MEMBER and allowed_roles is not None and user.role not in allowed_roles:
            raise Http404
        if (
            stage in (MEMBER, PENDING)
            and not getattr(view_func, "hub_consent_exempt", False)
            and not self._consents_current(request)
        ):
            url = reverse("me_consents")
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        if request.method == "GET":
            session_rescue.restore(request)
        return None

    def _consents_current(self, request) -> bool:
        """Has the person accepted the current terms and privacy notice? Checked once per
        CONSENT_RECHECK_SECONDS in a session, so a new version is asked for at the next login, or
        within minutes of its publication."""
        now = int(time.time())
        if now - request.session.get(SESSION_CONSENTS_AT, 0) < CONSENT_RECHECK_SECONDS:
            return True
        if consent_required(request.user) and consents_outdated(request.user):
            return False
        request.session[SESSION_CONSENTS_AT] = now
        return True
