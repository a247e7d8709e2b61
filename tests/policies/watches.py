"""Access policy of the watches (watches/urls.py)."""

from . import LOGIN, OFFICERS, OFFICERS_NOT_FOUND, STATUS, VERIFY

# Plain form posts: a GET is refused, by officers and staff with 405; providers get 404.
OFFICERS_POST_ONLY = (LOGIN, STATUS, VERIFY, 405, 404, 405)

POLICY: dict[str, tuple] = {
    "watches/": OFFICERS,
    "watches/search/": OFFICERS_POST_ONLY,
    "watches/shortlist/": OFFICERS_POST_ONLY,
    # Watch 1 is nobody's here: a watch answers only its owner, everyone else gets 404.
    "watches/<id:pk>/": OFFICERS_NOT_FOUND,
    "watches/<id:pk>/delete/": OFFICERS_NOT_FOUND,
    # The emails' signed link needs no login; "sample-token" is no valid signature: 404 for all.
    "watches/unsubscribe/<str:token>/": (404,) * 6,
}
