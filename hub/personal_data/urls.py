from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/consents/", views.consents, name="me_consents"),
    path("me/export/", views.export_request, name="me_export"),
    path("me/export/<id:pk>/", views.export_download, name="me_export_download"),
    path("me/delete/", views.delete, name="me_delete"),
    path("me/delete/cancel/", views.delete_cancel, name="me_delete_cancel"),
]
