"""What the accounts' admin screens share: list filters, evidence tables and the vetting actions."""

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_permission_codename
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Concat, Length, Lower, StrIndex, Substr
from django.db.models.lookups import EndsWith
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hub.core.admin import EMPTY, table, when
from hub.core.regions import countries_in_region, region_choices, region_name, region_of

from .. import services
from ..models import AgencyDomain, VettingDecision

Decision = VettingDecision.Action

# What the buttons say; the decision's own label ("Approved") is what it did.
DECISION_VERBS = {
    Decision.APPROVE: _("Approve"),
    Decision.REJECT: _("Reject"),
    Decision.ASK: _("Ask for more information"),
    Decision.SUSPEND: _("Suspend"),
    Decision.REINSTATE: _("Reinstate"),
}

# Helpers --------------------------------------------------------------------------------------------


def _region_label(country) -> str:
    code = region_of(country)
    return region_name(code) if code else EMPTY


def _decision_history(decisions: QuerySet[VettingDecision]) -> str:
    rows = [
        (
            when(decision.decided_at),
            decision.get_action_display(),
            decision.decided_by or EMPTY,
            decision.message or EMPTY,
        )
        for decision in decisions.select_related("decided_by").order_by("-decided_at", "-pk")
    ]
    return table(
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
