from django.urls import path

from . import views

urlpatterns = [
    path("about/", views.about, name="about"),
    path("about/principles/", views.principles, name="principles"),
    path("about/report/", views.report, name="report"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
