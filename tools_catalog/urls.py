from django.urls import path

from . import views

app_name = "tools"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("export.csv", views.catalogue_csv, name="csv"),
    path("compare/", views.compare, name="compare"),
    path("mine/", views.my_tools, name="mine"),
    # Literal paths before "<slug:slug>/", which would take them for a tool's address.
    path("concerns/", views.my_concerns, name="my_concerns"),
    path("removed/", views.removed, name="removed"),
    path("feedback/<id:pk>/edit/", views.feedback_edit, name="feedback_edit"),
    path("feedback/<id:pk>/delete/", views.feedback_delete, name="feedback_delete"),
    path("feedback/<id:pk>/report/", views.feedback_report, name="feedback_report"),
    path("<slug:slug>/", views.tool_detail, name="detail"),
    path("<slug:slug>/save/", views.tool_save, name="save"),
    path("<slug:slug>/concern/", views.concern_new, name="concern_new"),
]
