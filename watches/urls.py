from django.urls import path

from . import views

app_name = "watches"

urlpatterns = [
    path("", views.watch_list, name="list"),
    path("search/", views.watch_search, name="search"),
    path("shortlist/", views.watch_shortlist, name="shortlist"),
    path("<id:pk>/", views.watch_detail, name="detail"),
    path("<id:pk>/delete/", views.watch_delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
