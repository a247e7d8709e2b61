"""Forms of the member's own data pages (/me/)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import User


class LanguageForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language"]


class ConsentAcceptForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read the new version and I accept it."),
        error_messages={"required": _("Tick the box to accept the new version.")},
    )


class DeletionForm(forms.Form):
    """Erase my account: a plain confirmation, and proof that it is really the member asking.

    Members give a code from their authenticator app (or a recovery code); an applicant, who has no
    authenticator yet, gives their password.
    """

    understood = forms.BooleanField(
        label=_(
            "I understand that my account and my data will be erased and cannot be brought back."
        ),
        error_messages={
            "required": _("Tick the box to confirm that you want your account erased.")
        },
    )

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["code"] = forms.CharField(
                label=_("Code from your authenticator app, or a recovery code"),
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
        else:
            self.fields["password"] = forms.CharField(
                label=_("Your password"),
                strip=False,
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()
