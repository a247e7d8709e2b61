"""The technical questionnaire: a tool's own fields (SPEC §3), in the sections providers fill in.

A submission keeps the proposed values as JSON (``ToolRevision.proposed``): plain values, taxonomy
values as slugs, the maturity as a slug, training links as ``{"title", "url"}`` pairs, and the
summary and description in every interface language (``summary_en``, ``summary_fr``, ...).
:func:`tool_snapshot` reads a tool into that shape; ``services.tool_apply`` writes it back.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tools_catalog.models import (
    CostModel,
    CrimePhase,
    DeploymentOption,
    MediaType,
    OperatingSystem,
    Purpose,
    Technology,
    Tool,
)

from .models import LANGUAGE_FIELDS

# Tool many-to-many field -> taxonomy model.
TAXONOMY_FIELDS = {
    "purposes": Purpose,
    "crime_phases": CrimePhase,
    "media_types": MediaType,
    "technologies": Technology,
    "deployment_options": DeploymentOption,
    "operating_systems": OperatingSystem,
    "cost_models": CostModel,
}
PLAIN_FIELDS = (
    "name",
    "website",
    "hardware_requirements",
    "integrations",
    "first_built_for",
    "used_by_other_agencies",
    "used_by_details",
    "independently_evaluated",
    "evaluation_url",
    "collects_user_data",
    "user_data_details",
)
LIST_FIELDS = ("interface_languages", "analysis_languages")
YES_NO_FIELDS = ("used_by_other_agencies", "independently_evaluated", "collects_user_data")
# A yes / no field -> the field that explains the answer.
DETAILS_FIELDS = {
    "used_by_other_agencies": "used_by_details",
    "independently_evaluated": "evaluation_url",
    "collects_user_data": "user_data_details",
}
# Fields an ethics question may share (``Question.technical_field``), by the kind of answer.
TEXT_FIELDS_SHAREABLE = ("first_built_for", "integrations", "hardware_requirements")
TRANSLATED_FIELDS = ("summary", "description")
OTHER_LANGUAGES = tuple(code for code in LANGUAGE_FIELDS if code != settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class TechnicalSection:
    key: str
    title: str
    fields: tuple[str, ...]
    required: tuple[str, ...] = ()
    # field -> (other field, value): the field is required when the other one has that value.
    required_when: dict[str, tuple[str, str]] = field(default_factory=dict)


SECTIONS: tuple[TechnicalSection, ...] = (
    TechnicalSection(
        "basics",
        _("Basics"),
        ("name", "summary_en", "website"),
        required=("name", "summary_en"),
    ),
    TechnicalSection(
        "does",
        _("What it does"),
        ("description_en", "purposes", "crime_phases", "media_types"),
        required=("description_en", "purposes", "media_types"),
    ),
    TechnicalSection("works", _("How it works"), ("technologies", "integrations")),
    TechnicalSection(
        "runs",
        _("Where it runs"),
        ("deployment_options", "operating_systems", "hardware_requirements"),
        required=("deployment_options",),
    ),
    TechnicalSection(
        "languages",
        _("Languages"),
        ("interface_languages", "analysis_languages"),
        required=("interface_languages",),
    ),
    TechnicalSection(
        "cost",
        _("Cost and maturity"),
        ("cost_models", "maturity"),
        required=("cost_models", "maturity"),
    ),
    TechnicalSection(
        "background",
        _("Background"),
        (
            "country",
            "first_built_for",
            "used_by_other_agencies",
            "used_by_details",
            "independently_evaluated",
            "evaluation_url",
            "collects_user_data",
            "user_data_details",
        ),
        required=(
            "country",
            "first_built_for",
            "used_by_other_agencies",
            "independently_evaluated",
            "collects_user_data",
        ),
        required_when={
            "used_by_details": ("used_by_other_agencies", "yes"),
            "evaluation_url": ("independently_evaluated", "yes"),
            "user_data_details": ("collects_user_data", "yes"),
        },
    ),
    TechnicalSection("training", _("Training material"), ("training_links",)),
    TechnicalSection(
        "translations",
        _("Translations"),
        tuple(f"{name}_{code}" for code in OTHER_LANGUAGES for name in TRANSLATED_FIELDS),
    ),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

LABELS = {
    "name": _("Name of the tool"),
    "summary_en": _("Short summary"),
    "website": _("Website"),
    "description_en": _("Description"),
    "purposes": _("What it helps with"),
    "crime_phases": _("Crime phases"),
    "media_types": _("Material it handles"),
    "technologies": _("Technology"),
    "integrations": _("Integrations and standards supported"),
    "deployment_options": _("Where it can run"),
    "operating_systems": _("Operating systems"),
    "hardware_requirements": _("Hardware and IT needs"),
    "interface_languages": _("Interface languages"),
    "analysis_languages": _("Languages it can analyse"),
    "cost_models": _("Cost for law enforcement"),
    "maturity": _("Maturity"),
    "country": _("Country of origin"),
    "first_built_for": _("Who it was first built for, and why"),
    "used_by_other_agencies": _("Used by other law-enforcement agencies"),
    "used_by_details": _("Which agencies, or how many"),
    "independently_evaluated": _("Independently evaluated"),
    "evaluation_url": _("Link to the evaluation"),
    "collects_user_data": _("Collects data or analytics from its users"),
    "user_data_details": _("What it collects, and why"),
    "training_links": _("Training material"),
}


def field_label(name: str) -> str:
    """The label of a proposed field, also for translations ("Summary (French)")."""
    if name in LABELS:
        return str(LABELS[name])
    base, _sep, code = name.partition("_")  # "summary_zh_hans" -> "summary", "zh_hans"
    languages = {lang.replace("-", "_"): label for lang, label in settings.LANGUAGES}
    what = _("Summary") if base == "summary" else _("Description")
    return f"{what} ({languages.get(code, code)})"


def empty_proposal(*, name: str) -> dict:
    """What a new tool's technical questionnaire holds before the provider fills it in."""
    return {"name": name}


def tool_snapshot(tool: Tool) -> dict:
    """The tool's current details in the shape of ``ToolRevision.proposed``."""
    data = {name: getattr(tool, name) or "" for name in PLAIN_FIELDS}
    data["country"] = tool.country.code or ""
    for name in TRANSLATED_FIELDS:
        for code in LANGUAGE_FIELDS:
            data[f"{name}_{code}"] = getattr(tool, f"{name}_{code}") or ""
    for name in TAXONOMY_FIELDS:
        data[name] = sorted(getattr(tool, name).values_list("slug", flat=True))
    data["maturity"] = tool.maturity.slug if tool.maturity_id else ""
    for name in LIST_FIELDS:
        data[name] = list(getattr(tool, name) or [])
    data["training_links"] = [
        {"title": link.title, "url": link.url} for link in tool.training_links.all()
    ]
    return data


def is_filled(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def required_fields(section: TechnicalSection, data: dict) -> list[str]:
    """The fields of ``section`` that must be filled in before the tool can be sent for review."""
    fields = list(section.required)
    for name, (other, value) in section.required_when.items():
        if data.get(other) == value:
            fields.append(name)
    return fields


def missing_fields(section: TechnicalSection, data: dict) -> list[str]:
    return [name for name in required_fields(section, data) if not is_filled(data.get(name))]


def shared_answer(name: str, data: dict) -> tuple[str, str]:
    """The answer to an ethics question that shares the field ``name`` of the technical
    questionnaire: (value, explanation), taken from the submission's proposed details."""
    value = data.get(name) or ""
    details = DETAILS_FIELDS.get(name)
    return (value if isinstance(value, str) else "", (data.get(details) or "") if details else "")
