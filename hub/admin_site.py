from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
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

    # Reports: pages of counts for staff, listed on the index beside the models.

    def get_urls(self):
        report = path(
            "reports/inclusion/",
            self.admin_view(self.inclusion_report),
            name="inclusion_report",
        )
        return [report, *super().get_urls()]

    def may_see_reports(self, request: HttpRequest) -> bool:
        # The report counts applications by region and gender: for those who may read applications.
        return request.user.has_perm("hub.view_officerapplication")

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = super().get_app_list(request, app_label)
        if app_label is None and self.may_see_reports(request):
            url = reverse("admin:inclusion_report", current_app=self.name)
            report = {
                "name": _("Inclusion report"),
                "object_name": "InclusionReport",
                "admin_url": url,
                "add_url": None,
                "view_only": True,
                "perms": {"view": True},
            }
            app_list.insert(
                0,
                {"name": _("Reports"), "app_label": "reports", "app_url": url, "models": [report]},
            )
        return app_list

    def inclusion_report(self, request: HttpRequest) -> HttpResponse:
        # The admin site is built before the models are loaded: import what reads them on use.
        from hub.transparency import inclusion_report

        if not self.may_see_reports(request):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": _("Inclusion report"),
            "subtitle": None,
            "report": inclusion_report(),
        }
        request.current_app = self.name
        return TemplateResponse(request, "admin/hub/inclusion_report.html", context)


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
