"""The selection wizard's forms: the questions (one form for both modes) and the shortlist forms.

The criteria form is never bound: the answers are read from the URL by
:func:`wizard.selectors.criteria_from`, which drops what is not valid, and the form only shows
them. The guided mode shows one step's fields at a time and carries the other answers along as
hidden fields; the parameters page shows every field. Both submit the same parameters by GET.
"""

from dataclasses import dataclass

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hub.core.idempotency import SubmissionTokenMixin
from tools_catalog.selectors import Term

from . import reasons, selectors

OFFLINE_CHOICES = [
    ("", _("It does not matter")),
    ("prefer", _("Preferably: tools that work offline score higher (a preference)")),
    ("must", _("Yes, it must: tools not listed as working offline are left out (a requirement)")),
]
CLOUD_CHOICES = [
    ("", _("Yes, a cloud service is acceptable")),
    ("no", _("No: the material must stay on our own equipment (a requirement)")),
]
BUDGET_CHOICES = [
    ("", _("Any cost")),
    ("prefer-free", _("Free preferred: free tools score higher (a preference)")),
    ("free", _("Free only: free for law enforcement or open source; others are left out (a requirement)")),
]  # fmt: skip
CAPACITY_CHOICES = [
    ("", _("Not sure, or it does not matter")),
    ("laptop", _("Standard laptops only, with little IT support")),
    ("workstation", _("A powerful workstation, with some IT support")),
    ("server", _("Servers or a data centre, with IT staff")),
]


class CriteriaForm(forms.Form):
    purpose = forms.MultipleChoiceField(
        label=_("What you need to do"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Requirement: a tool must help with at least one task you choose. Preference: a tool "
            "that helps with more of them scores higher."
        ),
    )
    media = forms.MultipleChoiceField(
        label=_("The material you work with"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Requirement: a tool must handle at least one kind of material you choose. Preference: "
            "a tool that handles more of them scores higher."
        ),
    )
    offline = forms.ChoiceField(
        label=_("Must the tool work without an internet connection (offline or air-gapped)?"),
        required=False,
        choices=OFFLINE_CHOICES,
        widget=forms.RadioSelect,
    )
    cloud = forms.ChoiceField(
        label=_("May the tool be a cloud service, run on the provider's servers?"),
        required=False,
        choices=CLOUD_CHOICES,
        widget=forms.RadioSelect,
    )
    ilang = forms.MultipleChoiceField(
        label=_("Languages the tool's interface should be in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A preference: tools with an interface in at least one of these languages score higher. "
            "Tick the box below to make it a requirement."
        ),
    )
    ilang_required = forms.BooleanField(
        label=_("The interface must be in one of these languages (a requirement)"),
        required=False,
        help_text=_("Tools whose interface is in none of them are then left out."),
    )
    alang = forms.MultipleChoiceField(
        label=_("Languages the tool must analyse, in text or speech"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A requirement: only tools that analyse every language you tick are shown. Tick "
            "languages only if your material includes text or speech."
        ),
    )
    budget = forms.ChoiceField(
        label=_("Budget"), required=False, choices=BUDGET_CHOICES, widget=forms.RadioSelect
    )
    maturity = forms.ChoiceField(
        label=_("How mature must the tool be?"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A requirement: less mature tools are left out."),
    )
    capacity = forms.ChoiceField(
        label=_("The hardware and IT support your unit has"),
        required=False,
        choices=CAPACITY_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "A preference: the catalogue does not hold exact hardware needs, so the fit is judged "
            "from where each tool runs. Always check the hardware a tool says it needs."
        ),
    )

    def __init__(
        self,
        *,
        criteria: selectors.Criteria,
        snapshot: dict[str, list[Term]],
        language: str,
        auto_id: str = "wizard-%s",
    ):
        super().__init__(initial=_initial(criteria), auto_id=auto_id)
        self.fields["purpose"].choices = [(t.slug, t.name) for t in snapshot.get("purpose", [])]
        self.fields["media"].choices = [(t.slug, t.name) for t in snapshot.get("media", [])]
        known = selectors.catalogue_languages()
        for name in ("ilang", "alang"):
            codes = (
                set(selectors.UN_LANGUAGES)
                | known.get(name, frozenset())
                | set(getattr(criteria, name))
            )
            labelled = [(code, reasons.language_label(code, language)) for code in codes]
            self.fields[name].choices = sorted(labelled, key=lambda pair: pair[1].casefold())
        levels = snapshot.get("maturity", [])
        choices = [
            ("", _("Any, including %(level)s") % {"level": levels[0].name} if levels else _("Any"))
        ]
        for index, term in enumerate(levels[1:], start=1):
            if index == len(levels) - 1:
                choices.append((term.slug, _("Only %(level)s") % {"level": term.name}))
            else:
                choices.append((term.slug, _("%(level)s or more mature") % {"level": term.name}))
        self.fields["maturity"].choices = choices

    def fields_named(self, names) -> list[forms.BoundField]:
        return [self[name] for name in names]


def _initial(criteria: selectors.Criteria) -> dict:
    initial = {}
    for name in selectors.PARAMETERS:
        value = getattr(criteria, name)
        initial[name] = list(value) if isinstance(value, tuple) else value
    return initial


@dataclass(frozen=True)
class Step:
    """One question of the guided mode."""

    slug: str
    fields: tuple[str, ...]
    title: Promise  # short, for the list of steps
    question: Promise  # the page's heading
    explanation: Promise
    rule: Promise  # how the answer is used: requirement or preference


STEPS = (
    Step(
        "tasks",
        ("purpose",),
        _("What you need to do"),
        _("What do you need to do?"),
        _("Choose every task you want a tool for. If you are not sure, skip this question."),
        _(
            "This is a requirement: a tool must help with at least one of the tasks you choose, or it "
            "is left out. It is also a preference: a tool that helps with more of them scores higher."
        ),
    ),
    Step(
        "material",
        ("media",),
        _("Material"),
        _("What material do you work with?"),
        _("Choose the kinds of material or data the tool will have to handle."),
        _(
            "This is a requirement: a tool must handle at least one of the kinds you choose. It is "
            "also a preference: a tool that handles more of them scores higher."
        ),
    ),
    Step(
        "where",
        ("offline", "cloud"),
        _("Where it runs"),
        _("Where must the tool run?"),
        _(
            "Some material may never leave your own computers, or may be kept on machines without "
            "any internet connection (air-gapped)."
        ),
        _(
            "Each answer says whether it is a requirement (tools that do not meet it are left out) "
            "or a preference (tools that meet it score higher)."
        ),
    ),
    Step(
        "languages",
        ("ilang", "ilang_required", "alang"),
        _("Languages"),
        _("Which languages must the tool support?"),
        _(
            "The interface is what you read on screen. The analysis languages are the languages of "
            "the text or speech the tool examines, for example chat messages or recorded calls."
        ),
        _(
            "Interface languages are a preference unless you tick the box to require them. Analysis "
            "languages are always a requirement: a tool must analyse every language you tick."
        ),
    ),
    Step(
        "budget",
        ("budget",),
        _("Budget"),
        _("What can your unit pay?"),
        _(
            "Free tools are free for law enforcement or open source. Other tools need a paid "
            "licence, or the provider gives a price on request."
        ),
        _("“Free only” is a requirement; “free preferred” is a preference."),
    ),
    Step(
        "maturity",
        ("maturity",),
        _("Maturity"),
        _("How mature must the tool be?"),
        _(
            "A research prototype has not been tested in real casework yet. A pilot is being tried "
            "by a few agencies. A tool in production use is used in everyday casework."
        ),
        _("This is a requirement: less mature tools are left out."),
    ),
    Step(
        "hardware",
        ("capacity",),
        _("Hardware and IT"),
        _("What hardware and IT support does your unit have?"),
        _(
            "The catalogue does not hold exact hardware needs for every tool, so the fit is judged "
            "from where each tool runs: a cloud service needs only a web browser; a field kit runs "
            "on a laptop; an installation on your own machines usually needs a workstation or a "
            "server."
        ),
        _(
            "This is a preference: tools that are likely to suit your hardware score higher. Check "
            "the hardware a tool says it needs before you choose it."
        ),
    ),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)


class ShortlistForm(SubmissionTokenMixin, forms.Form):
    name = forms.CharField(label=_("Name of the shortlist"), max_length=150)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For you, and for anyone you share the shortlist with. No case details."),
    )


class ShortlistShareForm(SubmissionTokenMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address of the officer"),
        help_text=_(
            "The officer must be a vetted member of the hub. They get their own read-only copy and "
            "a notice; your later changes are not passed on."
        ),
    )

    def __init__(self, *args, sender, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email == self.sender.email.lower():
            raise forms.ValidationError(_("This is your own address. Enter a colleague's address."))
        return email
