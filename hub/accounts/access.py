"""Who may open a view: markers read by :class:`hub.accounts.middleware.AccessMiddleware`.

Every signed-in person is at one *stage*: ``pending`` (applied, waiting for vetting), ``enrol``
(approved, no authenticator yet), ``verify`` (authenticator, but no code given this session) or
``member`` (vetted and verified). A view opens at the ``member`` stage only, unless it says
otherwise with :func:`stages`; among members, :func:`roles` narrows it to some roles, and everyone
else gets a 404 so that nothing about the page leaks.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Organisation, Role, User

PENDING, ENROL, VERIFY, MEMBER = "pending", "enrol", "verify", "member"


def stages(*allowed: str) -> Callable:
    def decorator(view):
        view.hub_stages = frozenset(allowed)
        return view

    return decorator


def roles(*allowed: str) -> Callable:
    def decorator(view):
        view.hub_roles = frozenset(allowed)
        return view

    return decorator


def consent_not_required(view):
    """The view stays open to a member who has yet to accept a new version of the terms or the
    privacy notice: the page where they accept it, and their own data (export, deletion)."""
    view.hub_consent_exempt = True
    return view


officers_only = roles(Role.OFFICER, Role.STAFF)
providers_only = roles(Role.PROVIDER)
public = login_not_required


def user_stage(user: User, request: HttpRequest) -> str:
    if not user.is_vetted:
        return PENDING
    # Verified this session means one of their devices answered (django-otp has just loaded it),
    # so the common case needs no query of its own.
    if user.is_verified():
        return MEMBER
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return ENROL
    return VERIFY


def organisation_for_user(user: User, pk: int) -> Organisation:
    """The user's own organisation, or 404 for any other id."""
    if user.organisation_id != pk:
        raise Http404
    return get_object_or_404(Organisation, pk=pk)
