"""The learning centre's search and filters, read from the query string (a GET form, so every
result list has a link). A value that is not one of the choices is reported and left out."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hub.core.languages import language_name

from . import selectors
from .models import Level, Resource, Topic


class ResourceFilter(django_filters.FilterSet):
    """Published resources of a topic, level, kind and language, matching every word searched."""

    q = django_filters.CharFilter(
        label=_("Search resources"), max_length=200, widget=forms.SearchInput, method="search"
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), field_name="topics__slug", empty_label=_("Any topic")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("Any level")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of resource"), choices=Resource.Kind.choices, empty_label=_("Any kind")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of the material"), empty_label=_("Any language"), method="in_language"
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def __init__(self, data=None, *, topics: list[Topic], languages: list[str]):
        super().__init__(data, queryset=selectors.published_resources())
        self.filters["topic"].extra["choices"] = [(topic.slug, topic.name) for topic in topics]
        reader = get_language() or settings.LANGUAGE_CODE
        self.filters["language"].extra["choices"] = [
            (code, language_name(code, reader)) for code in languages
        ]

    @property
    def active(self) -> bool:
        """Whether any valid filter or search narrows the list."""
        self.is_valid()
        return any(getattr(self.form, "cleaned_data", {}).values())

    def search(self, resources: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.resources_search(resources, value)

    def in_language(self, resources: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.resources_in_language(resources, value)
