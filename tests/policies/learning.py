"""Access policy of the learning centre: officers and staff; providers and applicants get nothing."""

from . import LOGIN, OFFICERS, OFFICERS_NOT_FOUND, STATUS, VERIFY

POST_ONLY = (LOGIN, STATUS, VERIFY, 405, 404, 405)

POLICY: dict[str, tuple] = {
    "learn/": OFFICERS,
    "learn/paths/": OFFICERS,
    "learn/glossary/": OFFICERS,
    # The sample slug names no resource or path, hence 404 even for officers.
    "learn/resources/<slug:slug>/": OFFICERS_NOT_FOUND,
    "learn/resources/<slug:slug>/done/": POST_ONLY,
    "learn/paths/<slug:slug>/": OFFICERS_NOT_FOUND,
    "learn/paths/<slug:slug>/progress/": POST_ONLY,
    # Video and captions files: members of the right role only, and only files of a visible
    # resource ("sample" is none). Nobody else gets a byte (tests/learning/test_media.py).
    "learn/media/<path:name>": OFFICERS_NOT_FOUND,
}
