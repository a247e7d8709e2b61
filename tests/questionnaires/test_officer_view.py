"""What officers read: the provider's ethics answers on the tool page and side by side in compare."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from questionnaires.selectors import ethics_answers_for
from tests.factories import (
    login_verified,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
    make_tool,
)

from .factories import make_published, make_question_set

pytestmark = pytest.mark.django_db

NOTE = "These answers are the provider's own. The hub has not assessed, verified or scored them"


@pytest.fixture
def officer_client():
    return login_verified(Client(), make_officer())


@pytest.fixture
def published():
    make_question_set()
    provider = make_provider(organisation=make_organisation(name="Lakeside Labs"))
    return make_published(provider, make_staff())


def ethics_section(html: str) -> str:
    start = html.index('id="ethics-title"')
    return html[start : html.index("</section>", start)]


def test_the_tool_page_shows_the_answers_by_section_under_the_note(officer_client, published):
    html = officer_client.get(reverse("tools:detail", args=[published.tool.slug])).content.decode()

    section = ethics_section(html)
    assert NOTE in section
    assert "Ethics questionnaire, version 1" in section
    assert f'<time datetime="{published.submitted_at:%Y-%m-%d}">' in section
    headings = re.findall(r'<h3 class="ethics-answers__section"[^>]*>([^<]+)</h3>', section)
    assert headings == ["Training data", "Team"]
    assert "Which datasets trained the tool?" in section
    assert "No training data: it matches hashes." in section
    assert "At the agency" in section  # a choice, by its label as asked
    assert 'ethics-answers__value" dir="auto">Law<' in section  # the one choice ticked of several
    assert "not given answers" not in section


def test_a_tool_without_answers_says_so_plainly(officer_client):
    tool = make_tool("Quiet Tool")
    section = ethics_section(
        officer_client.get(reverse("tools:detail", args=[tool.slug])).content.decode()
    )
    assert "The provider has not given answers to the ethics questionnaire yet." in section
    assert NOTE not in section


def test_compare_shows_the_answers_side_by_side(officer_client, published):
    other = make_tool("Quiet Tool")
    url = reverse("tools:compare") + f"?tool={published.tool.slug}&tool={other.slug}"

    html = officer_client.get(url).content.decode()

    assert "Ethics answers from the providers: Training data" in html
    row = re.search(r"Which datasets trained the tool\?.*?</tr>", html, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells == ["No training data: it matches hashes.", "–"]
    assert "version 1, answered on" in html
    assert "has not assessed, verified or scored them" in html


def test_the_answers_of_several_tools_come_in_one_query(published, django_assert_num_queries):
    tools = [published.tool, make_tool("Quiet Tool")]
    with django_assert_num_queries(1):
        answers = ethics_answers_for(tools)
    assert set(answers) == {published.tool_id}


def test_answers_in_review_or_draft_are_not_shown(officer_client, published):
    from questionnaires import services

    revision = services.revision_start(tool=published.tool, by=published.created_by)
    services.ethics_section_save(
        revision=revision, section_key="data", answers={"training_data": ("A draft answer.", "")}
    )
    html = officer_client.get(reverse("tools:detail", args=[published.tool.slug])).content.decode()
    assert "A draft answer." not in html
    assert "No training data: it matches hashes." in html
