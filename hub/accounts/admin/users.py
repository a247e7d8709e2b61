"""Staff screens for accounts: users (suspend, reinstate, reset second factor) and agency domains."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core.admin import EMPTY, table, when

from .. import second_factor, services
from ..models import AgencyDomain, User
from .common import (
    VettingActionsMixin,
    _decision_history,
)

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
            second_factor.devices_reset(user=user, by=request.user, request=request)
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
        rows = [(device.name, when(device.last_used_at)) for device in devices]
        return table([_("Name"), _("Last used")], rows, _("None enrolled."))


@admin.register(AgencyDomain)
class AgencyDomainAdmin(admin.ModelAdmin):
    """The list behind the domain hint: kept by staff, never used to approve anyone."""

    list_display = ["domain", "agency", "country", "added_at"]
    list_filter = ["country"]
    search_fields = ["domain", "agency"]
