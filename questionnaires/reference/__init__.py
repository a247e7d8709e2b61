"""The ethics question bank's reference data: one file per version, ``question_set_v<n>.json``.

A version holds its title and introduction, and its sections, questions and choices in order, each
named by a key that stays the same across versions (SPEC §5); every text is in the six languages.

Version 1 is written in plain language from the Ethical and Legal Report (part IV §5,
"Questionnaire for Technology Providers", and §6): the datasets a tool was trained on and how
representative they are of genders and disadvantaged groups; the diversity of the development
team; personal-data protection; children's rights and well-being; robustness and cybersecurity;
accuracy, strengths, weaknesses and limitations; ethical and human-rights risks and their
mitigation; independent verification of accuracy or fairness; use by other law-enforcement
agencies; who the tool was first built for and why; and whether it collects data or analytics from
its users. Checked against the EU's seven requirements for trustworthy AI (ALTAI):

- human agency and oversight: ``intended_use``, ``human_review``
- technical robustness and safety: ``accuracy``, ``limitations``, ``security_measures``,
  ``security_testing``, ``robustness``, ``updates``
- privacy and data governance: ``training_data``, ``data_lawful``, ``personal_data``,
  ``data_location``, ``collects_user_data``, ``privacy_assessment``
- transparency: ``first_built_for``, ``ai_kind``, ``explainability``, ``documentation``
- diversity, non-discrimination and fairness: ``data_gender``, ``data_groups``, ``team_diversity``,
  ``team_expertise``, ``equal_performance``
- societal and environmental well-being: ``children_rights``, ``child_guidance``, ``exposure``,
  ``societal_impact``
- accountability: ``other_agencies``, ``risks``, ``independent_check``, ``evaluation_link``,
  ``redress``

Loading: a version missing from the database is created, and activated when no version is active
(the one active version is what providers answer). A version still in draft follows its file
completely. A version that is active or retired has been answered: the file still wins for its
wording in every language (each answer keeps its own copy of the question as it was asked), but its
structure (which questions, their kind, order and whether they are required) stays as it is, and a
warning says to put such changes in a new version. Versions, sections, questions and choices that
no file names (staff's own versions) are left alone.

A question that the technical questionnaire already asks names the tool's field it shares
(``"technical_field"``): providers answer it there once, and the ethics answer is written from it.
This follows the file in every version; answers given earlier to the ethics question move into the
technical answer of every open submission (``services.shared_answers_carry``), so none is lost.
"""

from pathlib import Path
from typing import Any

from modeltranslation.utils import build_localized_fieldname

from hub.core.reference import (
    LANGUAGE_CODES,
    Tally,
    differences,
    read,
    row_update,
    rows_sync,
    translated,
)

from ..models import QuestionSet
from ..services import question_set_activate, shared_answers_carry

REFERENCE_DIR = Path(__file__).resolve().parent
TEXT_FIELDS = frozenset(
    build_localized_fieldname(name, code)
    for name in ("title", "intro", "text", "help_text", "label")
    for code in LANGUAGE_CODES
)
# Follow the file also in a version that has been answered: where a question is answered (here, or
# once in the technical questionnaire) changes no answer, and the loader carries those answers over.
FOLLOWS_FILE = TEXT_FIELDS | {"technical_field"}


def _sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": section["key"],
            "position": index * 10,
            **translated("title", section["title"]),
            **translated("intro", section.get("intro")),
        }
        for index, section in enumerate(data["sections"], start=1)
    ]


def _questions(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": question["key"],
            "kind": question["kind"],
            "required": question["required"],
            "position": index * 10,
            "technical_field": question.get("technical_field", ""),
            **translated("text", question["text"]),
            **translated("help_text", question.get("help_text")),
        }
        for index, question in enumerate(section["questions"], start=1)
    ]


def _choices(question: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"key": choice["key"], "position": index * 10, **translated("label", choice["label"])}
        for index, choice in enumerate(question.get("choices", []), start=1)
    ]


def _texts_sync(queryset, rows, tally: Tally, *, where: str) -> dict[str, Any]:
    """For a version that has been answered: the wording follows the file, the structure does not."""
    existing = {obj.key: obj for obj in queryset}
    synced = {}
    for values in rows:
        obj = existing.get(values["key"])
        texts = {name: value for name, value in values.items() if name in FOLLOWS_FILE}
        structure = {name: value for name, value in values.items() if name not in FOLLOWS_FILE}
        if obj is None:
            tally.warnings.append(f"{where}: “{values['key']}” is not in the database.")
            continue
        if differences(obj, structure):
            tally.warnings.append(f"{where}: “{values['key']}” differs in kind, order or rule.")
        row_update(obj, texts, tally)
        synced[values["key"]] = obj
    return synced


def _children_sync(queryset, rows, tally: Tally, *, parent: dict, frozen: bool, where: str):
    if frozen:
        return _texts_sync(queryset, rows, tally, where=where)
    synced = rows_sync(queryset, rows, tally, key="key", parent=parent)
    return {key: obj for key, (obj, _changed) in synced.items()}


def question_set_sync(data: dict[str, Any], tally: Tally) -> QuestionSet:
    """Bring one version of the question bank in line with its file."""
    values = {**translated("title", data["title"]), **translated("intro", data.get("intro"))}
    question_set = QuestionSet.objects.filter(version=data["version"]).first()
    if question_set is None:
        question_set = QuestionSet.objects.create(
            version=data["version"], status=QuestionSet.Status.DRAFT, **values
        )
        tally.created += 1
    else:
        row_update(question_set, values, tally)
    frozen = not question_set.is_draft
    where = (
        f"ethics question bank v{question_set.version} is {question_set.status}: its structure "
        "stays as it is (put structural changes in a new version)"
    )
    sections = _children_sync(
        question_set.sections.all(),
        _sections(data),
        tally,
        parent={"question_set": question_set},
        frozen=frozen,
        where=where,
    )
    for section_data in data["sections"]:
        section = sections.get(section_data["key"])
        if section is None:
            continue
        questions = _children_sync(
            section.questions.all(),
            _questions(section_data),
            tally,
            parent={"section": section},
            frozen=frozen,
            where=where,
        )
        for question_data in section_data["questions"]:
            question = questions.get(question_data["key"])
            if question is None:
                continue
            _children_sync(
                question.choices.all(),
                _choices(question_data),
                tally,
                parent={"question": question},
                frozen=frozen,
                where=where,
            )
    if question_set.is_draft and not QuestionSet.objects.active().exists():
        question_set_activate(question_set=question_set)
    return question_set


def question_sets_load() -> Tally:
    tally = Tally("ethics question bank (versions, sections, questions, choices)")
    versions = [read(path) for path in REFERENCE_DIR.glob("question_set_v*.json")]
    for data in sorted(versions, key=lambda data: data["version"]):
        question_set_sync(data, tally)
    # Answers to a question that the technical questionnaire now asks move there, not lost.
    shared_answers_carry()
    return tally


def load() -> list[Tally]:
    return [question_sets_load()]
