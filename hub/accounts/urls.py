from django.urls import path

from . import views
from .access import MEMBER, VERIFY, stages

urlpatterns = [
    path("", views.landing, name="home"),
    path("join/", views.join, name="join"),
    path("provider/join/", views.provider_join, name="provider_join"),
    path("provider/users/", views.provider_users, name="provider_users"),
    path("provider/invitation/<str:token>/", views.provider_invitation, name="provider_invitation"),
    path("me/application/", views.application_status, name="application_status"),
    path("mfa/setup/", views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa_verify"),
    path("mfa/devices/", views.mfa_devices, name="mfa_devices"),
    path("mfa/devices/<id:pk>/remove/", views.mfa_device_remove, name="mfa_device_remove"),
    path("mfa/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path(
        "mfa/recovery-codes/recovery-codes.txt",
        views.mfa_recovery_codes_download,
        name="mfa_recovery_codes_download",
    ),
    path(
        "mfa/recovery-codes/print/", views.mfa_recovery_codes_print, name="mfa_recovery_codes_print"
    ),
    path(
        "mfa/recovery-codes/saved/", views.mfa_recovery_codes_saved, name="mfa_recovery_codes_saved"
    ),
    path("mfa/passkeys/add/", views.mfa_passkey_add, name="mfa_passkey_add"),
    path("mfa/passkeys/<id:pk>/remove/", views.mfa_passkey_remove, name="mfa_passkey_remove"),
    path("mfa/passkeys/required/", views.mfa_passkey_required, name="mfa_passkey_required"),
    # The passkey ceremonies, in JSON for static/js/passkeys.js. Adding one needs a verified
    # session; using one answers the second-factor step or confirms a change.
    path(
        "mfa/passkeys/registration/begin/",
        views.PasskeyRegisterBegin.as_view(),
        name="passkey_registration_begin",
    ),
    path(
        "mfa/passkeys/registration/complete/",
        views.PasskeyRegisterComplete.as_view(),
        name="passkey_registration_complete",
    ),
    path(
        "mfa/passkeys/authentication/begin/",
        stages(VERIFY, MEMBER)(views.PasskeyAuthenticateBegin.as_view()),
        name="passkey_authentication_begin",
    ),
    path(
        "mfa/passkeys/authentication/complete/",
        stages(VERIFY, MEMBER)(views.PasskeyAuthenticateComplete.as_view()),
        name="passkey_authentication_complete",
    ),
    # allauth pages the hub does not offer: the email address is part of what staff vetted, so
    # changing it goes through staff; sign-in by emailed code is off.
    path("accounts/email/", views.not_offered),
    path("accounts/reauthenticate/", views.not_offered),
    path("accounts/login/code/confirm/", views.not_offered),
]
