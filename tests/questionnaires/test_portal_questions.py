"""What providers see in the questionnaires: a question asked once where both questionnaires need it,
languages ticked by name, and a completeness meter that says what may still be asked."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from questionnaires import services
from questionnaires.models import Answer, Question, QuestionSet, Section
from tests.factories import login_verified, make_organisation, make_provider, make_staff

from .factories import make_draft, make_question_set, taxonomy

pytestmark = pytest.mark.django_db


def technical_url(tool, section: str) -> str:
    return reverse("provider:technical_section", args=[tool.pk, section])


def ethics_url(tool, section: str) -> str:
    return reverse("provider:ethics_section", args=[tool.pk, section])


def text_of(response) -> str:
    """The page's words, without tags, on one line."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def signed_in(user) -> Client:
    return login_verified(Client(), user)


# One question, asked once ----------------------------------------------------------------------------


@pytest.fixture
def bank():
    """The hub's own question bank (v1), as a deployment loads it."""
    call_command("load_reference_data", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def provider(bank):
    return make_provider(organisation=make_organisation(name="Lakeside Labs"))


def test_the_origin_questions_are_asked_once_in_the_technical_questionnaire(provider):
    client = signed_in(provider)
    revision = make_draft(provider)
    tool = revision.tool

    origin = client.get(ethics_url(tool, "origin"))
    html = origin.content.decode()
    assert origin.status_code == 200
    # No box to type in again: the answer is given in "Background".
    assert 'name="first_built_for"' not in html
    assert 'name="other_agencies"' not in html
    assert 'name="intended_use"' in html  # the section's other questions are still asked
    assert html.count("Not answered yet.") == 2
    assert technical_url(tool, "background") in html

    client.post(
        technical_url(tool, "background"),
        {
            "country": "KE",
            "first_built_for": "The national child-protection hotline.",
            "used_by_other_agencies": "yes",
            "used_by_details": "Two police services in East Africa.",
            "independently_evaluated": "no",
            "collects_user_data": "no",
            "then": "stay",
        },
    )
    words = text_of(client.get(ethics_url(tool, "origin")))
    assert "The national child-protection hotline." in words
    assert "Two police services in East Africa." in words
    assert "Not answered yet." not in words

    # Saving the ethics section keeps the answers that come from the technical questionnaire.
    client.post(
        ethics_url(tool, "origin"), {"intended_use": "Triage of seized media.", "then": "stay"}
    )
    words = text_of(client.get(ethics_url(tool, "origin")))
    assert "The national child-protection hotline." in words
    assert "Triage of seized media." in words


def test_answers_given_twice_before_are_carried_into_the_technical_answer(provider):
    """A draft written while the bank still asked both questions: the loader moves its ethics
    answers into the technical questionnaire, and no answer row is deleted."""
    client = signed_in(provider)
    revision = make_draft(provider)
    tool = revision.tool
    shared = Question.objects.filter(technical_field__gt="")
    assert sorted(shared.values_list("key", flat=True)) == ["first_built_for", "other_agencies"]
    shared.update(technical_field="")  # the bank as the previous release asked it

    client.post(
        technical_url(tool, "background"),
        {"first_built_for": "A university research project.", "then": "stay"},
    )
    client.post(
        ethics_url(tool, "origin"),
        {
            "first_built_for": "Victim identification units.",
            "other_agencies": "yes",
            "other_agencies__explanation": "Three agencies piloted it.",
            "then": "stay",
        },
    )
    rows_before = set(Answer.objects.filter(revision=revision).values_list("pk", flat=True))

    call_command("load_reference_data", stdout=io.StringIO(), stderr=io.StringIO())

    assert rows_before <= set(Answer.objects.filter(revision=revision).values_list("pk", flat=True))
    background = client.get(technical_url(tool, "background"))
    form = background.context["form"]
    # Both texts kept; the yes and its explanation fill the empty technical answers.
    assert form["first_built_for"].value() == (
        "A university research project.\n\nVictim identification units."
    )
    assert form["used_by_other_agencies"].value() == "yes"
    assert form["used_by_details"].value() == "Three agencies piloted it."
    words = text_of(client.get(ethics_url(tool, "origin")))
    assert "Victim identification units." in words
    assert "Three agencies piloted it." in words

    # Loading again changes nothing more.
    call_command("load_reference_data", stdout=io.StringIO(), stderr=io.StringIO())
    again = client.get(technical_url(tool, "background")).context["form"]
    assert again["first_built_for"].value() == form["first_built_for"].value()


def test_the_shared_questions_count_once_in_the_completeness_meter(provider):
    client = signed_in(provider)
    tool = make_draft(provider).tool
    progress = client.get(reverse("provider:tool", args=[tool.pk])).context["progress"]
    origin = next(s for s in progress.sections if s.key == "origin" and s.part == "ethics")
    assert origin.required == 2  # intended use, kind of technology: the other two are in Background
    assert not any("first built for" in label for label in origin.missing)


# Languages ---------------------------------------------------------------------------------------------


@pytest.fixture
def small_bank_provider():
    make_question_set()
    return make_provider(organisation=make_organisation(name="Lakeside Labs"))


def test_languages_are_ticked_by_their_names_in_the_readers_language(small_bank_provider):
    provider = small_bank_provider
    client = signed_in(provider)
    client.cookies["django_language"] = "fr"
    tool = make_draft(provider).tool

    page = client.get(technical_url(tool, "languages"))
    html = page.content.decode()
    assert 'type="checkbox" name="interface_languages" value="sw"' in html
    assert re.search(r'value="sw"[^>]*>\s*swahili', html), "Swahili is listed by its French name"
    assert "ISO 639" not in html  # nobody is asked to type codes

    client.post(
        technical_url(tool, "languages"),
        {"interface_languages": ["en", "sw"], "analysis_languages": ["ar"], "then": "stay"},
    )
    page = client.get(technical_url(tool, "languages"))
    form = page.context["form"]
    assert form["interface_languages"].value() == ["en", "sw"]  # stored as codes, as before
    assert form["analysis_languages"].value() == ["ar"]
    html = page.content.decode()
    assert re.search(r'value="sw"[^>]*checked', html)


def test_languages_typed_as_codes_before_stay_ticked(small_bank_provider):
    """A draft saved when codes were typed ("yue", ISO 639-3) keeps them, shown by name."""
    provider = small_bank_provider
    client = signed_in(provider)
    revision = make_draft(provider)
    services.technical_section_save(revision=revision, values={"analysis_languages": ["yue"]})

    html = client.get(technical_url(revision.tool, "languages")).content.decode()
    assert re.search(r'name="analysis_languages" value="yue"[^>]*checked[^>]*>\s*Cantonese', html)

    client.post(
        technical_url(revision.tool, "languages"),
        {"interface_languages": ["en"], "analysis_languages": ["yue", "fr"], "then": "stay"},
    )
    form = client.get(technical_url(revision.tool, "languages")).context["form"]
    assert sorted(form["analysis_languages"].value()) == ["fr", "yue"]


# The completeness meter ------------------------------------------------------------------------------


def meter(client, tool) -> str:
    match = re.search(
        r"(\d+ of \d+ required answers given)(; (\d+) more questions? may be asked, depending on "
        r"your answers)?",
        text_of(client.get(reverse("provider:tool", args=[tool.pk]))),
    )
    assert match, "no completeness meter on the page"
    return match.group(0)


def test_the_meter_says_what_may_still_be_asked(small_bank_provider):
    provider = small_bank_provider
    taxonomy()
    client = signed_in(provider)
    tool = make_draft(provider).tool
    # 14 technical fields and 3 ethics questions are required now; three details are asked only
    # after a "yes".
    assert meter(client, tool) == (
        "1 of 17 required answers given; 3 more questions may be asked, depending on your answers"
    )

    client.post(
        technical_url(tool, "background"),
        {
            "country": "KE",
            "first_built_for": "A hotline.",
            "used_by_other_agencies": "yes",
            "independently_evaluated": "no",
            "collects_user_data": "no",
            "then": "stay",
        },
    )
    assert meter(client, tool) == (
        "6 of 18 required answers given; 2 more questions may be asked, depending on your answers"
    )

    client.post(
        technical_url(tool, "background"),
        {
            "country": "KE",
            "first_built_for": "A hotline.",
            "used_by_other_agencies": "yes",
            "used_by_details": "Two agencies.",
            "independently_evaluated": "yes",
            "evaluation_url": "https://example.org/evaluation",
            "collects_user_data": "yes",
            "user_data_details": "Crash reports, to fix faults.",
            "then": "stay",
        },
    )
    assert meter(client, tool) == "9 of 20 required answers given"


# The question bank -----------------------------------------------------------------------------------


def test_staff_say_in_a_draft_version_which_questions_the_technical_questionnaire_asks():
    draft = make_question_set(version=1, status=QuestionSet.Status.DRAFT)
    section = Section.objects.get(question_set=draft, key="team")
    staff = signed_in(make_staff())
    data = {
        "section": section.pk,
        "key": "built_for",
        "position": 5,
        "kind": "yes_no",
        "required": "on",
        "text_en": "Who was it built for?",
        "technical_field": "first_built_for",  # a text field, for a yes / no question
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
    }
    add = reverse("admin:questionnaires_question_add")
    response = staff.post(add, data)
    assert "That field takes another type of answer than this question." in (
        response.content.decode()
    )

    response = staff.post(add, {**data, "kind": "text"})
    assert response.status_code == 302
    assert Question.objects.get(key="built_for").technical_field == "first_built_for"
