"""The inclusion report, a page of counts in the staff admin (Django's admin autodiscovery reads
this module)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from hub.core.admin_site import AdminReport

from .transparency import inclusion_report


def inclusion_report_view(request: HttpRequest, context: dict) -> HttpResponse:
    return TemplateResponse(
        request, "admin/reports/inclusion_report.html", {**context, "report": inclusion_report()}
    )


admin.site.report_register(
    AdminReport(
        slug="inclusion",
        title=_("Inclusion report"),
        object_name="InclusionReport",
        # The report counts applications by region and gender: for those who may read applications.
        permission="hub.view_officerapplication",
        view=inclusion_report_view,
    )
)
