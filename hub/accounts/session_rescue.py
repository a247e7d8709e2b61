"""Nothing typed is lost when a session ends.

Someone who spends forty minutes on one questionnaire section presses Save into a session that has
ended: the idle timeout or the absolute lifetime has passed (:class:`hub.accounts.middleware.AccessMiddleware`
notices, and calls :func:`keep` with the account), or the session cookie no longer opens a session
at all (they logged out in another tab, staff ended their sessions), so the form arrives from an
anonymous visitor (the middleware calls :func:`keep` before sending them to log in).

:func:`keep` puts the submitted fields in the shared cache (Redis in production, so any replica
finds them) for ``SESSION_RESCUE_SECONDS``, under a random key that only the browser's new session
holds. Once the same account has logged in again (password and second factor) and opens the page,
:func:`restore` hands the fields back, once, with a message; the person checks them and presses
Save themselves.

What is kept, and for whom:

- Only the fields of a long form that carries ``includes/session_notice.html``: the form's page
  shows the form on GET, so the person can be sent back to it. The include's hidden field
  (:data:`FIELD`) names the account the page was shown to, as a keyed hash of its id that reveals
  nothing and that only the hub can make; the fields come back only to that account, in that
  browser, and are thrown away as soon as another account opens the page.
- Never passwords, codes, tokens (the CSRF token among them) or files; nothing from the login,
  logout, second-factor or password pages; nothing from a request that fails the CSRF check, so
  another site cannot plant text in someone's form.

On the GET that brings them back, the kept fields stand in for ``request.POST`` while the request
stays a GET. A view written the hub's way, ``form = Form(request.POST or None)`` and saving only
``if request.method == "POST" and form.is_valid()``, shows the form bound to what was typed and
saves nothing, with no code of its own.
"""

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FIELD = "hub_form_owner"
SESSION_KEY = "hub_rescued_forms"  # {path: cache key}
MAX_CHARACTERS = 256 * 1024
MAX_FORMS = 5
KEPT_MESSAGE = gettext_lazy("Your session has ended. Log in again: what you typed has been kept.")

_CACHE_PREFIX = "session-rescue:"
_OWNER = re.compile(r"[0-9a-f]{64}")
# A field named with one of these words is never kept: passwords, one-time and recovery codes, the
# CSRF token, secrets of any kind ("new_password1", "token", "csrfmiddlewaretoken"; not
# "passport" or "postcode"). The form's one-time submission token is kept: it is what makes the
# re-sent form create once.
_SECRET_NAME = re.compile(
    r"(?:^|[_\-.\[])(?:pass(?:word|phrase)?\d*|pwd|token|code|otp|secret|csrf\w*)(?:$|[_\-.\]\d])",
    re.IGNORECASE,
)
_ALWAYS_KEPT = {"submission_token"}
# The pages where a session begins or ends, or a credential is typed: never kept, never returned to.
_NEVER_KEPT_URL_NAMES = re.compile(r"(account|mfa)_")


def form_owner(user) -> str:
    """The mark a long form carries to say which account it was shown to."""
    # The salt keeps the module's first name: forms shown before a release stay theirs after it.
    return salted_hmac(
        "hub.session_rescue.form_owner", str(user.pk), algorithm="sha256"
    ).hexdigest()


def keep(request: HttpRequest, *, user=None) -> bool:
    """Keep the fields of a form sent after its session ended; True when they were kept.

    ``user`` is the account whose session has just ended; without it (the session cookie opened no
    session), the fields belong to the account the form names.
    """
    if request.method != "POST" or _never_kept(request.path_info):
        return False
    owner = request.POST.get(FIELD, "")
    if not _OWNER.fullmatch(owner):
        return False
    if user is not None and not constant_time_compare(owner, form_owner(user)):
        return False
    if not _passes_csrf_check(request):
        return False
    fields = {
        name: values
        for name, values in request.POST.lists()
        if name != FIELD and (name in _ALWAYS_KEPT or not _SECRET_NAME.search(name))
    }
    size = sum(len(name) + sum(len(value) for value in values) for name, values in fields.items())
    if not fields or size > MAX_CHARACTERS:
        return False
    key = _CACHE_PREFIX + secrets.token_urlsafe(32)
    cache.set(
        key,
        {"owner": owner, "path": request.path, "fields": fields},
        settings.SESSION_RESCUE_SECONDS,
    )
    kept = request.session.get(SESSION_KEY, {})
    kept.pop(request.path, None)
    # The newest few: a browser left sending forms for hours does not grow its session without end.
    request.session[SESSION_KEY] = dict([*kept.items(), (request.path, key)][-MAX_FORMS:])
    return True


def restore(request: HttpRequest) -> bool:
    """On the GET of a page whose form was kept for this account, put its fields back, once.

    Call only once the request may open the page (the account is signed in, verified and allowed).
    """
    kept = request.session.get(SESSION_KEY)
    if not kept or request.path not in kept:
        return False
    key = kept.pop(request.path)
    if kept:
        request.session[SESSION_KEY] = kept
    else:
        del request.session[SESSION_KEY]
    entry = cache.get(key)
    cache.delete(key)
    if entry is None or not constant_time_compare(entry["owner"], form_owner(request.user)):
        return False  # expired, or typed by another account: it is gone either way
    data = QueryDict(mutable=True)
    for name, values in entry["fields"].items():
        data.setlist(name, values)
    data._mutable = False
    request.POST = data
    messages.info(
        request,
        _("Your session had ended; what you typed has been kept. Check it and save again."),
    )
    return True


def _never_kept(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return True
    return bool(_NEVER_KEPT_URL_NAMES.match(match.url_name or ""))


def _passes_csrf_check(request: HttpRequest) -> bool:
    # The session's end is noticed before Django's own CSRF check runs (in process_request), so the
    # check is made here: a form another site sent into this browser is never kept.
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is None
