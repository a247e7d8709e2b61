"""The directory's and the events list's search and filters, read from the query string.

A value that is not one of the choices is reported next to its field and left out; the other
filters still apply.
"""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.core.regions import countries_in_region, region_choices

from . import selectors
from .forms import LANGUAGE_CHOICES
from .models import CommunityProfile, Event


class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField


class DirectoryFilter(django_filters.FilterSet):
    """The listed officers matching the search and filters.

    Every condition looks only at details the officer chose to show, so a hidden value can never
    be found out by searching or filtering for it.
    """

    q = django_filters.CharFilter(
        label=_("Search by name, agency, unit, expertise or tool"), max_length=200, method="search"
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries, empty_label=_("Any country"), method="in_country"
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=region_choices, empty_label=_("Any region"), method="in_region"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        empty_label=_("Any language"),
        method="speaking",
    )
    expertise = django_filters.CharFilter(
        label=_("Expertise"), max_length=100, method="with_expertise"
    )
    # A number, not a choice: a tool nobody shows (any more) simply matches nobody.
    tool = IdFilter(label=_("Tool used"), min_value=1, method="using_tool")

    class Meta:
        model = CommunityProfile
        fields: list[str] = []

    def __init__(self, data=None, *, tools=()):
        super().__init__(data, queryset=selectors.listed_profiles())
        self.filters["tool"].extra["widget"] = forms.Select(
            choices=[("", _("Any tool")), *((tool.pk, tool.name) for tool in tools)]
        )

    @property
    def active(self) -> bool:
        """Whether any valid filter or search narrows the list."""
        self.is_valid()
        return any(getattr(self.form, "cleaned_data", {}).values())

    def search(self, profiles: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:8]:
            profiles = profiles.filter(
                Q(show_name=True, user__name__icontains=word)
                | Q(show_agency=True, agency__icontains=word)
                | Q(show_unit=True, unit__icontains=word)
                | Q(show_expertise=True, expertise__icontains=word)
                | Q(show_tools=True, tools__name__icontains=word, tools__status="published")
            )
        return profiles

    def in_country(self, profiles: QuerySet, name: str, value: str) -> QuerySet:
        return profiles.filter(show_country=True, country=value)

    def in_region(self, profiles: QuerySet, name: str, value: str) -> QuerySet:
        return profiles.filter(show_country=True, country__in=countries_in_region(value))

    def speaking(self, profiles: QuerySet, name: str, value: str) -> QuerySet:
        return profiles.filter(show_languages=True, language_keys__contains=f" {value} ")

    def with_expertise(self, profiles: QuerySet, name: str, value: str) -> QuerySet:
        return profiles.filter(show_expertise=True, expertise__icontains=value)

    def using_tool(self, profiles: QuerySet, name: str, value: int) -> QuerySet:
        return profiles.filter(show_tools=True, tools__pk=value, tools__status="published")


class EventForm(forms.Form):
    # Not a filter: it chooses which events are listed at all, and their order.
    when = forms.ChoiceField(
        label=_("When"), required=False, choices=[("", _("Upcoming")), ("past", _("Past"))]
    )


class EventFilter(django_filters.FilterSet):
    """Upcoming events (soonest first) or past ones (most recent first), of a kind, in a mode."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("All kinds")
    )
    mode = django_filters.ChoiceFilter(
        label=_("Online or in person"),
        choices=Event.Mode.choices,
        empty_label=_("Online and in person"),
    )

    class Meta:
        model = Event
        fields: list[str] = []
        form = EventForm

    def __init__(self, data=None):
        super().__init__(data, queryset=selectors.events_for_members())

    @property
    def past(self) -> bool:
        self.is_valid()
        return getattr(self.form, "cleaned_data", {}).get("when") == "past"

    @property
    def qs(self) -> QuerySet[Event]:
        return selectors.events_in_time(super().qs, past=self.past)

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name, filter_ in self.filters.items():  # "when" is in the form, not a filter
            if name in data:
                queryset = filter_.filter(queryset, data[name])
        return queryset
