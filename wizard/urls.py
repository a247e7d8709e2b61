from django.urls import path

from . import views

app_name = "wizard"

urlpatterns = [
    path("wizard/", views.start, name="start"),
    path("wizard/how-it-works/", views.how_it_works, name="how"),
    path("wizard/parameters/", views.parameters, name="parameters"),
    path("wizard/results/", views.results, name="results"),
    path("wizard/<slug:step>/", views.step, name="step"),
    path("shortlists/", views.shortlists, name="shortlists"),
    path("shortlists/new/", views.shortlist_new, name="shortlist_new"),
    path("shortlists/<id:pk>/", views.shortlist_detail, name="shortlist"),
    path("shortlists/<id:pk>/edit/", views.shortlist_edit, name="shortlist_edit"),
    path("shortlists/<id:pk>/delete/", views.shortlist_delete, name="shortlist_delete"),
    path("shortlists/<id:pk>/share/", views.shortlist_share, name="shortlist_share"),
    path("shortlists/<id:pk>/export.csv", views.shortlist_csv, name="shortlist_csv"),
    path("shortlists/<id:pk>/print/", views.shortlist_print, name="shortlist_print"),
]
