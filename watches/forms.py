from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Watch


class FrequencyField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Email me about changes"),
            choices=Watch.Frequency.choices,
            initial=Watch.Frequency.NONE,
            widget=forms.RadioSelect,
            **kwargs,
        )


class WatchSearchForm(forms.Form):
    """Watch this search: the catalogue's query string travels in a hidden field."""

    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)
    frequency = FrequencyField()


class WatchShortlistForm(forms.Form):
    shortlist = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    frequency = FrequencyField()


class WatchFrequencyForm(forms.Form):
    frequency = FrequencyField()
