"""Forms of the provider portal (one per questionnaire section) and of the staff review."""

import re
from dataclasses import dataclass

from babel import Locale
from django import forms
from django.conf import settings
from django.utils.html import linebreaks
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.core.languages import language_name
from hub.core.richtext import sanitize_html
from tools_catalog.models import Maturity, YesNoUnknown

from . import technical
from .models import Question, ReviewDecision
from .presenters import AnsweredQuestion, answered_question

TEXT_MAX = 5000
TWO_LETTERS = re.compile(r"[a-z]{2}")
RTL_LANGUAGES = {"ar"}


class DraftForm(forms.Form):
    """A section of a long questionnaire, saved as a draft.

    Required answers may stay empty while drafting: the completeness meter counts them, and sending
    for review checks them. The fields still say they are required (the visible marker), but the
    browser is not asked to enforce it, so a half-finished section can always be saved.
    """

    use_required_attribute = False

    def full_clean(self):
        required = [field for field in self.fields.values() if field.required]
        for field in required:
            field.required = False
        try:
            super().full_clean()
        finally:
            for field in required:
                field.required = True


# The technical questionnaire ----------------------------------------------------------------------


def _taxonomy_field(name: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=technical.LABELS[name],
        queryset=technical.TAXONOMY_FIELDS[name].objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def _text(name: str, *, max_length: int = TEXT_MAX, rows: int = 4, help_text: str = ""):
    return forms.CharField(
        label=technical.LABELS[name],
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _yes_no(name: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=technical.LABELS[name], choices=YesNoUnknown.choices, widget=forms.RadioSelect
    )


def rich_text(text: str) -> str:
    """Plain text becomes paragraphs; HTML is kept as far as the hub allows (sanitised)."""
    text = (text or "").strip()
    if text and "<" not in text:
        text = linebreaks(text, autoescape=True)
    return sanitize_html(text)


class TechnicalForm(DraftForm):
    """One section of the technical questionnaire; ``to_proposed`` gives its JSON values."""

    section_key = ""

    def __init__(self, *args, proposed: dict | None = None, **kwargs):
        proposed = proposed or {}
        kwargs.setdefault("initial", {name: proposed.get(name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        section = technical.SECTIONS_BY_KEY[self.section_key]
        for name in section.required:
            self.fields[name].required = True

    def to_proposed(self) -> dict:
        data = {}
        for name, value in self.cleaned_data.items():
            if name in technical.TAXONOMY_FIELDS:
                data[name] = sorted(item.slug for item in value)
            elif isinstance(value, Maturity):
                data[name] = value.slug
            elif value is None:
                data[name] = ""
            else:
                data[name] = value
        return data


def _optional(field: forms.Field) -> forms.Field:
    field.required = False
    return field


class BasicsForm(TechnicalForm):
    section_key = "basics"
    name = _optional(forms.CharField(label=technical.LABELS["name"], max_length=150))
    summary_en = _optional(
        _text(
            "summary_en",
            max_length=300,
            rows=3,
            help_text=_("One or two sentences in English: what the tool does, and for whom."),
        )
    )
    website = _optional(
        forms.URLField(label=technical.LABELS["website"], max_length=300, assume_scheme="https")
    )


class DoesForm(TechnicalForm):
    section_key = "does"
    description_en = _optional(
        _text(
            "description_en",
            max_length=20000,
            rows=10,
            help_text=_(
                "In English. Plain text: leave an empty line between paragraphs. Simple HTML "
                "(paragraphs, lists, links) is kept too; anything else is removed."
            ),
        )
    )
    purposes = _optional(_taxonomy_field("purposes"))
    crime_phases = _optional(_taxonomy_field("crime_phases"))
    media_types = _optional(_taxonomy_field("media_types"))

    def clean_description_en(self) -> str:
        return rich_text(self.cleaned_data["description_en"])


class WorksForm(TechnicalForm):
    section_key = "works"
    technologies = _optional(_taxonomy_field("technologies"))
    integrations = _optional(
        _text(
            "integrations",
            max_length=2000,
            help_text=_("File formats, interfaces (APIs) and standards such as VICS."),
        )
    )


class RunsForm(TechnicalForm):
    section_key = "runs"
    deployment_options = _optional(_taxonomy_field("deployment_options"))
    operating_systems = _optional(_taxonomy_field("operating_systems"))
    hardware_requirements = _optional(
        _text(
            "hardware_requirements",
            max_length=2000,
            help_text=_("Computers, memory, graphics cards, network: what an agency needs."),
        )
    )


def language_choices(language: str, keep: list[str]) -> list[tuple[str, str]]:
    """The world's languages (ISO 639-1) by their names in the reader's language, in the order of
    those names; codes saved earlier that are not in the list (typed ISO 639-3 codes such as "yue")
    are kept as choices, so they stay ticked."""
    codes = {code for code in Locale("en").languages if TWO_LETTERS.fullmatch(code)}
    codes |= {code for code in keep if isinstance(code, str) and code}
    named = [(code, language_name(code, language)) for code in codes]
    return sorted(named, key=lambda item: (item[1].casefold(), item[0]))


class LanguagesField(forms.MultipleChoiceField):
    """Languages ticked from a list of their names; stored as ISO 639 codes, as before."""

    widget = forms.CheckboxSelectMultiple(attrs={"class": "language-list"})


class LanguagesForm(TechnicalForm):
    section_key = "languages"
    interface_languages = LanguagesField(
        label=technical.LABELS["interface_languages"],
        required=False,
        help_text=_("Tick every language the tool's screens can be shown in."),
    )
    analysis_languages = LanguagesField(
        label=technical.LABELS["analysis_languages"],
        required=False,
        help_text=_("For tools that analyse text or speech: tick every language it can analyse."),
    )

    def __init__(self, *args, proposed: dict | None = None, **kwargs):
        super().__init__(*args, proposed=proposed, **kwargs)
        language = get_language() or settings.LANGUAGE_CODE
        for name in technical.LIST_FIELDS:
            saved = list((proposed or {}).get(name) or [])
            self.fields[name].choices = language_choices(language, saved)


class CostForm(TechnicalForm):
    section_key = "cost"
    cost_models = _optional(_taxonomy_field("cost_models"))
    maturity = forms.ModelChoiceField(
        label=technical.LABELS["maturity"],
        queryset=Maturity.objects.all(),
        to_field_name="slug",
        widget=forms.RadioSelect,
        empty_label=None,
        required=False,
    )


class BackgroundForm(TechnicalForm):
    section_key = "background"
    country = forms.ChoiceField(
        label=technical.LABELS["country"],
        choices=[("", _("(choose a country)"))],
        required=False,
        help_text=_("Where the tool was developed."),
    )
    first_built_for = _optional(_text("first_built_for"))
    used_by_other_agencies = _optional(_yes_no("used_by_other_agencies"))
    used_by_details = _optional(
        _text("used_by_details", help_text=_("Needed if you answered yes."))
    )
    independently_evaluated = _optional(_yes_no("independently_evaluated"))
    evaluation_url = _optional(
        forms.URLField(
            label=technical.LABELS["evaluation_url"],
            max_length=300,
            assume_scheme="https",
            help_text=_("Needed if you answered yes."),
        )
    )
    collects_user_data = _optional(_yes_no("collects_user_data"))
    user_data_details = _optional(
        _text("user_data_details", help_text=_("Needed if you answered yes."))
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("(choose a country)")), *countries]


class TrainingForm(TechnicalForm):
    """Links to training material: the saved ones, and a few empty rows for more."""

    section_key = "training"
    MAX_LINKS = 12
    EMPTY_ROWS = 3

    def __init__(self, *args, proposed: dict | None = None, **kwargs):
        proposed = proposed or {}
        links = proposed.get("training_links") or []
        data = args[0] if args else kwargs.get("data")
        rows = len(links) + self.EMPTY_ROWS
        if data is not None:
            rows = max(rows, int(data.get("rows", rows) or rows))
        self.rows = max(1, min(rows, self.MAX_LINKS))
        initial = {}
        for index, link in enumerate(links, start=1):
            initial[f"title_{index}"] = link.get("title", "")
            initial[f"url_{index}"] = link.get("url", "")
        super().__init__(*args, proposed={}, initial=initial, **kwargs)
        for index in range(1, self.rows + 1):
            self.fields[f"title_{index}"] = forms.CharField(
                label=_("Title of link %(number)s") % {"number": index},
                max_length=200,
                required=False,
            )
            self.fields[f"url_{index}"] = forms.URLField(
                label=_("Address of link %(number)s") % {"number": index},
                max_length=400,
                assume_scheme="https",
                required=False,
            )

    def link_rows(self):
        return [(self[f"title_{i}"], self[f"url_{i}"]) for i in range(1, self.rows + 1)]

    def clean(self):
        cleaned = super().clean()
        for index in range(1, self.rows + 1):
            title, url = cleaned.get(f"title_{index}"), cleaned.get(f"url_{index}")
            if title and not url and f"url_{index}" not in self.errors:
                self.add_error(f"url_{index}", _("Give the address of this training material."))
            if url and not title and f"title_{index}" not in self.errors:
                self.add_error(f"title_{index}", _("Give this training material a title."))
        return cleaned

    def to_proposed(self) -> dict:
        links = []
        for index in range(1, self.rows + 1):
            title = self.cleaned_data.get(f"title_{index}")
            url = self.cleaned_data.get(f"url_{index}")
            if title and url:
                links.append({"title": title, "url": url})
        return {"training_links": links}


class TranslationsForm(TechnicalForm):
    section_key = "translations"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = {code.replace("-", "_"): name for code, name in settings.LANGUAGES}
        for code in technical.OTHER_LANGUAGES:
            language = names[code]
            attrs = {
                "lang": code.replace("_", "-"),
                "dir": "rtl" if code in RTL_LANGUAGES else "ltr",
            }
            self.fields[f"summary_{code}"] = forms.CharField(
                label=_("Short summary in %(language)s") % {"language": language},
                max_length=300,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, **attrs}),
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description in %(language)s") % {"language": language},
                max_length=20000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6, **attrs}),
            )

    def to_proposed(self) -> dict:
        data = super().to_proposed()
        for code in technical.OTHER_LANGUAGES:
            data[f"description_{code}"] = rich_text(data.get(f"description_{code}", ""))
        return data


TECHNICAL_FORMS: dict[str, type[TechnicalForm]] = {
    form.section_key: form
    for form in (
        BasicsForm,
        DoesForm,
        WorksForm,
        RunsForm,
        LanguagesForm,
        CostForm,
        BackgroundForm,
        TrainingForm,
        TranslationsForm,
    )
}


# The ethics questionnaire -------------------------------------------------------------------------


def explanation_name(question_key: str) -> str:
    return f"{question_key}__explanation"


@dataclass
class SharedAnswer:
    """An ethics question answered in the technical questionnaire: the answer, and where."""

    number: int
    answer: AnsweredQuestion | None
    section_key: str
    section_title: str

    @classmethod
    def of(cls, question: Question, number: int, answers: dict) -> "SharedAnswer":
        answer = answers.get(question.key)
        section = next(
            section for section in technical.SECTIONS if question.technical_field in section.fields
        )
        return cls(
            number,
            answered_question(answer) if answer is not None else None,
            section.key,
            str(section.title),
        )


class EthicsSectionForm(DraftForm):
    """The questions of one section of the question bank, with the provider's saved answers."""

    def __init__(self, *args, questions: list[Question], numbers: dict[int, int], answers: dict,
                 **kwargs):  # fmt: skip
        initial = {}
        for question in questions:
            answer = answers.get(question.key)
            if answer is not None:
                initial[question.key] = answer.value
                initial[explanation_name(question.key)] = answer.explanation
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.answers = answers
        self.numbers = numbers
        for question in questions:
            if question.technical_field:
                continue  # asked once, in the technical questionnaire
            number = numbers[question.pk]
            self.fields[question.key] = self._field(question, number)
            if question.kind == Question.Kind.YES_NO:
                self.fields[explanation_name(question.key)] = forms.CharField(
                    label=_("Explain your answer to question %(number)s") % {"number": number},
                    max_length=TEXT_MAX,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                )

    @staticmethod
    def _field(question: Question, number: int) -> forms.Field:
        label = f"{number}. {question.text}"
        common = {"label": label, "help_text": question.help_text, "required": question.required}
        choices = [(choice.key, choice.label) for choice in question.choices.all()]
        if question.kind == Question.Kind.YES_NO:
            return forms.ChoiceField(
                choices=YesNoUnknown.choices, widget=forms.RadioSelect, **common
            )
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if question.kind == Question.Kind.URL:
            return forms.URLField(max_length=400, assume_scheme="https", **common)
        # Providers answer in their own language: the browser sets each answer's direction.
        return forms.CharField(
            max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}), **common
        )

    def question_fields(self):
        """(question, field, explanation field or None, shared answer or None) in order, for the
        template. A question the technical questionnaire asks has no field: its answer there is
        shown instead (an ``Answer``, or None while it is not given)."""
        for question in self.questions:
            if question.technical_field:
                yield (
                    question,
                    None,
                    None,
                    SharedAnswer.of(question, self.numbers[question.pk], self.answers),
                )
                continue
            explanation = None
            if question.kind == Question.Kind.YES_NO:
                explanation = self[explanation_name(question.key)]
            yield question, self[question.key], explanation, None

    def to_answers(self) -> dict[str, tuple[object, str]]:
        """question key -> (value, explanation); an empty value means "not answered"."""
        answers = {}
        for question in self.questions:
            if question.technical_field:
                continue
            value = self.cleaned_data.get(question.key)
            if value is None:
                value = ""
            explanation = self.cleaned_data.get(explanation_name(question.key), "") or ""
            answers[question.key] = (value, explanation.strip())
        return answers


# Starting, sending -------------------------------------------------------------------------------


class NewToolForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the tool"),
        max_length=150,
        help_text=_("You can change it later, until the hub publishes the tool."),
    )


class ContestForm(forms.Form):
    message = forms.CharField(
        label=_("Your reply to the hub team"),
        max_length=5000,
        help_text=_(
            "Say why you think the decision is wrong, or what you have changed. The hub team "
            "reads it with the decision and answers by email."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm that these answers are accurate to the best of my knowledge, and I agree "
            "that the hub shows them to vetted officers as my organisation's own statements."
        ),
    )


# Staff review ------------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    """Staff's decision: publish, ask for changes (with a comment per section), or reject."""

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ReviewDecision.Action.PUBLISH, _("Publish")),
            (ReviewDecision.Action.REQUEST_CHANGES, _("Ask the provider for changes")),
            (ReviewDecision.Action.REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the provider"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Emailed to the provider's users. Required when you reject."),
    )

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs):
        """``sections``: (comment key such as "technical:basics", section title)."""
        super().__init__(*args, **kwargs)
        self.comment_keys = []
        for key, title in sections:
            name = self.comment_field(key)
            self.comment_keys.append((key, name))
            self.fields[name] = forms.CharField(
                label=_("Comment on “%(section)s”") % {"section": title},
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
            )

    @staticmethod
    def comment_field(key: str) -> str:
        return "comment__" + key.replace(":", "__")

    def comments(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[name].strip()
            for key, name in self.comment_keys
            if self.cleaned_data.get(name, "").strip()
        }

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        message = (cleaned.get("message") or "").strip()
        if action == ReviewDecision.Action.REJECT and not message:
            self.add_error("message", _("Say why the submission is rejected."))
        if action == ReviewDecision.Action.REQUEST_CHANGES and not (message or self.comments()):
            self.add_error(
                "message", _("Say what should change: a message, or a comment on a section.")
            )
        return cleaned
