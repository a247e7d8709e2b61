"""Access policy of the community: the directory, messages, events and the forum are for officers
and staff; providers get nothing (404). Sample ids are not real objects, hence 404 even for officers
there. The calendar feed is public (a calendar program cannot log in) and its secret address is the
key: the sample token matches no one."""

from . import LOGIN, OFFICERS, OFFICERS_NOT_FOUND, STATUS, VERIFY

POST_ONLY = (LOGIN, STATUS, VERIFY, 405, 404, 405)

POLICY: dict[str, tuple] = {
    "community/": OFFICERS,
    "community/export.csv": OFFICERS,
    "community/officers/<int:pk>/": OFFICERS_NOT_FOUND,
    "community/me/": OFFICERS,
    "community/me/withdraw/": POST_ONLY,
    "community/messages/": OFFICERS,
    "community/messages/<int:pk>/": OFFICERS_NOT_FOUND,
    "community/messages/<int:pk>/reveal/": POST_ONLY,
    "community/messages/<int:pk>/block/": POST_ONLY,
    "community/messages/report/<int:pk>/": OFFICERS_NOT_FOUND,
    "community/events/": OFFICERS,
    "community/events/mine/": OFFICERS,
    "community/events/calendar/reset/": POST_ONLY,
    "community/events/<int:pk>/": OFFICERS_NOT_FOUND,
    "community/events/<int:pk>/register/": POST_ONLY,
    "community/events/<int:pk>/cancel/": POST_ONLY,
    "community/events/<int:pk>/event.ics": OFFICERS_NOT_FOUND,
    "community/calendar/<str:token>.ics": (404,) * 6,
    "community/forum/": OFFICERS,
    "community/forum/threads/<int:pk>/": OFFICERS_NOT_FOUND,
    "community/forum/threads/<int:pk>/follow/": POST_ONLY,
    "community/forum/posts/<int:pk>/edit/": OFFICERS_NOT_FOUND,
    "community/forum/posts/<int:pk>/delete/": OFFICERS_NOT_FOUND,
    "community/forum/posts/<int:pk>/report/": OFFICERS_NOT_FOUND,
    "community/forum/<slug:slug>/": OFFICERS_NOT_FOUND,
    "community/forum/<slug:slug>/new/": OFFICERS_NOT_FOUND,
}
