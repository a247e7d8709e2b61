"""Shapes answers and proposed details for templates: as officers read them, and side by side with
the live version for staff. Answers are shown as given: nothing here scores or ranks them."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from hub.core.languages import language_name
from tools_catalog.models import YesNoUnknown
from tools_catalog.selectors import taxonomy_snapshot
from tools_catalog.signals import CompareLine

from . import technical
from .models import Answer, Question, in_language

EMPTY = "–"

# What the portal calls each state of a provider's tool.
STATE_LABELS = {
    "draft": _("Draft"),
    "in_review": _("In review"),
    "changes_requested": _("Changes requested"),
    "published": _("Published"),
    "suspended": _("Suspended"),
    "removed": _("Removed"),
}


def yes_no_label(value: str) -> str:
    try:
        return str(YesNoUnknown(value).label)
    except ValueError:
        return value or ""


def answer_value(kind: str, value, asked: dict, language: str | None = None) -> str:
    """An answer's value in words: a choice's label as it was asked, "Yes", the text itself."""
    if value in ("", None, []):
        return ""
    if kind == Question.Kind.YES_NO:
        return yes_no_label(value)
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        labels = asked.get("choices", {})
        keys = value if isinstance(value, list) else [value]
        return ", ".join(in_language(labels.get(key), language)[0] or key for key in keys)
    return str(value)


@dataclass
class AnsweredQuestion:
    key: str
    number: int
    text: str
    text_in_english: bool  # no translation in the reader's language: English is shown
    kind: str
    value: str
    explanation: str

    @property
    def is_url(self) -> bool:
        return self.kind == Question.Kind.URL and self.value.startswith(("https://", "http://"))

    @property
    def as_line(self) -> str:
        """Value and explanation on one line, for a table cell."""
        if self.explanation:
            return f"{self.value or EMPTY}\n{self.explanation}"
        return self.value or EMPTY


@dataclass
class AnsweredSection:
    key: str
    title: str
    title_in_english: bool
    questions: list[AnsweredQuestion] = field(default_factory=list)


@dataclass
class EthicsAnswers:
    """A tool's published answers: the question set version, when they were given, by section."""

    version: int
    answered_at: datetime | None
    sections: list[AnsweredSection]

    @property
    def in_english(self) -> bool:
        return any(
            section.title_in_english or any(q.text_in_english for q in section.questions)
            for section in self.sections
        )

    def by_key(self) -> dict[str, AnsweredQuestion]:
        return {q.key: q for section in self.sections for q in section.questions}


def answered_question(answer: Answer, language: str | None = None) -> AnsweredQuestion:
    text, fallback = in_language(answer.asked.get("question"), language)
    return AnsweredQuestion(
        key=answer.question_key,
        number=answer.question_position,
        text=text,
        text_in_english=fallback,
        kind=answer.kind,
        value=answer_value(answer.kind, answer.value, answer.asked, language),
        explanation=answer.explanation,
    )


def ethics_answers_from(answers: list[Answer], language: str | None = None) -> EthicsAnswers:
    """Group one revision's answers (in order) by section. Each answer knows its revision."""
    language = language or get_language()
    revision = answers[0].revision
    sections: dict[str, AnsweredSection] = {}
    for answer in answers:
        if not technical.is_filled(answer.value) and not answer.explanation:
            continue
        section = sections.get(answer.section_key)
        if section is None:
            title, fallback = in_language(answer.asked.get("section"), language)
            section = sections[answer.section_key] = AnsweredSection(
                answer.section_key, title, fallback
            )
        section.questions.append(answered_question(answer, language))
    return EthicsAnswers(
        version=revision.question_set.version if revision.question_set_id else 0,
        answered_at=revision.submitted_at or revision.decided_at,
        sections=list(sections.values()),
    )


# Officers comparing tools ---------------------------------------------------------------------------


def _version(answers) -> str:
    """ "version 1, answered on 2026-03-15" for a tool's answers; "–" when it has none."""
    if answers is None:
        return "–"
    if answers.answered_at is None:
        return str(_("version %(version)s")) % {"version": answers.version}
    return str(_("version %(version)s, answered on %(date)s")) % {
        "version": answers.version,
        "date": answers.answered_at.date().isoformat(),
    }


def ethics_compare_lines(tools: list, ethics: dict[int, EthicsAnswers]) -> list[CompareLine]:
    """The tools' ethics answers side by side (``ethics``: tool id -> its answers), for the
    catalogue's comparison: one line per question any of them answered (matched by question key
    across versions), grouped by section."""
    answers = [ethics.get(tool.pk) for tool in tools]
    if not any(answers):
        return []
    group = str(_("Ethics answers from the providers"))
    lines = [CompareLine(str(_("Ethics questionnaire")), [_version(a) for a in answers], group)]
    questions: dict[str, tuple[str, str, bool]] = {}  # key -> (section title, text, in English)
    for answered in answers:
        for section in answered.sections if answered else []:
            for question in section.questions:
                questions.setdefault(
                    question.key, (section.title, question.text, question.text_in_english)
                )
    by_key = [a.by_key() if a else {} for a in answers]
    for key, (section_title, text, in_english) in questions.items():
        values = [found[key].as_line if key in found else "–" for found in by_key]
        lines.append(
            CompareLine(
                text, values, group=f"{group}: {section_title}", lang="en" if in_english else ""
            )
        )
    return lines


# Staff review: proposed next to live -----------------------------------------------------------------


@dataclass
class FieldComparison:
    label: str
    live: str
    proposed: str
    previous: str | None = None  # as staff last reviewed it; None: not reviewed before

    @property
    def changed(self) -> bool:
        return self.live != self.proposed

    @property
    def changed_since_review(self) -> bool:
        return self.previous is not None and self.previous != self.proposed


@dataclass
class SectionComparison:
    key: str  # "technical:basics", "ethics:data": the key of the staff comment on it
    title: str
    rows: list[FieldComparison]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)

    @property
    def changed_rows(self) -> list[FieldComparison]:
        """What the provider changed since the last review."""
        return [row for row in self.rows if row.changed_since_review]

    @property
    def unchanged_rows(self) -> list[FieldComparison]:
        return [row for row in self.rows if not row.changed_since_review]


def with_previous(
    sections: list[SectionComparison], previous: list[SectionComparison]
) -> list[SectionComparison]:
    """``sections`` (live next to proposed), each row also with its value at the last review:
    ``previous`` compares that review's values (as "live") with the same proposal, row for row."""
    for section, before in zip(sections, previous, strict=True):
        for row, old in zip(section.rows, before.rows, strict=True):
            row.previous = old.live
    return sections


def technical_value(name: str, value, language: str) -> str:
    """A proposed field's value in words, as the tool page would show it."""
    if value in ("", None, []):
        return EMPTY
    if name in technical.TAXONOMY_FIELDS or name == "maturity":
        facet = technical.TAXONOMY_FIELDS[name].facet if name != "maturity" else "maturity"
        names = {term.slug: term.name for term in taxonomy_snapshot(language).get(facet, [])}
        slugs = value if isinstance(value, list) else [value]
        return ", ".join(names.get(slug, slug) for slug in slugs)
    if name == "country":
        return str(countries.name(value) or value)
    if name in ("used_by_other_agencies", "independently_evaluated", "collects_user_data"):
        return yes_no_label(value)
    if name in technical.LIST_FIELDS:
        return ", ".join(f"{language_name(code, language)} ({code})" for code in value)
    if name == "training_links":
        return "\n".join(f"{link['title']} – {link['url']}" for link in value)
    return str(value)


def technical_comparison(
    live: dict | None, proposed: dict, language: str | None = None
) -> list[SectionComparison]:
    """Every section of the technical questionnaire, field by field: live value, proposed value."""
    language = language or get_language()
    result = []
    for section in technical.SECTIONS:
        rows = []
        for name in section.fields:
            rows.append(
                FieldComparison(
                    technical.field_label(name),
                    technical_value(name, (live or {}).get(name), language) if live else EMPTY,
                    technical_value(name, proposed.get(name), language),
                )
            )
        result.append(SectionComparison(f"technical:{section.key}", str(section.title), rows))
    return result


def ethics_comparison(outline, proposed: dict[str, Answer], live: dict[str, Answer],
                      language: str | None = None) -> list[SectionComparison]:  # fmt: skip
    """The questions of the submission's version with the proposed and the live answer."""
    language = language or get_language()

    def shown(answer: Answer | None) -> str:
        if answer is None:
            return EMPTY
        line = answered_question(answer, language).as_line
        return line

    result = []
    for section in outline.sections:
        rows = [
            FieldComparison(
                f"{outline.numbers[question.pk]}. {question.text}",
                shown(live.get(question.key)),
                shown(proposed.get(question.key)),
            )
            for question in section.question_list
        ]
        result.append(SectionComparison(f"ethics:{section.key}", section.title, rows))
    return result
