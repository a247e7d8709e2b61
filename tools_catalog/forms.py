from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    body = forms.CharField(
        label=_("Your feedback on this tool's specifications"),
        help_text=_(
            "Other officers will read it. Say what you found accurate or not, and how you used the "
            "tool. Never include case details or personal data."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class FeedbackReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
