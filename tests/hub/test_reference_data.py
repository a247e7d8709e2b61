"""Reference data: loaded from the files by a production-safe, idempotent command that creates no
account, where the file wins for the labels it holds and staff's own rows stay."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from community.models import ForumCategory
from hub.models import Page, PageVersion, User
from learning.models import Topic
from questionnaires.models import Choice, Question, QuestionSet, Section
from tests.factories import login_verified, make_staff, make_tool
from tests.production_process import manage_in_production
from tools_catalog.models import (
    TAXONOMIES,
    CostModel,
    CrimePhase,
    DeploymentOption,
    Maturity,
    MediaType,
    OperatingSystem,
    Purpose,
    Technology,
)

LANGUAGE_FIELDS = [code.replace("-", "_") for code, _name in settings.LANGUAGES]
REFERENCE_MODELS = [
    *TAXONOMIES,
    Topic,
    ForumCategory,
    QuestionSet,
    Section,
    Question,
    Choice,
    Page,
    PageVersion,
]
# SPEC §3: the starting taxonomy.
TAXONOMY_SIZES = {
    Purpose: 18,
    Technology: 8,
    CrimePhase: 5,
    MediaType: 7,
    DeploymentOption: 5,
    OperatingSystem: 6,
    CostModel: 4,
    Maturity: 3,
}


def _load() -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_reference_data", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _snapshot() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in REFERENCE_MODELS
    }


def test_production_load_on_an_empty_database_creates_the_reference_data_and_no_account(
    transactional_db, tmp_path
):
    assert not any(model.objects.exists() for model in REFERENCE_MODELS)

    result = manage_in_production("load_reference_data", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "Reference data is in place." in result.stdout
    assert not User.objects.exists()

    for model, size in TAXONOMY_SIZES.items():
        assert model.objects.count() == size, model.__name__
    for model in [*TAXONOMIES, Topic, ForumCategory]:
        assert model.objects.exists(), model.__name__
        for value in model.objects.all():
            for language in LANGUAGE_FIELDS:
                assert getattr(value, f"name_{language}"), (value.slug, language)
                assert getattr(value, f"description_{language}"), (value.slug, language)
    levels = list(Maturity.objects.order_by("position").values_list("slug", flat=True))
    assert levels == ["research-prototype", "pilot-in-development", "in-production-use"]

    question_set = QuestionSet.objects.get()
    assert (question_set.version, question_set.status) == (1, QuestionSet.Status.ACTIVE)
    questions = Question.objects.filter(section__question_set=question_set)
    assert questions.count() >= 25
    for language in LANGUAGE_FIELDS:
        assert all(getattr(question, f"text_{language}") for question in questions), language

    for slug in Page.Slug.values:
        version = PageVersion.objects.get(page__slug=slug)
        assert version.is_published, slug
        for language in LANGUAGE_FIELDS:
            assert getattr(version, f"title_{language}"), (slug, language)
            assert getattr(version, f"body_{language}"), (slug, language)


def test_the_loaded_pages_are_what_visitors_read(db):
    _load()
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("terms"))

    assert response.status_code == 200
    assert "Conditions de participation" in response.content.decode()


def test_a_second_run_changes_nothing(db):
    _load()
    before = _snapshot()

    out, err = _load()

    assert _snapshot() == before
    assert err == ""
    tallies = [line for line in out.splitlines() if "created" in line]
    assert len(tallies) == 5
    assert all("0 created, 0 updated" in line for line in tallies), out


def test_the_file_wins_for_the_labels_it_holds_and_staff_values_stay(db):
    _load()
    staff = login_verified(Client(), make_staff())
    added = staff.post(
        reverse("admin:tools_catalog_purpose_add"),
        {
            "name_en": "Cross-border case coordination",
            "description_en": "Added by staff.",
            "slug": "cross-border-coordination",
            "position": "5",
        },
    )
    assert added.status_code == 302
    users = list(User.objects.values_list("pk", flat=True))
    # The database holds the labels of an older version of the files.
    hashing = Purpose.objects.get(slug="hash-matching")
    topic = Topic.objects.get(slug="gender-bias")
    category = ForumCategory.objects.get(slug="tools")
    question = Question.objects.get(section__question_set__version=1, key="training_data")
    current = (hashing.name_fr, hashing.description_es, topic.name_ar, category.name_zh_hans)
    Purpose.objects.filter(pk=hashing.pk).update(
        name_fr="Ancien libellé", description_es="Texto anterior", position=999
    )
    Topic.objects.filter(pk=topic.pk).update(name_ar="عنوان قديم")
    ForumCategory.objects.filter(pk=category.pk).update(name_zh_hans="旧名称")
    Question.objects.filter(pk=question.pk).update(text_ru="Старая формулировка")

    out, _err = _load()

    for row in (hashing, topic, category, question):
        row.refresh_from_db()
    assert (hashing.name_fr, hashing.description_es, topic.name_ar, category.name_zh_hans) == (
        current
    )
    assert hashing.position == 10
    assert question.text_ru.startswith("Какие наборы данных")
    assert "catalogue taxonomies: 0 created, 1 updated" in out
    staff_value = Purpose.objects.get(slug="cross-border-coordination")
    assert (staff_value.name_en, staff_value.position) == ("Cross-border case coordination", 5)
    assert Purpose.objects.count() == TAXONOMY_SIZES[Purpose] + 1
    assert list(User.objects.values_list("pk", flat=True)) == users


def test_an_answered_question_bank_keeps_its_structure(db):
    _load()
    question = Question.objects.get(section__question_set__version=1, key="data_lawful")
    # What providers answered: an older file asked this question as optional.
    Question.objects.filter(pk=question.pk).update(required=False)

    _out, err = _load()

    question.refresh_from_db()
    assert question.required is False
    assert "data_lawful" in err and "new version" in err


def test_a_published_page_version_is_never_rewritten(db):
    _load()
    terms = PageVersion.objects.get(page__slug="terms", version=1)
    # What members agreed to: an older file's wording of version 1.
    PageVersion.objects.filter(pk=terms.pk).update(title_fr="Conditions acceptées")

    _out, err = _load()

    terms.refresh_from_db()
    assert terms.title_fr == "Conditions acceptées"
    assert "terms v1 is published" in err


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search documents: PostgreSQL only")
def test_a_renamed_value_is_found_in_the_tools_that_carry_it(db):
    from django.contrib.postgres.search import SearchQuery

    from tools_catalog.models import Tool

    _load()
    # The tool was indexed while the value had an older French name.
    Purpose.objects.filter(slug="hash-matching").update(name_fr="Ancien libellé")
    tool = make_tool("Matcher", purposes=("hash-matching",))
    french = SearchQuery("hachages", config="french", search_type="websearch")
    assert not Tool.objects.filter(pk=tool.pk, search_fr=french).exists()

    _load()

    assert Tool.objects.filter(pk=tool.pk, search_fr=french).exists()
