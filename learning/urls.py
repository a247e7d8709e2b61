from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.home, name="home"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource"),
    path("resources/<slug:slug>/done/", views.resource_done, name="resource_done"),
    path("paths/", views.path_list, name="paths"),
    path("paths/<slug:slug>/", views.path_detail, name="path"),
    path("paths/<slug:slug>/progress/", views.path_save, name="path_save"),
    path("glossary/", views.glossary, name="glossary"),
    # Uploaded videos and captions, for members only (see learning.storage and learning.media).
    path("media/<path:name>", views.media, name="media"),
]
