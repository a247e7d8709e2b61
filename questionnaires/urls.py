from django.urls import path

from . import views

app_name = "provider"

# Mounted at /provider/ (config.urls), next to the hub's own /provider/join/, /provider/users/ and
# /provider/invitation/<token>/.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tools/new/", views.tool_new, name="tool_new"),
    path("tools/<id:pk>/", views.tool, name="tool"),
    path("tools/<id:pk>/preview/", views.tool_preview, name="tool_preview"),
    path("tools/<id:pk>/edit/", views.revision_start, name="revision_start"),
    path("tools/<id:pk>/discard/", views.revision_discard, name="revision_discard"),
    path(
        "tools/<id:pk>/technical/<slug:section>/",
        views.technical_section,
        name="technical_section",
    ),
    path("tools/<id:pk>/ethics/<slug:section>/", views.ethics_section, name="ethics_section"),
    path("tools/<id:pk>/submit/", views.submit, name="submit"),
    path("tools/<id:pk>/confirm/", views.confirm, name="confirm"),
    path("tools/<id:pk>/contest/", views.contest, name="contest"),
]
