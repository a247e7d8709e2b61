"""The forms of joining the hub (officers, providers, invited colleagues) and of the second factor."""

import math

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.core.idempotency import SubmissionTokenMixin

from . import second_factor
from .models import OfficerApplication, Organisation, OrganisationType, User
from .otp_throttle import second_factor_retry_at

TERMS_LABEL = _(
    'I accept the <a href="{}">terms of engagement</a> and the <a href="{}">privacy notice</a>.'
)


def _terms_label() -> SafeString:
    # Translated when the form is shown, in the reader's language, with the links filled in.
    return format_html(str(TERMS_LABEL), reverse("terms"), reverse("privacy"))


terms_label = lazy(_terms_label, SafeString)


class PasswordFieldsMixin(forms.Form):
    """Password and confirmation, checked against the hub's password rules."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Avoid common words and your name."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            candidate = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ApplicantEmailMixin:
    # No check that the address is free: whether someone is a member must not show here. The
    # application service tells the owner of a taken address instead (hub.accounts.services).
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


LANGUAGE_CHOICES = list(settings.LANGUAGES)


class OfficerApplicationForm(
    SubmissionTokenMixin, ApplicantEmailMixin, PasswordFieldsMixin, forms.ModelForm
):
    """Join the Global Hub: what an officer tells staff so that they can verify the application."""

    name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Official email address"),
        help_text=_("The address your agency gave you. We will send a confirmation link to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    accept_terms = forms.BooleanField(label=terms_label(), required=True)

    field_order = [
        "name", "email", "agency", "unit", "country", "position", "areas_of_work",
        "verifier_name", "verifier_email", "intended_use", "languages", "other_languages", "gender",
        "password1", "password2", "accept_terms",
    ]  # fmt: skip

    class Meta:
        model = OfficerApplication
        fields = [
            "agency", "unit", "country", "position", "areas_of_work", "verifier_name",
            "verifier_email", "intended_use", "languages", "other_languages", "gender",
        ]  # fmt: skip
        labels = {
            "agency": _("Agency"),
            "unit": _("Unit"),
            "country": _("Country"),
            "position": _("Position or role"),
            "areas_of_work": _("Areas of work"),
            "verifier_name": _(
                "Name of your supervisor or another person who can confirm your role"
            ),
            "verifier_email": _("Their official email address"),
            "intended_use": _("How would you use the Global Hub?"),
            "gender": _("Gender (optional)"),
            "other_languages": _("Other languages you work in (optional)"),
        }
        help_texts = {
            "unit": _("For example: online child protection unit, cybercrime unit."),
            "areas_of_work": _(
                "For example: victim identification, digital forensics, undercover work."
            ),
            "verifier_email": _(
                "We may write to this person to confirm your role. We will not add them to the hub."
            ),
            "gender": _(
                "Used only for counting, to check that the hub reaches women and men equally. Never shown to anyone."
            ),
        }
        widgets = {
            "gender": forms.RadioSelect,
            "areas_of_work": forms.Textarea(attrs={"rows": 3}),
            "intended_use": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons, without Django's "---------" choice.
        self.fields["gender"].choices = OfficerApplication.Gender.choices

    def clean_verifier_email(self):
        verifier = self.cleaned_data["verifier_email"].strip().lower()
        if verifier and verifier == self.data.get("email", "").strip().lower():
            raise forms.ValidationError(_("The verifying contact must be another person."))
        return verifier

    def application_data(self) -> dict:
        data = {field: self.cleaned_data[field] for field in self.Meta.fields}
        data["name"] = self.cleaned_data["name"]
        data["email"] = self.cleaned_data["email"]
        return data


class ProviderApplicationForm(
    SubmissionTokenMixin, ApplicantEmailMixin, PasswordFieldsMixin, forms.ModelForm
):
    """A technology provider organisation and its first user apply together."""

    user_name = forms.CharField(
        label=_("Your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your work email address"),
        help_text=_("We will send a confirmation link to it. You will log in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    accept_terms = forms.BooleanField(label=terms_label(), required=True)

    field_order = [
        "name", "type", "country", "website", "description", "user_name", "email",
        "password1", "password2", "accept_terms",
    ]  # fmt: skip

    class Meta:
        model = Organisation
        fields = ["name", "type", "country", "website", "description"]
        labels = {
            "name": _("Organisation name"),
            "type": _("Type of organisation"),
            "country": _("Country"),
            "website": _("Website"),
            "description": _("What does your organisation do? (optional)"),
        }
        widgets = {"type": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = OrganisationType.choices

    def application_data(self) -> dict:
        data = {field: self.cleaned_data[field] for field in self.Meta.fields}
        data["user_name"] = self.cleaned_data["user_name"]
        data["email"] = self.cleaned_data["email"]
        return data


class ApplicantAnswerForm(forms.Form):
    note = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


class EnrolForm(TokenForm):
    token = forms.CharField(
        label=_("The 6-digit code from your app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    name = forms.CharField(
        label=_("A name for this authenticator (optional)"),
        max_length=64,
        required=False,
        help_text=_("For example: work phone."),
    )


NEW_APP_CODE_WRONG = _(
    "This code is not right. Check the time on your phone and try the newest code."
)


def code_refused_message(retry_at) -> str:
    if retry_at is None:
        return _gettext(
            "This code is not right. Try the newest code from your app, or a recovery code."
        )
    minutes = max(1, math.ceil((retry_at - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many wrong codes: codes are not checked for now. Try again in %(count)d minute.",
        "Too many wrong codes: codes are not checked for now. Try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


class SecondFactorMixin:
    """The form's ``factor_field`` must hold a second factor of ``user``: a code from one of their
    authenticator apps, or an unused recovery code (used up by the check). It is checked last,
    once everything else on the form is right, so that a typing mistake elsewhere costs no code.
    The device that accepted it is ``self.device``."""

    factor_field = "current_code"

    def __init__(self, *args, user, stage: str, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.stage, self.request = user, stage, request
        self.device = None

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get(self.factor_field)
        if code and not self.errors:
            retry_at = second_factor_retry_at(self.user)
            self.device = second_factor.second_factor_check(
                user=self.user, token=code, stage=self.stage, request=self.request
            )
            if self.device is None:
                self.add_error(self.factor_field, code_refused_message(retry_at))
        return cleaned


class VerifyForm(SecondFactorMixin, TokenForm):
    factor_field = "token"


class CurrentFactorForm(SecondFactorMixin, forms.Form):
    """Changing how someone logs in needs their second factor now, not only a signed-in session."""

    current_code = forms.CharField(
        label=_("A code from your authenticator app, or a recovery code"),
        max_length=16,
        help_text=_("This confirms that it is really you making the change."),
        error_messages={
            "required": _("Enter a code from your authenticator app, or a recovery code.")
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_current_code(self):
        return "".join(self.cleaned_data["current_code"].split()).lower()


class DeviceAddForm(CurrentFactorForm, EnrolForm):
    """Another authenticator, added with a code from an app already on the account."""

    field_order = ["token", "name", "current_code"]

    def __init__(self, *args, new_device, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_device = new_device
        self.fields["current_code"].label = _(
            "A code from an authenticator app you already use, or a recovery code"
        )

    def clean(self):
        # The new app's code first: a mistake there must not use up the current code.
        token = self.cleaned_data.get("token")
        if token and not second_factor.totp_code_matches(device=self.new_device, token=token):
            self.add_error("token", NEW_APP_CODE_WRONG)
        return super().clean()


class PasskeyChangeForm(CurrentFactorForm):
    """Adding or removing a passkey: a code, as for any change of second factor, or nothing more
    when a passkey has just confirmed that it is the owner (``confirmed_by``)."""

    def __init__(self, *args, confirmed_by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirmed_by = confirmed_by
        if confirmed_by is not None:
            del self.fields["current_code"]

    def clean(self):
        cleaned = super().clean()
        if self.confirmed_by is not None and not self.errors:
            self.device = self.confirmed_by
        return cleaned


class PasskeyAddForm(PasskeyChangeForm):
    name = forms.CharField(
        label=_("A name for this passkey"),
        max_length=64,
        help_text=_(
            "For example “Work laptop” or “Blue security key”, so that you can tell your passkeys apart."
        ),
    )

    field_order = ["name", "current_code"]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Your colleague's work email address"))

    def clean_email(self):
        # Whether the address has an account is never said here: see services.invitation_send.
        return self.cleaned_data["email"].strip().lower()


class InvitationAcceptForm(PasswordFieldsMixin):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    accept_terms = forms.BooleanField(label=terms_label(), required=True)
    field_order = ["name", "password1", "password2", "accept_terms"]
