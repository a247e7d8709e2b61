"""The staff admin: the hub's own login, a verified second factor, the home page of what waits for
staff, and reports that apps add."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class HubAdminSite(admin.AdminSite):
    """Django admin for hub staff: the hub's own login, and a verified second factor required."""

    site_header = _("Global Hub administration")
    site_title = _("Global Hub staff")
    index_title = _("Vetting, curation and review")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and user.is_verified()
            and not self._passkey_missing(request)
        )

    @staticmethod
    def _passkey_missing(request: HttpRequest) -> bool:
        """With HUB_STAFF_REQUIRE_PASSKEY, a session verified by a code does not open the admin:
        only one whose second factor was a passkey, which a fake site cannot use."""
        passkey = apps.get_model("django_otp_webauthn", "WebAuthnCredential")
        return settings.HUB_STAFF_REQUIRE_PASSKEY and not isinstance(
            getattr(request.user, "otp_device", None), passkey
        )

    @login_not_required
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One way in for everybody: the hub's login, rate limited, then the second factor.
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            user = request.user
            if user.is_active and user.is_staff and user.is_verified():
                return redirect("mfa_passkey_required")
            raise Http404
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")

    # Reports: pages of counts for staff, listed on the index beside the models. The app that
    # computes a report adds it with report_register(); the admin site knows none of them.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reports: list[AdminReport] = []
        self._queues: list[AdminQueue] = []

    # The home page opens on what waits for staff: each app adds its queues with queue_register().

    def queue_register(self, queue: AdminQueue) -> None:
        self._queues.append(queue)

    def queues_for(self, request: HttpRequest) -> list[dict]:
        """Each queue this person may open, with its count and the age of its oldest item: one
        aggregate query per queue."""
        now = timezone.now()
        shown = []
        for queue in self._queues:
            opts = queue.model._meta
            if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                continue
            figures = queue.pending().aggregate(count=Count("pk"), oldest=Min(queue.since))
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=self.name
            )
            shown.append(
                {
                    "title": queue.title,
                    "count": figures["count"],
                    "oldest": figures["oldest"] if figures["count"] else None,
                    "waited_days": (now - figures["oldest"]).days if figures["oldest"] else None,
                    "url": f"{url}?{urlencode(queue.query)}",
                }
            )
        return shown

    def index(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "queues": self.queues_for(request)}
        return super().index(request, extra_context)

    def report_register(self, report: AdminReport) -> None:
        self._reports.append(report)

    def _reports_for(self, request: HttpRequest) -> list[AdminReport]:
        return [report for report in self._reports if request.user.has_perm(report.permission)]

    def get_urls(self):
        reports = [
            path(
                f"reports/{report.slug}/",
                self.admin_view(self._report_view(report)),
                name=f"{report.slug}_report",
            )
            for report in self._reports
        ]
        return [*reports, *super().get_urls()]

    def _report_view(self, report: AdminReport):
        def view(request: HttpRequest) -> HttpResponse:
            if not request.user.has_perm(report.permission):
                raise PermissionDenied
            context = {**self.each_context(request), "title": report.title, "subtitle": None}
            request.current_app = self.name
            return report.view(request, context)

        return view

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        app_list = super().get_app_list(request, app_label)
        reports = self._reports_for(request) if app_label is None else []
        if reports:
            entries = [
                {
                    "name": report.title,
                    "object_name": report.object_name,
                    "admin_url": reverse(f"admin:{report.slug}_report", current_app=self.name),
                    "add_url": None,
                    "view_only": True,
                    "perms": {"view": True},
                }
                for report in reports
            ]
            app_list.insert(
                0,
                {
                    "name": _("Reports"),
                    "app_label": "reports",
                    "app_url": entries[0]["admin_url"],
                    "models": entries,
                },
            )
        return app_list


@dataclass(frozen=True)
class AdminReport:
    """A page of counts for staff in the admin, at ``reports/<slug>/`` (URL name
    ``admin:<slug>_report``), shown to whoever has ``permission``. ``view(request, context)``
    gets the admin's context with the title and returns the page."""

    slug: str
    title: str
    object_name: str
    permission: str
    view: Callable[[HttpRequest, dict], HttpResponse]


@dataclass(frozen=True)
class AdminQueue:
    """Work that waits for staff, shown on the admin's home page: ``pending()`` returns the waiting
    rows of ``model``, ``since`` names the field (or aggregate annotation) whose earliest value is the
    oldest item's arrival, and ``query`` filters the model's admin list to the same rows. Shown to
    staff who may view ``model``."""

    title: str
    model: type[Model]
    pending: Callable[[], QuerySet]
    since: str
    query: dict[str, str]


class HubAdminConfig(AdminConfig):
    default_site = "hub.core.admin_site.HubAdminSite"

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # django-otp's own screens would show staff the secrets of people's authenticators and
        # their recovery codes. Staff only ever reset a user's devices (an action on the user).
        for model in (TOTPDevice, StaticDevice):
            if self.default_site and admin.site.is_registered(model):
                admin.site.unregister(model)
