"""Question sets, submissions and complete answers for the provider-portal tests."""

from django.utils import timezone

from questionnaires import services
from questionnaires.models import Question, QuestionSet, ToolRevision
from tools_catalog.models import CostModel, DeploymentOption, Maturity, MediaType, Purpose

LANGUAGES = ("en", "ar", "zh_hans", "fr", "ru", "es")


def _texts(field: str, english: str) -> dict[str, str]:
    """The English text, and a marked copy in every other language (as a translator would)."""
    return {
        f"{field}_{code}": english if code == "en" else f"[{code}] {english}" for code in LANGUAGES
    }


def make_question_set(*, version: int = 1, status: str = QuestionSet.Status.ACTIVE) -> QuestionSet:
    """A small bank: "Training data" (text, yes/no, optional URL) and "Team" (multiple, single).

    Required: training_data, data_lawful, location. Optional: documentation, expertise.
    """
    question_set = QuestionSet.objects.create(
        version=version,
        status=status,
        activated_at=timezone.now() if status == QuestionSet.Status.ACTIVE else None,
        **_texts("title", f"Ethics v{version}"),
    )
    data = question_set.sections.create(key="data", position=1, **_texts("title", "Training data"))
    data.questions.create(
        key="training_data",
        kind=Question.Kind.TEXT,
        required=True,
        position=1,
        **_texts("text", "Which datasets trained the tool?"),
    )
    data.questions.create(
        key="data_lawful",
        kind=Question.Kind.YES_NO,
        required=True,
        position=2,
        **_texts("text", "Was the data used lawfully?"),
    )
    data.questions.create(
        key="documentation",
        kind=Question.Kind.URL,
        required=False,
        position=3,
        **_texts("text", "Link to the documentation"),
    )
    team = question_set.sections.create(key="team", position=2, **_texts("title", "Team"))
    expertise = team.questions.create(
        key="expertise",
        kind=Question.Kind.MULTIPLE,
        required=False,
        position=1,
        **_texts("text", "Which expertise helped?"),
    )
    expertise.choices.create(key="ethics", position=1, **_texts("label", "Ethics"))
    expertise.choices.create(key="law", position=2, **_texts("label", "Law"))
    location = team.questions.create(
        key="location",
        kind=Question.Kind.SINGLE,
        required=True,
        position=2,
        **_texts("text", "Where is the data stored?"),
    )
    location.choices.create(key="agency", position=1, **_texts("label", "At the agency"))
    location.choices.create(key="cloud", position=2, **_texts("label", "In the cloud"))
    return question_set


def taxonomy() -> None:
    """The taxonomy values that COMPLETE_DETAILS names."""
    Purpose.objects.get_or_create(slug="hash-matching", defaults={"name_en": "Hash matching"})
    Purpose.objects.get_or_create(slug="age-estimation", defaults={"name_en": "Age estimation"})
    MediaType.objects.get_or_create(slug="images", defaults={"name_en": "Images"})
    DeploymentOption.objects.get_or_create(slug="on-premises", defaults={"name_en": "On-premises"})
    CostModel.objects.get_or_create(slug="open-source", defaults={"name_en": "Open source"})
    Maturity.objects.get_or_create(slug="in-production", defaults={"name_en": "In production"})


COMPLETE_DETAILS = {
    "summary_en": "Finds known material in seized media.",
    "description_en": "<p>Compares files with hash lists.</p>",
    "purposes": ["hash-matching"],
    "media_types": ["images"],
    "deployment_options": ["on-premises"],
    "interface_languages": ["en", "fr"],
    "cost_models": ["open-source"],
    "maturity": "in-production",
    "country": "KE",
    "first_built_for": "A national hotline.",
    "used_by_other_agencies": "no",
    "independently_evaluated": "no",
    "collects_user_data": "no",
}
COMPLETE_ANSWERS = {
    "data": {
        "training_data": ("No training data: it matches hashes.", ""),
        "data_lawful": ("yes", ""),
    },
    "team": {"location": ("agency", ""), "expertise": (["law"], "")},
}


def fill_in(revision: ToolRevision) -> ToolRevision:
    """Every required field and question of the submission, answered (needs ``taxonomy()``)."""
    services.technical_section_save(revision=revision, values=COMPLETE_DETAILS)
    for section, answers in COMPLETE_ANSWERS.items():
        services.ethics_section_save(revision=revision, section_key=section, answers=answers)
    revision.refresh_from_db()
    return revision


def make_draft(provider_user, name: str = "Hash Hound") -> ToolRevision:
    """A provider's new tool, started in the portal: a hidden draft and its first submission."""
    return services.tool_draft_create(
        organisation=provider_user.organisation, name=name, by=provider_user
    )


def make_published(provider_user, staff_user, name: str = "Hash Hound") -> ToolRevision:
    """A tool the provider submitted and staff published, with its answers shown to officers."""
    taxonomy()
    revision = fill_in(make_draft(provider_user, name))
    services.revision_submit(revision=revision, by=provider_user)
    services.revision_decide(revision=revision, action="publish", by=staff_user)
    revision.refresh_from_db()
    return revision
