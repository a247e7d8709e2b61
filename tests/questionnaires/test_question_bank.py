"""The versioned question bank in the admin, answers that keep the question as it was asked, and
the demo questionnaire."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hub.accounts.demo import seed_accounts
from hub.pages.reference import pages_load
from questionnaires import services
from questionnaires.demo import seed as seed_questionnaires
from questionnaires.models import Answer, Choice, Question, QuestionSet, Section, ToolRevision
from tests.factories import login_verified, make_device, make_officer, make_provider, make_staff
from tools_catalog.demo import seed as seed_catalogue
from tools_catalog.models import Tool

from .factories import make_draft, make_published, make_question_set

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "ar", "zh_hans", "fr", "ru", "es")


@pytest.fixture
def staff_client():
    return login_verified(Client(), make_staff())


def test_answers_keep_the_question_as_it_was_asked(staff_client):
    version_1 = make_question_set()
    provider = make_provider()
    published = make_published(provider, make_staff())
    draft = make_draft(make_provider(), "Other Tool")
    services.ethics_section_save(
        revision=draft, section_key="data", answers={"training_data": ("Drafted.", "")}
    )

    # Staff copy version 1, reword the question in the copy, and activate it.
    staff_client.post(
        reverse("admin:questionnaires_questionset_changelist"),
        {"action": "copy_as_draft", "_selected_action": [version_1.pk]},
    )
    version_2 = QuestionSet.objects.get(version=2)
    assert version_2.status == QuestionSet.Status.DRAFT
    question = Question.objects.get(section__question_set=version_2, key="training_data")
    question.text_en = "Which data was the model trained on, and who labelled it?"
    question.text_fr = "Sur quelles données le modèle a-t-il été entraîné ?"
    question.save()
    staff_client.post(
        reverse("admin:questionnaires_questionset_changelist"),
        {"action": "activate", "_selected_action": [version_2.pk]},
    )
    version_1.refresh_from_db()
    version_2.refresh_from_db()
    assert (version_1.status, version_2.status) == ("retired", "active")

    # The published answer is shown with the words it was answered to, in every language.
    officer = login_verified(Client(), make_officer())
    page = officer.get(reverse("tools:detail", args=[published.tool.slug])).content.decode()
    assert "Which datasets trained the tool?" in page
    assert "Which data was the model trained on" not in page
    assert "version 1" in page
    answer = Answer.objects.get(revision=published, question_key="training_data")
    assert answer.asked["question"]["fr"] == "[fr] Which datasets trained the tool?"

    # A draft still being written moves to version 2 and keeps its answer, asked in the new words.
    draft.refresh_from_db()
    assert draft.question_set == version_2
    moved = draft.answers.get(question_key="training_data")
    assert moved.value == "Drafted."
    assert (
        moved.asked["question"]["en"] == "Which data was the model trained on, and who labelled it?"
    )


def test_active_and_retired_versions_are_read_only_in_the_admin(staff_client):
    active = make_question_set()
    question = Question.objects.get(section__question_set=active, key="training_data")

    response = staff_client.post(
        reverse("admin:questionnaires_question_change", args=[question.pk]),
        {"text_en": "Changed behind the providers' backs", "key": "training_data"},
    )

    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text_en == "Which datasets trained the tool?"
    page = staff_client.get(reverse("admin:questionnaires_questionset_change", args=[active.pk]))
    assert page.status_code == 200  # read-only view


def test_only_one_version_is_active():
    make_question_set(version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_question_set(version=2)


def test_a_question_key_is_unique_in_a_version(staff_client):
    draft = make_question_set(version=1, status=QuestionSet.Status.DRAFT)
    section = Section.objects.get(question_set=draft, key="team")
    data = {
        "section": section.pk,
        "key": "training_data",  # taken in the "data" section of the same version
        "position": 5,
        "kind": "text",
        "required": "on",
        "text_en": "Again?",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
    }
    response = staff_client.post(reverse("admin:questionnaires_question_add"), data)
    assert response.status_code == 200
    assert "Another question of this version has this key." in response.content.decode()


# The demo questionnaire ------------------------------------------------------------------------------


@pytest.fixture
def demo():
    out = io.StringIO()
    pages_load()
    seed_accounts(stdout=out)
    seed_catalogue(stdout=out)
    seed_questionnaires(stdout=out)
    return out


def test_the_demo_questionnaire_covers_the_report_in_six_languages(demo):
    question_set = QuestionSet.objects.get(version=1)
    assert question_set.status == QuestionSet.Status.ACTIVE
    questions = Question.objects.filter(section__question_set=question_set)
    assert questions.count() >= 25
    kinds = set(questions.values_list("kind", flat=True))
    assert kinds == {"text", "yes_no", "single", "multiple", "url"}
    keys = set(questions.values_list("key", flat=True))
    for topic in (
        "training_data",
        "data_gender",
        "data_groups",
        "team_diversity",
        "personal_data",
        "children_rights",
        "security_measures",
        "accuracy",
        "strengths",
        "limitations",
        "risks",
        "independent_check",
        "other_agencies",
        "first_built_for",
        "collects_user_data",
        "human_review",
        "explainability",
        "redress",
        "societal_impact",
    ):
        assert topic in keys
    for code in LANGUAGES:
        assert all(getattr(q, f"text_{code}") for q in questions), code
        assert all(getattr(s, f"title_{code}") for s in question_set.sections.all()), code
        choices = Choice.objects.filter(question__section__question_set=question_set)
        assert all(getattr(c, f"label_{code}") for c in choices), code


def test_the_demo_tools_have_answers_and_a_second_run_changes_nothing(demo):
    published = Tool.objects.published()
    assert published.count() > 50
    assert (
        ToolRevision.objects.filter(is_live=True, tool__in=published).count() == published.count()
    )
    counts = (ToolRevision.objects.count(), Answer.objects.count(), QuestionSet.objects.count())

    seed_questionnaires(stdout=io.StringIO())

    assert (ToolRevision.objects.count(), Answer.objects.count(), QuestionSet.objects.count()) == (
        counts
    )


def test_the_demo_provider_sees_a_draft_and_a_published_tool(demo):
    from hub.models import User

    user = User.objects.get(email="dev@brightlake.example")
    make_device(user)
    client = login_verified(Client(), user)

    html = client.get(reverse("provider:dashboard")).content.decode()

    assert "Brightlake Analytics (demo)" in html
    assert "Brightlake Classify" in html and "Brightlake Blur Desk" in html
    assert '<h3 class="portal__group">Draft</h3>' in html
    assert '<h3 class="portal__group">Published</h3>' in html
    draft = Tool.objects.get(slug="brightlake-blur-desk")
    page = client.get(reverse("provider:tool", args=[draft.pk])).content.decode()
    assert "required answers given" in page


def test_demo_answers_are_shown_in_the_officers_language(demo):
    tool = Tool.objects.get(slug="brightlake-classify")
    officer = login_verified(Client(), make_officer(language="fr"))
    with translation.override("fr"):
        url = reverse("tools:detail", args=[tool.slug])
    response = officer.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert "Pour qui l&#x27;outil a-t-il été conçu à l&#x27;origine" in html
