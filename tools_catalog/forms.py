from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from hub.core.idempotency import SubmissionTokenMixin

from .models import Concern


class FeedbackForm(SubmissionTokenMixin, forms.Form):
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


# Concerns about tools -------------------------------------------------------------------------------

EVIDENCE_LINKS_MAX = 5
EVIDENCE_LINK_LENGTH = 500


class EvidenceLinksField(forms.CharField):
    """Up to five web addresses (http or https), one per line, kept as a list."""

    default_error_messages = {
        "too_many": _("Give at most %(max)d links."),
        "invalid_link": _(
            "Not a web address: %(links)s. Each link must start with http:// or https://."
        ),
        "too_long": _("A link may have at most %(max)d characters."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Links to evidence (optional)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Up to five web addresses, one per line, starting with https:// or http://: a news "
                "article, a court decision, a published study."
            ),
        )
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3, "dir": "ltr"}))
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(link) for link in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(link) for link in value]
        text = super().to_python(value) or ""
        links: list[str] = []
        for link in text.split():
            if link not in links:
                links.append(link)
        return links

    def validate(self, value) -> None:
        super().validate(value)
        if len(value) > EVIDENCE_LINKS_MAX:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"max": EVIDENCE_LINKS_MAX}
            )
        if any(len(link) > EVIDENCE_LINK_LENGTH for link in value):
            raise forms.ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={"max": EVIDENCE_LINK_LENGTH},
            )
        check = URLValidator(schemes=["http", "https"])
        invalid = []
        for link in value:
            try:
                check(link)
            except forms.ValidationError:
                invalid.append(link)
        if invalid:
            raise forms.ValidationError(
                self.error_messages["invalid_link"],
                code="invalid_link",
                params={"links": ", ".join(invalid)},
            )


class ConcernForm(SubmissionTokenMixin, forms.Form):
    category = forms.ChoiceField(
        label=_("What kind of concern is it?"),
        widget=forms.RadioSelect,
        choices=[
            (
                Concern.Category.ETHICAL,
                _("Ethical: for example bias, harm to children or to victims"),
            ),
            (Concern.Category.LEGAL, _("Legal: for example data protection or unlawful use")),
            (Concern.Category.ACCURACY, _("Accuracy: it does not do what its description says")),
            (Concern.Category.SECURITY, _("Security: for example a vulnerability or a data leak")),
            (Concern.Category.OTHER, _("Something else")),
        ],
    )
    description = forms.CharField(
        label=_("Describe your concern"),
        help_text=_(
            "What did you see, where and when? The hub team reads it; the provider never learns "
            "who reported. Do not include case details or personal data about victims."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    evidence_links = EvidenceLinksField()
