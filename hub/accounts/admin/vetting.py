"""Staff screens for vetting officer applications and provider organisations.

Evidence is read-only. Every vetting decision goes through :mod:`hub.accounts.services`, one person or
organisation at a time, so each one is audited and emailed like a decision taken anywhere else.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hub.audit.models import AuditEvent
from hub.audit.services import audit_record
from hub.core.admin import EMPTY, table, when
from hub.core.admin_site import AdminQueue

from .. import services
from ..models import OfficerApplication, Organisation, Status
from .common import (
    DomainMatchFilter,
    EmailVerifiedFilter,
    EvidenceAdmin,
    LanguageFilter,
    RegionFilter,
    _decision_history,
    _domain_hint,
    _region_label,
    agency_for_domain,
    email_domain,
    email_verified_exists,
)

# Officer applications -------------------------------------------------------------------------------


@admin.register(OfficerApplication)
class OfficerApplicationAdmin(EvidenceAdmin):
    list_display = [
        "name",
        "email",
        "agency",
        "country",
        "region",
        "submitted_at",
        "status",
        "email_verified",
        "domain_hint",
    ]
    list_display_links = ["name", "email"]
    list_filter = [
        ("user__status", admin.ChoicesFieldListFilter),
        "country",
        RegionFilter,
        "submitted_at",
        EmailVerifiedFilter,
        DomainMatchFilter,
        ("agency", admin.AllValuesFieldListFilter),
        LanguageFilter,
    ]
    date_hierarchy = "submitted_at"
    search_fields = [
        "user__name",
        "user__email",
        "agency",
        "unit",
        "verifier_name",
        "verifier_email",
    ]
    fieldsets = [
        (
            _("Person"),
            {
                "fields": [
                    "account",
                    "name",
                    "email",
                    "email_verified",
                    "domain_hint",
                    "status",
                    "preferred_language",
                ]
            },
        ),
        (
            _("Application"),
            {
                "fields": [
                    "agency",
                    "unit",
                    "country",
                    "region",
                    "position",
                    "areas_of_work",
                    "verifier_name",
                    "verifier_email",
                    "intended_use",
                    "languages_spoken",
                    "gender",
                    "applicant_note",
                    "submitted_at",
                ]
            },
        ),
        (_("Consents"), {"fields": ["consents"]}),
        (_("Decision history"), {"fields": ["decision_history"]}),
    ]
    readonly_fields = [
        "account",
        "name",
        "email",
        "email_verified",
        "domain_hint",
        "status",
        "preferred_language",
        "region",
        "languages_spoken",
        "consents",
        "decision_history",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(user_email_domain=email_domain("user__email"))
            .annotate(
                email_verified=email_verified_exists("user_id", "user__email"),
                domain_agency=agency_for_domain("user_email_domain"),
            )
        )

    def vetting_status(self, obj) -> str:
        return obj.user.status

    def vetting_apply(self, request, obj, action, message) -> bool:
        return services.user_decide(
            user=obj.user, action=action, by=request.user, message=message, request=request
        )

    @admin.display(description=_("name"), ordering="user__name")
    def name(self, obj) -> str:
        return obj.user.name

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, obj) -> str:
        return obj.user.email

    @admin.display(description=_("region"))
    def region(self, obj) -> str:
        return _region_label(obj.country)

    @admin.display(description=_("status"), ordering="user__status")
    def status(self, obj) -> str:
        return obj.user.get_status_display()

    @admin.display(description=_("email verified"), boolean=True, ordering="email_verified")
    def email_verified(self, obj) -> bool:
        return obj.email_verified

    @admin.display(description=_("domain hint (not proof)"), ordering="domain_agency")
    def domain_hint(self, obj) -> str:
        return _domain_hint(obj.domain_agency)

    @admin.display(description=_("preferred language"))
    def preferred_language(self, obj) -> str:
        return obj.user.get_language_display()

    @admin.display(description=_("languages"))
    def languages_spoken(self, obj) -> str:
        names = dict(settings.LANGUAGES)
        return ", ".join(str(names.get(code, code)) for code in obj.languages) or EMPTY

    @admin.display(description=_("account"))
    def account(self, obj) -> str:
        url = reverse("admin:hub_user_change", args=[obj.user_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Account, second factor"))

    @admin.display(description=_("consents"))
    def consents(self, obj) -> str:
        rows = [
            (
                str(consent.page_version.page),
                consent.page_version.version,
                when(consent.accepted_at),
            )
            for consent in obj.user.consents.select_related("page_version__page")
        ]
        return table([_("Page"), _("Version"), _("Accepted")], rows, _("No consents recorded."))

    @admin.display(description=_("decisions, newest first"))
    def decision_history(self, obj) -> str:
        return _decision_history(obj.user.vetting_decisions.all())


# Provider organisations -----------------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(EvidenceAdmin):
    list_display = ["name", "type", "country", "region", "status", "submitted_at", "users_count"]
    list_filter = ["status", "type", "country", RegionFilter, "submitted_at"]
    date_hierarchy = "submitted_at"
    search_fields = ["name", "website", "contact_name", "contact_email", "users__email"]
    fieldsets = [
        (
            _("Organisation"),
            {
                "fields": [
                    "name",
                    "type",
                    "country",
                    "region",
                    "website",
                    "description",
                    "status",
                    "submitted_at",
                    "decided_at",
                ]
            },
        ),
        (_("Contact person"), {"fields": ["contact_name", "contact_email"]}),
        (_("Users"), {"fields": ["user_table"]}),
        (_("Decision history"), {"fields": ["decision_history"]}),
    ]
    readonly_fields = ["region", "user_table", "decision_history"]
    # Staff may record a provider whose tool they researched themselves: it has no users, and the
    # record is the staff member's own, so it is approved as it is created.
    add_fields = [
        "name",
        "type",
        "country",
        "website",
        "description",
        "contact_name",
        "contact_email",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(users_count=Count("users"))

    def has_add_permission(self, request) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(_("Provider researched by hub staff"), {"fields": self.add_fields})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.status = Status.APPROVED
            obj.decided_at = timezone.now()
        super().save_model(request, obj, form, change)
        if not change:
            audit_record(
                event=AuditEvent.Event.VETTING,
                target=obj,
                request=request,
                decision="recorded_by_staff",
                status=obj.status,
            )

    def vetting_status(self, obj) -> str:
        return obj.status

    def vetting_apply(self, request, obj, action, message) -> bool:
        return services.organisation_decide(
            organisation=obj, action=action, by=request.user, message=message, request=request
        )

    @admin.display(description=_("region"))
    def region(self, obj) -> str:
        return _region_label(obj.country)

    @admin.display(description=_("users"), ordering="users_count")
    def users_count(self, obj) -> int:
        return obj.users_count

    @admin.display(description=_("users"))
    def user_table(self, obj) -> str:
        users = obj.users.annotate(email_verified=email_verified_exists()).order_by("date_joined")
        rows = [
            (
                format_html(
                    '<a href="{}">{}</a>', reverse("admin:hub_user_change", args=[user.pk]), user
                ),
                user.name or EMPTY,
                user.get_status_display(),
                gettext("Yes") if user.email_verified else gettext("No"),
                when(user.date_joined),
            )
            for user in users
        ]
        return table(
            [_("Email"), _("Name"), _("Status"), _("Email verified"), _("Joined")],
            rows,
            _("No users."),
        )

    @admin.display(description=_("decisions, newest first"))
    def decision_history(self, obj) -> str:
        return _decision_history(obj.vetting_decisions.all())


# What waits on the staff home ----------------------------------------------------------------------

admin.site.queue_register(
    AdminQueue(
        title=_("Officer applications to vet"),
        model=OfficerApplication,
        pending=lambda: OfficerApplication.objects.filter(user__status=Status.PENDING),
        since="submitted_at",
        query={"user__status__exact": Status.PENDING},
    )
)
admin.site.queue_register(
    AdminQueue(
        title=_("Provider organisations to vet"),
        model=Organisation,
        pending=lambda: Organisation.objects.filter(status=Status.PENDING),
        since="submitted_at",
        query={"status__exact": Status.PENDING},
    )
)
