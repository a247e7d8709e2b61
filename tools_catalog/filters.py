"""The catalogue's URL, read by a django-filter FilterSet: search, facets, order and page.

Every state of the catalogue is a link, and links outlive the values in them: a value the hub does
not know (a slug since removed from a taxonomy, a region that is none, a language code too long
to be one) is dropped, and the rest of the link still works. Within a facet any chosen value
matches; across facets, every facet must match.

What the filters chose is also a :class:`~tools_catalog.selectors.CatalogueQuery`: the facet
counts, their cache, the fair order and the page stay the catalogue's own (selectors.py).
"""

import django_filters
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from hub.core.converters import page_from
from hub.core.regions import region_choices
from hub.models import OrganisationType

from . import selectors
from .models import Tool
from .presenters import FACET_LABELS
from .selectors import SORTS, CatalogueQuery, Term

SEARCH_MAX_LENGTH = 200
# Region codes, provider types and language codes are all shorter.
FACET_VALUE_MAX_LENGTH = 10


class KnownValuesField(forms.TypedMultipleChoiceField):
    """The chosen values the field knows, each coerced; any other value is dropped, not refused."""

    def to_python(self, value) -> list[str]:
        return [item for item in super().to_python(value) if self.valid_value(item)]


class LanguageCodesField(KnownValuesField):
    """Language codes: which ones tools carry is only known from the tools themselves."""

    def valid_value(self, value: str) -> bool:
        return 0 < len(value) <= FACET_VALUE_MAX_LENGTH


class SearchField(forms.CharField):
    """The search text, cut to its first 200 characters rather than refused."""

    def to_python(self, value) -> str:
        return super().to_python(value)[:SEARCH_MAX_LENGTH]


class PageField(forms.Field):
    """A page number: 1 for anything that is not a whole number, never refused (a list shows its
    last page for a number past the end)."""

    def to_python(self, value) -> int:
        return page_from(value)


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class FacetFilter(django_filters.Filter):
    """The tools carrying any of the values chosen in this facet."""

    field_class = KnownValuesField

    def filter(self, qs, value):
        if not value:
            return qs
        return selectors.tools_with_any_key(qs, {f"{self.field_name}:{item}" for item in value})


class LanguageFacetFilter(FacetFilter):
    field_class = LanguageCodesField


class CatalogueForm(forms.Form):
    """What the URL says besides the filters: the order and the page."""

    sort = forms.ChoiceField(
        label=_("Order"), choices=[(sort, sort) for sort in SORTS], required=False
    )
    page = PageField(required=False)


class CatalogueFilter(django_filters.FilterSet):
    """The published tools the catalogue's URL asks for; ``query`` is the same as a
    :class:`~tools_catalog.selectors.CatalogueQuery`.

    The taxonomies' values travel as slugs (readable links) and are taken as ids; the facets
    that are no taxonomy travel as themselves.
    """

    q = SearchFilter(label=_("Search tools"), method="search")
    region = FacetFilter(label=FACET_LABELS["region"], choices=region_choices)
    ptype = FacetFilter(label=FACET_LABELS["ptype"], choices=OrganisationType.choices)
    ilang = LanguageFacetFilter(label=FACET_LABELS["ilang"])
    alang = LanguageFacetFilter(label=FACET_LABELS["alang"])

    class Meta:
        model = Tool
        fields: list[str] = []
        form = CatalogueForm

    def __init__(self, data, *, snapshot: dict[str, list[Term]], language: str):
        super().__init__(data, queryset=selectors.published_tools())
        self.language = language
        for facet, terms in snapshot.items():
            taxonomy = FacetFilter(
                field_name=facet,
                label=FACET_LABELS[facet],
                choices=[(term.slug, term.name) for term in terms],
                coerce={term.slug: term.key for term in terms}.__getitem__,
            )
            taxonomy.model, taxonomy.parent = Tool, self
            self.filters[facet] = taxonomy

    def search(self, qs, name: str, value: str):
        return selectors.tools_search(qs, value, self.language)

    def filter_queryset(self, queryset):
        # The form also holds the order and the page, which are not filters.
        data = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            if name in data:
                queryset = filter_.filter(queryset, data[name])
        return queryset

    @cached_property
    def query(self) -> CatalogueQuery:
        self.is_valid()  # an invalid value is left out of cleaned_data
        data = self.form.cleaned_data if self.is_bound else {}
        facets = (
            name for name, filter_ in self.filters.items() if isinstance(filter_, FacetFilter)
        )
        return CatalogueQuery(
            q=data.get("q", ""),
            filters={facet: sorted(set(data[facet])) for facet in facets if data.get(facet)},
            sort=data.get("sort") or "shuffle",
            page=data.get("page", 1),
        )
