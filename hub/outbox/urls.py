from django.urls import path

from . import views

urlpatterns = [
    path("me/notices/", views.notices, name="notices"),
]
