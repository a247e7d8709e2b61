"""The root URLconf: every app's URLs, mounted where members and visitors find them."""

from django.contrib import admin
from django.urls import include, path, register_converter

from hub import me_views, numbers_views, views
from hub.converters import IdConverter

# <id:pk> rather than <int:pk> in every URLconf: ids the database could not hold are a 404.
register_converter(IdConverter, "id")

urlpatterns = [
    path("", views.landing, name="home"),
    path("about/", views.about, name="about"),
    path("about/principles/", views.principles, name="principles"),
    path("about/report/", views.report, name="report"),
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("numbers/", numbers_views.numbers, name="numbers"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("join/", views.join, name="join"),
    path("provider/join/", views.provider_join, name="provider_join"),
    path("provider/users/", views.provider_users, name="provider_users"),
    path("provider/invitation/<str:token>/", views.provider_invitation, name="provider_invitation"),
    path("me/", me_views.me, name="me"),
    path("me/consents/", me_views.consents, name="me_consents"),
    path("me/export/", me_views.export_request, name="me_export"),
    path("me/export/<id:pk>/", me_views.export_download, name="me_export_download"),
    path("me/delete/", me_views.delete, name="me_delete"),
    path("me/delete/cancel/", me_views.delete_cancel, name="me_delete_cancel"),
    path("me/application/", views.application_status, name="application_status"),
    path("me/notices/", views.notices, name="notices"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("mfa/devices/", views.mfa_devices, name="mfa_devices"),
    path("mfa/devices/<id:pk>/remove/", views.mfa_device_remove, name="mfa_device_remove"),
    path("mfa/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    # allauth pages the hub does not offer: the email address is part of what staff vetted, so
    # changing it goes through staff; sign-in by emailed code is off.
    path("accounts/email/", views.not_offered),
    path("accounts/reauthenticate/", views.not_offered),
    path("accounts/login/code/confirm/", views.not_offered),
    path("accounts/", include("allauth.urls")),
    path("tools/", include("tools_catalog.urls")),
    path("", include("wizard.urls")),  # /wizard/ and /shortlists/
    path("learn/", include("learning.urls")),
    path("community/", include("community.urls")),
    path("provider/", include("questionnaires.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "hub.views.bad_request"
handler403 = "hub.views.permission_denied"
handler404 = "hub.views.page_not_found"
handler500 = "hub.views.server_error"
