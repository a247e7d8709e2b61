from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.html import conditional_escape, format_html, linebreaks
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.core.fields import ModelMultipleChoiceField
from hub.core.idempotency import SubmissionTokenMixin
from tools_catalog.selectors import published_tools

from .models import ForumCategory, time_zone_choices

LANGUAGE_CHOICES = list(settings.LANGUAGES)

# Directory ------------------------------------------------------------------------------------------


class ProfileForm(forms.Form):
    """The officer's directory entry: each detail with its own "show" switch, and the consent."""

    agency = forms.CharField(label=_("Agency"), max_length=200, required=False)
    show_agency = forms.BooleanField(label=_("Show my agency"), required=False)
    unit = forms.CharField(label=_("Unit"), max_length=200, required=False)
    show_unit = forms.BooleanField(label=_("Show my unit"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    show_country = forms.BooleanField(
        label=_("Show my country"),
        required=False,
        help_text=_("Others can then also find you by your country and its region."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_languages = forms.CharField(
        label=_("Other languages (optional)"), max_length=200, required=False
    )
    show_languages = forms.BooleanField(label=_("Show my languages"), required=False)
    expertise = forms.CharField(
        label=_("Expertise"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: victim identification, image triage, undercover work."),
    )
    show_expertise = forms.BooleanField(label=_("Show my expertise"), required=False)
    tools = ModelMultipleChoiceField(
        label=_("Tools you use"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tools listed in the hub's catalogue."),
    )
    show_tools = forms.BooleanField(label=_("Show the tools I use"), required=False)
    phone = forms.CharField(
        label=_("Work phone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    show_phone = forms.BooleanField(label=_("Show my phone number"), required=False)
    show_name = forms.BooleanField(label=_("Show my name"), required=False)
    show_email = forms.BooleanField(
        label=_("Show my email address"),
        required=False,
        help_text=_(
            "Without it, other officers can still write to you through the hub, without seeing "
            "your address."
        ),
    )
    listed = forms.BooleanField(
        label=_("List me in the officer directory, showing only the details I ticked"),
        required=False,
        help_text=_(
            "Only vetted officers see the directory. You can change what is shown, or take "
            "yourself out, at any time; it takes effect at once."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("(choose a country)")), *countries]
        self.fields["tools"].queryset = published_tools().order_by("name")


# Messages -------------------------------------------------------------------------------------------


class MessageForm(SubmissionTokenMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The hub sends it by email without showing your address or theirs. Never include case "
            "details or material."
        ),
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Events ---------------------------------------------------------------------------------------------


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("Event times are also shown in this time zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(keep=self.initial.get("time_zone", ""))


# Forum ----------------------------------------------------------------------------------------------

RICH_TEXT_HELP_TEXT = _(
    "Leave an empty line between paragraphs. You can use bold ({bold}), italic ({italic}), "
    "links, lists and quotes; anything else is removed. Never include case details or material."
)


def _rich_text_help() -> SafeString:
    """The help text, escaped, with the tag names set in ``<code>`` here rather than in the
    translatable text, where raw tags would be shown as written or left open on the page."""
    return format_html(
        conditional_escape(RICH_TEXT_HELP_TEXT),
        bold=format_html("<code>{}</code>", "strong"),
        italic=format_html("<code>{}</code>", "em"),
    )


# Evaluated when the form is shown, in the reader's language.
RICH_TEXT_HELP = lazy(_rich_text_help, SafeString)()


def text_to_html(text: str) -> str:
    """Plain text gets paragraphs and line breaks; text that already has HTML is kept as written.
    Either way it is sanitised when the post is saved."""
    if "<" in text and ">" in text:
        return text
    return linebreaks(text, autoescape=True)


class PostForm(SubmissionTokenMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=RICH_TEXT_HELP,
    )

    def clean_body(self) -> str:
        return text_to_html(self.cleaned_data["body"])


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200)

    field_order = ["title", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Your message")


class ThreadMoveForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Move to"), queryset=ForumCategory.objects.all())
