"""The selection wizard in words: why a tool matches, what it lacks, and the answers themselves.

Every sentence is translatable and names taxonomy values and languages in the reader's language
(languages through Babel's CLDR names). The sentences follow the rules of
:mod:`wizard.selectors` exactly: each answer gives at most one sentence of what a tool meets and
one of what it misses.
"""

from dataclasses import dataclass, field

from babel.lists import format_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, to_locale

from hub.core.languages import language_name
from tools_catalog.selectors import Term, ToolRow, tool_rows

from .selectors import (
    PREFERENCE,
    REQUIREMENT,
    Review,
    Rule,
    WizardResults,
    preferences,
    requirements,
)

CAPACITY_NAMES = {
    "laptop": gettext_lazy("a standard laptop"),
    "workstation": gettext_lazy("a workstation"),
    "server": gettext_lazy("a server or data centre"),
}


# Names ---------------------------------------------------------------------------------------------


def language_label(code: str, language: str) -> str:
    """A language's name in the reader's language; "zh-hans" is read as Babel's "zh_Hans"."""
    name = language_name(code, language)
    if name == code and "-" in code:
        base, _dash, script = code.partition("-")
        name = language_name(f"{base}_{script.title()}", language)
    return name


def _join(names: list[str], language: str, style: str = "standard") -> str:
    try:
        return format_list(names, style=style, locale=to_locale(language))
    except (ValueError, TypeError):
        return ", ".join(names)


class _Words:
    """Names of taxonomy values and languages in the reader's language, for sentences."""

    def __init__(self, snapshot: dict[str, list[Term]], language: str):
        self.language = language
        self.terms = {f"{facet}:{t.id}": t for facet, terms in snapshot.items() for t in terms}

    def names(self, keys, style: str = "standard") -> str:
        terms = sorted((self.terms[k] for k in keys if k in self.terms), key=_term_order)
        return _join([term.name for term in terms], self.language, style)

    def languages(self, keys, style: str = "standard") -> str:
        codes = sorted(key.split(":", 1)[1] for key in keys)
        return _join([language_label(code, self.language) for code in codes], self.language, style)

    def of_facet(self, keys: frozenset[str], facet: str) -> list[str]:
        return [key for key in keys if key.startswith(f"{facet}:")]


def _term_order(term: Term) -> tuple[int, str]:
    return (term.position, term.name)


@dataclass
class Explanation:
    """Why a tool matches and what it lacks, in plain sentences."""

    meets: list[str] = field(default_factory=list)  # requirements it meets
    matches: list[str] = field(default_factory=list)  # preferences it meets
    lacks: list[str] = field(default_factory=list)  # preferences it misses
    fails: list[str] = field(default_factory=list)  # requirements it fails (reopened shortlists)


def explain(keys: frozenset[str], rules: tuple[Rule, ...], words: _Words) -> Explanation:
    """The reasons for one tool with ``keys``, one or two sentences per answer."""
    out = Explanation()
    by_criterion: dict[str, dict[str, Rule]] = {}
    for rule in rules:
        by_criterion.setdefault(rule.criterion, {})[rule.kind] = rule
    for criterion, kinds in by_criterion.items():
        rule = kinds.get(REQUIREMENT) or kinds[PREFERENCE]
        met = rule.earned(keys) == 1.0
        good, bad = (out.meets, out.fails) if rule.kind == REQUIREMENT else (out.matches, out.lacks)
        SENTENCES[criterion](rule, keys, met, good, bad, words, out)
    return out


def _facet_sentences(held_text: str, missing_text: str):
    def sentences(rule, keys, met, good, bad, words, out):
        held, missing = rule.keys & keys, rule.keys - keys
        if held:
            good.append(held_text % {"values": words.names(held)})
        if missing:
            # Some held: a preference it partly misses; none held: the requirement fails.
            (out.lacks if held else bad).append(missing_text % {"values": words.names(missing)})

    return sentences


def _offline(rule, keys, met, good, bad, words, out):
    if met:
        good.append(_("Works offline, without an internet connection."))
    else:
        bad.append(_("Not listed as working offline."))


def _cloud(rule, keys, met, good, bad, words, out):
    if met:
        good.append(_("Can run on your own equipment, without a cloud service."))
    else:
        bad.append(_("Not listed as running without a cloud service."))


def _interface(rule, keys, met, good, bad, words, out):
    held = rule.keys & keys
    if held:
        good.append(_("Its interface is in %(languages)s.") % {"languages": words.languages(held)})
    else:
        missing = words.languages(rule.keys, style="or")
        bad.append(_("Its interface is not in %(languages)s.") % {"languages": missing})


def _analysis(rule, keys, met, good, bad, words, out):
    held, missing = rule.keys & keys, rule.keys - keys
    if held:
        good.append(
            _("Analyses %(languages)s text or speech.") % {"languages": words.languages(held)}
        )
    if missing:
        missing_names = words.languages(missing, style="or")
        bad.append(
            _("Does not analyse %(languages)s text or speech.") % {"languages": missing_names}
        )


def _budget(rule, keys, met, good, bad, words, out):
    if met:
        good.append(_("Free to use: %(cost)s.") % {"cost": words.names(rule.keys & keys)})
    else:
        costs = words.of_facet(keys, "cost")
        if costs:
            bad.append(_("Not free: %(cost)s.") % {"cost": words.names(costs)})
        else:
            bad.append(_("The cost for law enforcement is not stated."))


def _maturity(rule, keys, met, good, bad, words, out):
    level = words.of_facet(keys, "maturity")
    if met:
        good.append(_("Maturity: %(level)s.") % {"level": words.names(level)})
    elif level:
        bad.append(_("Less mature than you accept: %(level)s.") % {"level": words.names(level)})
    else:
        bad.append(_("Its maturity is not stated."))


def _capacity(rule, keys, met, good, bad, words, out):
    where = words.of_facet(keys, "deployment")
    values = {"capacity": CAPACITY_NAMES[rule.answer], "where": words.names(where)}
    if met:
        good.append(
            _(
                "Likely to suit %(capacity)s, judging by where it runs (%(where)s). Check the "
                "hardware it says it needs."
            )
            % values
        )
    elif where:
        bad.append(
            _(
                "May need more than %(capacity)s, judging by where it runs (%(where)s). Check the "
                "hardware it says it needs."
            )
            % values
        )
    else:
        bad.append(_("Where it runs is not stated, so it is unclear what hardware it needs."))


SENTENCES = {
    "purpose": _facet_sentences(
        gettext_lazy("Helps with %(values)s."), gettext_lazy("Does not help with %(values)s.")
    ),
    "media": _facet_sentences(
        gettext_lazy("Handles %(values)s."), gettext_lazy("Does not handle %(values)s.")
    ),
    "offline": _offline,
    "cloud": _cloud,
    "ilang": _interface,
    "alang": _analysis,
    "budget": _budget,
    "maturity": _maturity,
    "capacity": _capacity,
}


def words_for(snapshot: dict[str, list[Term]], language: str) -> _Words:
    return _Words(snapshot, language)


# The answers in words -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryLine:
    text: str
    share: int | None = None  # for a preference: the part of the score it can earn, in percent


def _describe(rule: Rule, words: _Words) -> str:
    """One answer as a plain sentence, as the results page and the print view list them."""
    criterion, preference = rule.criterion, rule.kind == PREFERENCE
    if criterion == "purpose":
        if preference:
            return _("Helps with as many as possible of: %(values)s.") % {
                "values": words.names(rule.keys)
            }
        return _("Helps with %(values)s.") % {"values": words.names(rule.keys, style="or")}
    if criterion == "media":
        if preference:
            return _("Handles as many as possible of: %(values)s.") % {
                "values": words.names(rule.keys)
            }
        return _("Handles %(values)s.") % {"values": words.names(rule.keys, style="or")}
    if criterion == "offline":
        return _("Works offline, without an internet connection.")
    if criterion == "cloud":
        return _("Can run on your own equipment, without a cloud service.")
    if criterion == "ilang":
        languages = words.languages(rule.keys, style="or")
        return _("Its interface is in %(languages)s.") % {"languages": languages}
    if criterion == "alang":
        languages = words.languages(rule.keys)
        return _("Analyses %(languages)s text or speech.") % {"languages": languages}
    if criterion == "budget":
        return _("Free to use: %(cost)s.") % {"cost": words.names(rule.keys, style="or")}
    if criterion == "maturity":
        return _("Maturity: %(level)s.") % {"level": words.names(rule.keys, style="or")}
    return _("Likely to suit %(capacity)s, judging by where it runs.") % {
        "capacity": CAPACITY_NAMES[rule.answer]
    }


def criteria_summary(
    rules: tuple[Rule, ...], words: _Words
) -> tuple[list[SummaryLine], list[SummaryLine]]:
    """The requirements and the preferences the answers make, in words."""
    total = sum(rule.weight for rule in preferences(rules))
    required = [SummaryLine(_describe(rule, words)) for rule in requirements(rules)]
    preferred = [
        SummaryLine(_describe(rule, words), round(100 * rule.weight / total))
        for rule in preferences(rules)
    ]
    return required, preferred


# Result cards -----------------------------------------------------------------


@dataclass
class Card:
    """One tool in the results: what the card shows, its score and the reasons."""

    row: ToolRow
    score: int | None
    reasons: Explanation
    new: bool = False  # not in the shortlist when it was saved
    changed: bool = False  # updated since the shortlist was saved

    @property
    def tool(self):  # the catalogue's Tool
        return self.row.tool


def cards_for(
    tools: list,
    results: WizardResults,
    snapshot: dict[str, list[Term]],
    language: str,
    review: Review | None = None,
) -> list[Card]:
    """Cards for tools loaded with :func:`tools_catalog.selectors.tools_in_order` (they carry their keys)."""
    words = words_for(snapshot, language)
    cards = []
    for row in tool_rows(tools, snapshot):
        keys = frozenset(getattr(row.tool, "facet_key_list", ()))
        card = Card(row, results.scores.get(row.tool.pk), explain(keys, results.rules, words))
        if review is not None:
            card.new = row.tool.pk in review.added
            card.changed = row.tool.pk in review.changed
        cards.append(card)
    return cards


def explain_review(review: Review, snapshot: dict[str, list[Term]], language: str) -> Review:
    """Say why each saved tool that is still listed no longer meets the requirements."""
    words = words_for(snapshot, language)
    for entry in review.unmatched:
        entry.reasons = explain(entry.keys, review.results.rules, words)
    return review
