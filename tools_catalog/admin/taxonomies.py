"""The eight lists that describe tools (purposes, technologies, ...), translated in a
block per language. Changing or deleting a value refreshes the index of every tool that carries it."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ..models import TAXONOMIES, ToolFacet
from .common import localized, named_by_label, refresh_tools


class TaxonomyAdmin(TranslationAdmin):
    """One admin for the eight lists that describe tools (purposes, technologies, ...)."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["slug", *localized("name"), *localized("description")]
    fields = ["name", "description", "slug", "position"]
    prepopulated_fields = {"slug": ("name_en",)}

    def get_changelist_formset(self, request, **kwargs):
        # The position typed in each row of the list is named, as on the value's own page.
        def labelled(db_field, **field_kwargs):
            formfield = self.formfield_for_dbfield(db_field, request, **field_kwargs)
            return named_by_label(formfield, db_field)

        return super().get_changelist_formset(request, formfield_callback=labelled, **kwargs)

    def _tools_carrying(self, pks) -> list[int]:
        keys = [f"{self.model.facet}:{pk}" for pk in pks]
        return list(ToolFacet.objects.filter(key__in=keys).values_list("tool_id", flat=True))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and any(name.startswith("name_") for name in form.changed_data):
            # The tools' search documents contain the value's name in every language.
            refresh_tools(self._tools_carrying([obj.pk]))

    def delete_model(self, request, obj):
        tool_ids = self._tools_carrying([obj.pk])
        super().delete_model(request, obj)
        refresh_tools(tool_ids)

    def delete_queryset(self, request, queryset):
        tool_ids = self._tools_carrying(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        refresh_tools(tool_ids)


for _taxonomy in TAXONOMIES:
    admin.site.register(_taxonomy, TaxonomyAdmin)
