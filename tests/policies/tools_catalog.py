"""Access policy of the tool catalogue."""

from . import LOGIN, OFFICERS, OFFICERS_NOT_FOUND, STATUS, VERIFY

POLICY: dict[str, tuple] = {
    # The catalogue: officers and staff; providers get nothing (404). The sample slug and ids are
    # not real tools or posts, hence 404 even for officers there.
    "tools/": OFFICERS,
    "tools/export.csv": OFFICERS,
    "tools/compare/": OFFICERS,
    "tools/mine/": OFFICERS,
    # Officers' own concerns, and the log of suspended and removed tools.
    "tools/concerns/": OFFICERS,
    "tools/removed/": OFFICERS,
    "tools/feedback/<id:pk>/edit/": OFFICERS_NOT_FOUND,
    "tools/feedback/<id:pk>/delete/": OFFICERS_NOT_FOUND,
    "tools/feedback/<id:pk>/report/": OFFICERS_NOT_FOUND,
    "tools/<slug:slug>/": OFFICERS_NOT_FOUND,
    "tools/<slug:slug>/save/": (LOGIN, STATUS, VERIFY, 405, 404, 405),
    "tools/<slug:slug>/concern/": OFFICERS_NOT_FOUND,
}
