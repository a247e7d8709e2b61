from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tools_catalog.presenters import language_name

from .models import Level, Resource, Topic
from .selectors import ResourceQuery


class ResourceFilterForm(forms.Form):
    """The learning centre's search and filters: a GET form, so every result list has a link."""

    q = forms.CharField(label=_("Search resources"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind of resource"),
        required=False,
        choices=[("", _("Any kind")), *Resource.Kind.choices],
    )
    language = forms.ChoiceField(label=_("Language of the material"), required=False)

    def __init__(self, *args, topics: list[Topic], languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["topic"].choices = [
            ("", _("Any topic")),
            *((topic.slug, topic.name) for topic in topics),
        ]
        reader = get_language() or settings.LANGUAGE_CODE
        self.fields["language"].choices = [
            ("", _("Any language")),
            *((code, language_name(code, reader)) for code in languages),
        ]

    def query(self) -> ResourceQuery:
        """What was asked for; a value that is not one of the choices is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ResourceQuery(
            q=(data.get("q") or "").strip(),
            topic=data.get("topic") or "",
            level=data.get("level") or "",
            kind=data.get("kind") or "",
            language=data.get("language") or "",
        )
