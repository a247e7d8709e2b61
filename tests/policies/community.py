"""Access policy of the community: the directory, messages, events and the forum are for officers
and staff; providers get nothing (404). Sample ids are not real objects, hence 404 even for officers
there. The calendar feed is public (a calendar program cannot log in) and its secret address is the
key: the sample token matches no one."""

from . import LOGIN, OFFICERS, OFFICERS_NOT_FOUND, STATUS, VERIFY

POST_ONLY = (LOGIN, STATUS, VERIFY, 405, 404, 405)

POLICY: dict[str, tuple] = {
    "community/": OFFICERS,
    "community/export.csv": OFFICERS,
    "community/officers/<id:pk>/": OFFICERS_NOT_FOUND,
    "community/me/": OFFICERS,
    "community/me/withdraw/": POST_ONLY,
    "community/messages/": OFFICERS,
    "community/messages/<id:pk>/": OFFICERS_NOT_FOUND,
    "community/messages/<id:pk>/reveal/": POST_ONLY,
    "community/messages/<id:pk>/block/": POST_ONLY,
    "community/messages/report/<id:pk>/": OFFICERS_NOT_FOUND,
    "community/events/": OFFICERS,
    "community/events/mine/": OFFICERS,
    "community/events/calendar/reset/": POST_ONLY,
    "community/events/<id:pk>/": OFFICERS_NOT_FOUND,
    "community/events/<id:pk>/register/": POST_ONLY,
    "community/events/<id:pk>/cancel/": POST_ONLY,
    "community/events/<id:pk>/event.ics": OFFICERS_NOT_FOUND,
    "community/calendar/<str:token>.ics": (404,) * 6,
    "community/forum/": OFFICERS,
    "community/forum/threads/<id:pk>/": OFFICERS_NOT_FOUND,
    "community/forum/threads/<id:pk>/follow/": POST_ONLY,
    "community/forum/posts/<id:pk>/edit/": OFFICERS_NOT_FOUND,
    "community/forum/posts/<id:pk>/delete/": OFFICERS_NOT_FOUND,
    "community/forum/posts/<id:pk>/report/": OFFICERS_NOT_FOUND,
    "community/forum/<slug:slug>/": OFFICERS_NOT_FOUND,
    "community/forum/<slug:slug>/new/": OFFICERS_NOT_FOUND,
}
