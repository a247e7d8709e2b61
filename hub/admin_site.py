from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class HubAdminSite(admin.AdminSite):
    """Django admin for hub staff: the hub's own login, and a verified second factor required."""

    site_header = _("Global Hub administration")
    site_title = _("Global Hub staff")
    index_title = _("Vetting, curation and review")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and user.is_verified())

    @login_not_required
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One way in for everybody: the hub's login, rate limited, then the second factor.
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise Http404
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


class HubAdminConfig(AdminConfig):
    default_site = "hub.admin_site.HubAdminSite"

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp's own screens would show staff the secrets of people's authenticators and
        # their recovery codes. Staff only ever reset a user's devices (an action on the user).
        for model in (TOTPDevice, StaticDevice):
            if self.default_site and admin.site.is_registered(model):
                admin.site.unregister(model)
