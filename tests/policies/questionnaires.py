"""Access policy of the provider portal: provider users only; everyone else gets 404.

The sample id (1) is nobody's tool in the matrix, so even the provider gets 404 there: another
organisation's tool answers exactly as a tool that does not exist.
"""

from . import LOGIN, STATUS, VERIFY

PROVIDERS = (LOGIN, STATUS, VERIFY, 404, 200, 404)
PROVIDERS_NOT_FOUND = (LOGIN, STATUS, VERIFY, 404, 404, 404)
PROVIDERS_POST_ONLY = (LOGIN, STATUS, VERIFY, 404, 405, 404)

POLICY: dict[str, tuple] = {
    "provider/": PROVIDERS,
    "provider/tools/new/": PROVIDERS,
    "provider/tools/<id:pk>/": PROVIDERS_NOT_FOUND,
    "provider/tools/<id:pk>/preview/": PROVIDERS_NOT_FOUND,
    "provider/tools/<id:pk>/edit/": PROVIDERS_POST_ONLY,
    "provider/tools/<id:pk>/discard/": PROVIDERS_POST_ONLY,
    "provider/tools/<id:pk>/technical/<slug:section>/": PROVIDERS_NOT_FOUND,
    "provider/tools/<id:pk>/ethics/<slug:section>/": PROVIDERS_NOT_FOUND,
    "provider/tools/<id:pk>/submit/": PROVIDERS_NOT_FOUND,
    "provider/tools/<id:pk>/confirm/": PROVIDERS_POST_ONLY,
    "provider/tools/<id:pk>/contest/": PROVIDERS_POST_ONLY,
}
