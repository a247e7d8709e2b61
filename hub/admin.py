"""Staff screens: vetting of officers and provider organisations, accounts, audit log and outbox.

Evidence is read-only. Every vetting decision goes through :mod:`hub.services`, one person or
organisation at a time, so each one is audited and emailed like a decision taken anywhere else.
"""

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_permission_codename
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat, Length, Lower, StrIndex, Substr
from django.db.models.lookups import EndsWith
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from modeltranslation.admin import TranslationAdmin

from . import services
from .models import (
    AgencyDomain,
    AuditEvent,
    OfficerApplication,
    Organisation,
    OutboxEmail,
    Page,
    PageVersion,
    User,
    VettingDecision,
)
from .regions import countries_in_region, region_choices, region_name, region_of

Decision = VettingDecision.Action
EMPTY = "–"

# What the buttons say; the decision's own label ("Approved") is what it did.
DECISION_VERBS = {
    Decision.APPROVE: _("Approve"),
    Decision.REJECT: _("Reject"),
    Decision.ASK: _("Ask for more information"),
    Decision.SUSPEND: _("Suspend"),
    Decision.REINSTATE: _("Reinstate"),
}

# Helpers --------------------------------------------------------------------------------------------


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else EMPTY


def _region_label(country) -> str:
    code = region_of(country)
    return region_name(code) if code else EMPTY


def _table(headers: list, rows: list[tuple], empty: str) -> str:
    if not rows:
        return format_html("<p>{}</p>", empty)
    head = format_html_join("", '<th scope="col">{}</th>', ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body)


def _decision_history(decisions: QuerySet[VettingDecision]) -> str:
    rows = [
        (
            _when(decision.decided_at),
            decision.get_action_display(),
            decision.decided_by or EMPTY,
            decision.message or EMPTY,
        )
        for decision in decisions.select_related("decided_by").order_by("-decided_at", "-pk")
    ]
    return _table(
        [_("When"), _("Decision"), _("By"), _("Reason or message")],
        rows,
        _("No decisions yet."),
    )


def email_verified_exists(user_ref: str = "pk", email_ref: str = "email") -> Exists:
    """True when the account's own email address has been verified through allauth."""
    return Exists(
        EmailAddress.objects.filter(
            user=OuterRef(user_ref), email__iexact=OuterRef(email_ref), verified=True
        )
    )


def email_domain(email_ref: str) -> Substr:
    return Substr(Lower(email_ref), StrIndex(email_ref, Value("@")) + 1)


def agency_for_domain(domain_ref: str) -> Subquery:
    """The agency of the known domain the address belongs to (also its subdomains), or None."""
    known = (
        AgencyDomain.objects.annotate(dotted=Concat(Value("."), "domain"))
        .filter(Q(domain=OuterRef(domain_ref)) | EndsWith(OuterRef(domain_ref), F("dotted")))
        .order_by(Length("domain").desc())
        .values("agency")[:1]
    )
    return Subquery(known)


def _domain_hint(agency: str | None) -> str:
    if agency:
        return gettext("✓ matches %(agency)s") % {"agency": agency}
    return EMPTY


# Filters --------------------------------------------------------------------------------------------


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"
    country_field = "country"

    def lookups(self, request, model_admin):
        return region_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                **{f"{self.country_field}__in": countries_in_region(self.value())}
            )
        return queryset


class YesNoFilter(admin.SimpleListFilter):
    annotation = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(**{self.annotation: self.value() == "yes"})
        return queryset


class EmailVerifiedFilter(YesNoFilter):
    title = _("email verified")
    parameter_name = "verified"
    annotation = "email_verified"


class DomainMatchFilter(YesNoFilter):
    title = _("email domain matches a known agency")
    parameter_name = "domain_match"

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(domain_agency__isnull=self.value() == "no")
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("languages")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, _(name)) for code, name in settings.LANGUAGES]

    def queryset(self, request, queryset):
        if self.value() in dict(settings.LANGUAGES):
            # The list is stored as JSON text: match the quoted code ("fr"), on every database.
            return queryset.filter(languages__icontains=f'"{self.value()}"')
        return queryset


# Vetting actions ------------------------------------------------------------------------------------


class MessageForm(forms.Form):
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 6, "cols": 80}))

    def __init__(self, *args, required: bool, label: str, help_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["message"]
        field.required, field.label, field.help_text = required, label, help_text


class VettingActionsMixin:
    """Approve / reject / ask / suspend / reinstate as admin actions, on one row or fifty.

    A subclass says what a row's status is and how to apply a decision to it; the actions call
    the service for each row and report what changed and what was skipped. Reject and ask (and
    suspend, optionally) first show a page asking for the text that is emailed to the person.
    """

    change_form_template = "admin/hub/vetting_change_form.html"
    vetting_actions: tuple[str, ...] = ("approve", "reject", "ask", "suspend", "reinstate")

    def vetting_status(self, obj) -> str:
        raise NotImplementedError

    def vetting_apply(self, request: HttpRequest, obj, action: str, message: str) -> bool:
        raise NotImplementedError

    def has_vet_permission(self, request: HttpRequest) -> bool:
        codename = get_permission_codename("change", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    @admin.action(description=_("Approve selected %(verbose_name_plural)s"), permissions=["vet"])
    def approve(self, request, queryset):
        return self._vetting_decide(request, queryset, Decision.APPROVE)

    @admin.action(description=_("Reject selected %(verbose_name_plural)s…"), permissions=["vet"])
    def reject(self, request, queryset):
        return self._vetting_with_message(
            request,
            queryset,
            Decision.REJECT,
            required=True,
            label=_("Reason for the rejection"),
            help_text=_("Sent to the applicant by email. Write it plainly."),
        )

    @admin.action(
        description=_("Ask selected %(verbose_name_plural)s for more information…"),
        permissions=["vet"],
    )
    def ask(self, request, queryset):
        return self._vetting_with_message(
            request,
            queryset,
            Decision.ASK,
            required=True,
            label=_("What do you need to know?"),
            help_text=_("Sent to the applicant by email; they answer on their status page."),
        )

    @admin.action(description=_("Suspend selected %(verbose_name_plural)s…"), permissions=["vet"])
    def suspend(self, request, queryset):
        return self._vetting_with_message(
            request,
            queryset,
            Decision.SUSPEND,
            required=False,
            label=_("Reason for the suspension (optional)"),
            help_text=_("Sent by email. Their open sessions end at their next click."),
        )

    @admin.action(description=_("Reinstate selected %(verbose_name_plural)s"), permissions=["vet"])
    def reinstate(self, request, queryset):
        return self._vetting_decide(request, queryset, Decision.REINSTATE)

    def _vetting_with_message(self, request, queryset, action, *, required, label, help_text):
        data = request.POST if request.POST.get("confirm") == "yes" else None
        form = MessageForm(data, required=required, label=label, help_text=help_text)
        if form.is_bound and form.is_valid():
            return self._vetting_decide(request, queryset, action, form.cleaned_data["message"])
        return self.confirmation_page(
            request,
            queryset,
            action_name=request.POST.get("action", action),
            form=form,
            title=gettext("%(decision)s: %(items)s")
            % {"decision": DECISION_VERBS[action], "items": self.opts.verbose_name_plural},
            submit=DECISION_VERBS[action],
        )

    def _vetting_decide(self, request, queryset, action: str, message: str = ""):
        changed, skipped = [], []
        for obj in queryset:
            applied = self.vetting_apply(request, obj, action, message)
            (changed if applied else skipped).append(obj)
        label = Decision(action).label
        if changed:
            self.message_user(
                request,
                ngettext(
                    "%(decision)s: %(count)d %(item)s changed.",
                    "%(decision)s: %(count)d %(items)s changed.",
                    len(changed),
                )
                % {
                    "decision": label,
                    "count": len(changed),
                    "item": self.opts.verbose_name,
                    "items": self.opts.verbose_name_plural,
                },
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d skipped because “%(decision)s” does not apply to its current status: %(names)s.",
                    "%(count)d skipped because “%(decision)s” does not apply to their current status: %(names)s.",
                    len(skipped),
                )
                % {
                    "count": len(skipped),
                    "decision": label,
                    "names": ", ".join(str(obj) for obj in skipped[:10])
                    + ("…" if len(skipped) > 10 else ""),
                },
                messages.WARNING,
            )
        return self._back_to_evidence(request, changed + skipped)

    def _evidence_url(self, request, objects: list) -> str | None:
        # A decision taken from the evidence page returns there; from the list, to the list.
        if request.POST.get("_return") == "change" and len(objects) == 1:
            opts = self.opts
            return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[objects[0].pk])
        return None

    def _back_to_evidence(self, request, objects: list):
        url = self._evidence_url(request, objects)
        return HttpResponseRedirect(url) if url else None

    def confirmation_page(
        self, request, queryset, *, action_name: str, form: forms.Form, title: str, submit: str
    ) -> TemplateResponse:
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        objects = list(queryset)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "objects": objects,
            "form": form,
            "action_name": action_name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "return_to": request.POST.get("_return", ""),
            "submit_label": submit,
            "changelist_url": changelist_url,
            "cancel_url": self._evidence_url(request, objects) or changelist_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/hub/decision_form.html", context)

    def evidence_actions(self, request, obj) -> list[tuple[str, str]]:
        """(action name, label) for the buttons on the evidence page: those that apply now."""
        if obj is None or not self.has_vet_permission(request):
            return []
        status = self.vetting_status(obj)
        return [
            (name, DECISION_VERBS[name])
            for name in self.vetting_actions
            if name in Decision.values and status in services.DECISIONS[name][1]
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["evidence_actions"] = self.evidence_actions(request, obj)
        context["changelist_url"] = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


class EvidenceAdmin(VettingActionsMixin, admin.ModelAdmin):
    """Vetting queue and read-only evidence page: nobody edits what an applicant said."""

    list_per_page = 100
    actions = VettingActionsMixin.vetting_actions

    def has_add_permission(self, request) -> bool:
        return False  # applications come in only through the public forms

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The list may run actions; an object's page is for reading only.
        return obj is None and super().has_change_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


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
                _when(consent.accepted_at),
            )
            for consent in obj.user.consents.select_related("page_version__page")
        ]
        return _table([_("Page"), _("Version"), _("Accepted")], rows, _("No consents recorded."))

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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(users_count=Count("users"))

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
                _when(user.date_joined),
            )
            for user in users
        ]
        return _table(
            [_("Email"), _("Name"), _("Status"), _("Email verified"), _("Joined")],
            rows,
            _("No users."),
        )

    @admin.display(description=_("decisions, newest first"))
    def decision_history(self, obj) -> str:
        return _decision_history(obj.vetting_decisions.all())


# Accounts -------------------------------------------------------------------------------------------


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."))
        return email


@admin.register(User)
class UserAdmin(VettingActionsMixin, DjangoUserAdmin):
    """Accounts of every role. Status changes only through the actions, so each is audited."""

    add_form = UserCreationForm
    vetting_actions = ("suspend", "reinstate")
    actions = ["suspend", "reinstate", "reset_second_factor"]
    ordering = ["email"]
    list_display = ["email", "name", "role", "status", "organisation", "is_staff", "last_login"]
    list_filter = ["role", "status", "is_staff", "is_active", "language"]
    list_select_related = ["organisation"]
    search_fields = ["email", "name", "organisation__name"]
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "language", "organisation")}),
        (_("Vetting"), {"fields": ("role", "status", "decision_history")}),
        (_("Second factor"), {"fields": ("second_factor",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "role", "language", "password1", "password2"),
            },
        ),
    )
    # Who may hand out power: only superusers change roles and permissions.
    superuser_fields = (
        "role",
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
    )

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "decision_history", "second_factor", "last_login", "date_joined"]
        if not request.user.is_superuser:
            fields += self.superuser_fields
        return fields

    def vetting_status(self, obj) -> str:
        return obj.status

    def vetting_apply(self, request, obj, action, message) -> bool:
        return services.user_decide(
            user=obj, action=action, by=request.user, message=message, request=request
        )

    def evidence_actions(self, request, obj) -> list[tuple[str, str]]:
        actions = super().evidence_actions(request, obj)
        if obj is not None and self.has_vet_permission(request):
            actions.append(("reset_second_factor", gettext("Reset second factor")))
        return actions

    @admin.action(description=_("Reset second factor of selected users…"), permissions=["vet"])
    def reset_second_factor(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            return self.confirmation_page(
                request,
                queryset,
                action_name="reset_second_factor",
                form=forms.Form(),
                title=gettext("Reset second factor"),
                submit=gettext("Reset second factor"),
            )
        users = list(queryset)
        for user in users:
            services.devices_reset(user=user, by=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "Second factor reset for %(count)d user: they enrol again at their next login.",
                "Second factor reset for %(count)d users: they enrol again at their next login.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
        return self._back_to_evidence(request, users)

    @admin.display(description=_("decisions, newest first"))
    def decision_history(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        return _decision_history(obj.vetting_decisions.all())

    @admin.display(description=_("authenticators"))
    def second_factor(self, obj) -> str:
        if obj is None or obj.pk is None:
            return EMPTY
        devices = TOTPDevice.objects.filter(user=obj, confirmed=True).order_by("pk")
        rows = [(device.name, _when(device.last_used_at)) for device in devices]
        return _table([_("Name"), _("Last used")], rows, _("None enrolled."))


@admin.register(AgencyDomain)
class AgencyDomainAdmin(admin.ModelAdmin):
    """The list behind the domain hint: kept by staff, never used to approve anyone."""

    list_display = ["domain", "agency", "country", "added_at"]
    list_filter = ["country"]
    search_fields = ["domain", "agency"]


# Records --------------------------------------------------------------------------------------------


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 100

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "event", "actor_label", "target_label", "ip"]
    list_filter = ["event", "at"]
    date_hierarchy = "at"
    search_fields = ["actor_label", "target_label"]
    ordering = ["-at", "-pk"]
    fields = [
        "at",
        "event",
        "actor_label",
        "target_type",
        "target_id",
        "target_label",
        "ip",
        "details",
    ]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "template", "state", "attempts", "sent_at"]
    list_filter = ["state", "template"]
    search_fields = ["to"]
    ordering = ["-created_at", "-pk"]
    fields = [
        "created_at",
        "to",
        "template",
        "language",
        "subject",
        "state",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
    ]


# Public pages ---------------------------------------------------------------------------------------


class PageVersionInline(admin.TabularInline):
    model = PageVersion
    fields = ["version", "title", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["slug"]
    inlines = [PageVersionInline]


@admin.register(PageVersion)
class PageVersionAdmin(TranslationAdmin):
    list_display = ["page", "version", "title", "published_at"]
    list_filter = ["page"]
    search_fields = ["title", "body"]

    def get_readonly_fields(self, request, obj=None):
        # A published version is a record of what people read and agreed to: publish a new one instead.
        if obj is not None and obj.published_at is not None:
            return [f.name for f in obj._meta.fields]
        return []
