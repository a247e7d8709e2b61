from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    # The officer directory
    path("", views.directory, name="directory"),
    path("export.csv", views.directory_csv, name="directory_csv"),
    path("officers/<id:pk>/", views.officer, name="officer"),
    path("me/", views.profile, name="profile"),
    path("me/withdraw/", views.withdraw, name="withdraw"),
    # Messages relayed through the hub
    path("messages/", views.inbox, name="inbox"),
    path("messages/<id:pk>/", views.conversation, name="conversation"),
    path("messages/<id:pk>/reveal/", views.conversation_reveal, name="conversation_reveal"),
    path("messages/<id:pk>/block/", views.conversation_block, name="conversation_block"),
    path("messages/report/<id:pk>/", views.message_report, name="message_report"),
    # Events
    path("events/", views.events, name="events"),
    path("events/mine/", views.my_events, name="my_events"),
    path("events/calendar/reset/", views.calendar_reset, name="calendar_reset"),
    path("events/<id:pk>/", views.event, name="event"),
    path("events/<id:pk>/register/", views.event_register, name="event_register"),
    path("events/<id:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<id:pk>/event.ics", views.event_ics, name="event_ics"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Forum
    path("forum/", views.forum, name="forum"),
    path("forum/threads/<id:pk>/", views.thread, name="thread"),
    path("forum/threads/<id:pk>/follow/", views.thread_follow, name="thread_follow"),
    path("forum/posts/<id:pk>/edit/", views.post_edit, name="post_edit"),
    path("forum/posts/<id:pk>/delete/", views.post_delete, name="post_delete"),
    path("forum/posts/<id:pk>/report/", views.post_report, name="post_report"),
    path("forum/<slug:slug>/", views.forum_category, name="forum_category"),
    path("forum/<slug:slug>/new/", views.thread_new, name="thread_new"),
]
