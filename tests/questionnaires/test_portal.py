"""The provider portal: who sees what, drafts saved section by section, the completeness meter."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import Notice
from questionnaires.models import Answer, ToolRevision
from tests.factories import (
    login_verified,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
    make_tool,
)
from tools_catalog.models import Tool

from .factories import (
    COMPLETE_DETAILS,
    fill_in,
    make_draft,
    make_published,
    make_question_set,
    taxonomy,
)

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("provider:dashboard")


def technical_url(tool, section: str) -> str:
    return reverse("provider:technical_section", args=[tool.pk, section])


def ethics_url(tool, section: str) -> str:
    return reverse("provider:ethics_section", args=[tool.pk, section])


def progress_text(response) -> str:
    """The completeness meter's sentence, e.g. "3 of 19 required answers given"."""
    match = re.search(r"(\d+) of (\d+) required answers given", response.content.decode())
    assert match, "no completeness meter on the page"
    return match.group(0)


@pytest.fixture
def question_set():
    return make_question_set()


@pytest.fixture
def provider(question_set):
    return make_provider(name="Pat Provider", organisation=make_organisation(name="Lakeside Labs"))


@pytest.fixture
def provider_client(provider):
    return login_verified(Client(), provider)


# Who sees what ---------------------------------------------------------------------------------------


def test_dashboard_lists_the_organisations_tools_by_state(provider, provider_client):
    staff = make_staff()
    draft = make_draft(provider, "Draft Finder")
    published = make_published(provider, staff, "Live Finder")
    removed = make_tool("Old Finder", provider=provider.organisation, status="removed")
    make_tool("Someone Else's Tool", provider=make_organisation(name="Other Org"))

    response = provider_client.get(DASHBOARD)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Lakeside Labs" in html
    for name in ("Draft Finder", "Live Finder", "Old Finder"):
        assert name in html
    assert "Someone Else&#x27;s Tool" not in html and "Someone Else's Tool" not in html
    # Grouped under the state's heading, in the dashboard's order.
    headings = re.findall(r'<h3 class="portal__group">([^<]+)</h3>', html)
    assert headings == ["Draft", "Published", "Removed"]
    assert reverse("provider:tool", args=[draft.tool_id]) in html
    assert reverse("provider:tool", args=[published.tool_id]) in html
    assert reverse("provider:tool", args=[removed.pk]) in html
    assert reverse("provider_users") in html


def test_dashboard_shows_the_users_notices(provider, provider_client):
    Notice.objects.create(user=provider, title="Your tool was published")
    Notice.objects.create(user=make_provider(), title="Not for you")

    html = provider_client.get(DASHBOARD).content.decode()

    assert "Your tool was published" in html
    assert "Not for you" not in html


def test_another_organisations_tool_answers_404_everywhere(provider, provider_client):
    other_user = make_provider(organisation=make_organisation(name="Rival Labs"))
    taxonomy()
    draft = fill_in(make_draft(other_user, "Rival Draft"))
    tool = draft.tool
    pages = [
        reverse("provider:tool", args=[tool.pk]),
        technical_url(tool, "basics"),
        ethics_url(tool, "data"),
        reverse("provider:submit", args=[tool.pk]),
    ]
    for url in pages:
        assert provider_client.get(url).status_code == 404, url

    posts = {
        technical_url(tool, "basics"): {"name": "Hijacked", "then": "stay"},
        ethics_url(tool, "data"): {"training_data": "Hijacked", "then": "stay"},
        reverse("provider:submit", args=[tool.pk]): {"confirm": "on"},
        reverse("provider:revision_start", args=[tool.pk]): {},
        reverse("provider:revision_discard", args=[tool.pk]): {},
        reverse("provider:confirm", args=[tool.pk]): {},
    }
    for url, data in posts.items():
        assert provider_client.post(url, data).status_code == 404, url

    draft.refresh_from_db()
    assert draft.proposed["name"] == "Rival Draft"
    assert draft.state == ToolRevision.State.DRAFT
    assert Answer.objects.get(revision=draft, question_key="training_data").value != "Hijacked"


def test_another_organisations_published_answers_stay_hidden(provider, provider_client):
    other_user = make_provider(organisation=make_organisation(name="Rival Labs"))
    published = make_published(other_user, make_staff(), "Rival Live")

    response = provider_client.get(reverse("provider:tool", args=[published.tool_id]))
    assert response.status_code == 404
    assert "Rival Live" not in provider_client.get(DASHBOARD).content.decode()


def test_providers_cannot_reach_officer_pages(provider, provider_client):
    tool = make_published(provider, make_staff(), "Own Tool").tool
    for url in (
        reverse("tools:catalogue"),
        reverse("tools:detail", args=[tool.slug]),
        reverse("tools:compare"),
        reverse("tools:mine"),
    ):
        assert provider_client.get(url).status_code == 404, url


def test_officers_and_staff_get_no_provider_portal(provider):
    tool = make_draft(provider).tool
    for user in (make_officer(), make_staff()):
        client = login_verified(Client(), user)
        assert client.get(DASHBOARD).status_code == 404
        assert client.get(reverse("provider:tool", args=[tool.pk])).status_code == 404


# Drafts ---------------------------------------------------------------------------------------------


def test_starting_a_new_tool_makes_a_hidden_submitted_draft(provider, provider_client):
    response = provider_client.post(reverse("provider:tool_new"), {"name": "Fresh Finder"})

    tool = Tool.objects.get(name="Fresh Finder")
    assert response["Location"] == technical_url(tool, "basics")
    assert tool.provider == provider.organisation
    assert tool.origin == Tool.Origin.SUBMITTED
    assert tool.status == Tool.Status.DRAFT
    assert tool.revisions.get().state == ToolRevision.State.DRAFT


def test_an_invalid_technical_section_keeps_what_was_typed_and_the_other_sections(
    provider, provider_client
):
    tool = make_draft(provider).tool
    provider_client.post(
        technical_url(tool, "background"),
        {"first_built_for": "A national hotline.", "country": "KE", "then": "stay"},
    )

    response = provider_client.post(
        technical_url(tool, "basics"),
        {
            "name": "Renamed Hound",
            "summary_en": "Finds known material fast.",
            "website": "not a web address",
            "then": "next",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Renamed Hound"' in html
    assert "Finds known material fast." in html
    assert 'value="not a web address"' in html
    assert 'aria-invalid="true"' in html
    assert "Enter a valid URL." in html
    revision = tool.revisions.get()
    assert revision.proposed["name"] == "Hash Hound"  # the invalid section was not saved...
    assert revision.proposed["first_built_for"] == "A national hotline."  # ...the other one stays
    background = provider_client.get(technical_url(tool, "background")).content.decode()
    assert "A national hotline." in background


def test_an_invalid_ethics_answer_keeps_every_other_answer(provider, provider_client):
    tool = make_draft(provider).tool
    provider_client.post(ethics_url(tool, "team"), {"location": "cloud", "then": "stay"})

    response = provider_client.post(
        ethics_url(tool, "data"),
        {
            "training_data": "Ten thousand labelled images.",
            "data_lawful": "yes",
            "data_lawful__explanation": "Under agreements with the data holders.",
            "documentation": "htp:/broken",
            "then": "stay",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ten thousand labelled images." in html
    assert "Under agreements with the data holders." in html
    assert re.search(r'value="yes"[^>]*checked', html)
    assert 'value="htp:/broken"' in html
    assert "Enter a valid URL." in html
    revision = tool.revisions.get()
    assert not revision.answers.filter(section_key="data").exists()
    assert revision.answers.get(question_key="location").value == "cloud"


def test_a_draft_survives_logout_and_a_new_login(provider, provider_client):
    tool = make_draft(provider).tool
    provider_client.post(
        technical_url(tool, "basics"),
        {"name": "Hash Hound", "summary_en": "Saved before logging out.", "then": "stay"},
    )
    provider_client.post(
        ethics_url(tool, "data"), {"training_data": "Typed on Monday.", "then": "stay"}
    )
    provider_client.post(reverse("account_logout"))
    assert provider_client.get(DASHBOARD).status_code == 302

    later = login_verified(Client(), provider)
    assert "Saved before logging out." in later.get(technical_url(tool, "basics")).content.decode()
    assert "Typed on Monday." in later.get(ethics_url(tool, "data")).content.decode()


def test_a_colleague_in_the_same_organisation_continues_the_draft(provider):
    tool = make_draft(provider).tool
    colleague = login_verified(Client(), make_provider(organisation=provider.organisation))
    response = colleague.post(
        ethics_url(tool, "data"), {"training_data": "Added by a colleague.", "then": "stay"}
    )
    assert response.status_code == 302
    assert tool.revisions.get().answers.get(question_key="training_data").value == (
        "Added by a colleague."
    )


def test_the_completeness_meter_counts_required_answers_only(provider, provider_client):
    tool = make_draft(provider).tool
    page = reverse("provider:tool", args=[tool.pk])
    # 14 required tool fields (the name is given) and 3 required ethics questions.
    assert progress_text(provider_client.get(page)) == "1 of 17 required answers given"

    provider_client.post(
        ethics_url(tool, "data"),
        {"documentation": "https://docs.example/hound", "then": "stay"},
    )
    provider_client.post(ethics_url(tool, "team"), {"expertise": ["law"], "then": "stay"})
    assert progress_text(provider_client.get(page)) == "1 of 17 required answers given"

    provider_client.post(
        ethics_url(tool, "data"), {"training_data": "Hash lists only.", "then": "stay"}
    )
    assert progress_text(provider_client.get(page)) == "2 of 17 required answers given"

    # Saying "yes, other agencies use it" makes the details behind that yes required too.
    provider_client.post(
        technical_url(tool, "background"), {"used_by_other_agencies": "yes", "then": "stay"}
    )
    assert progress_text(provider_client.get(page)) == "3 of 18 required answers given"


def test_sending_needs_every_required_answer(provider, provider_client):
    taxonomy()
    revision = make_draft(provider)
    submit = reverse("provider:submit", args=[revision.tool_id])

    response = provider_client.get(submit)
    assert "Still missing" in response.content.decode()
    provider_client.post(submit, {"confirm": "on"})
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.DRAFT

    fill_in(revision)
    response = provider_client.post(submit, {"confirm": "on"})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.IN_REVIEW
    assert revision.tool.status == Tool.Status.IN_REVIEW
    # The row of a never-published tool now holds the details, for staff to read.
    assert revision.tool.summary_en == COMPLETE_DETAILS["summary_en"]


def test_sending_tells_the_provider_and_staff_and_locks_the_draft(provider, provider_client):
    taxonomy()
    colleague = make_provider(organisation=provider.organisation)
    staff = make_staff()
    revision = fill_in(make_draft(provider))
    provider_client.post(reverse("provider:submit", args=[revision.tool_id]), {"confirm": "on"})

    for user in (provider, colleague):
        notice = Notice.objects.get(user=user)
        assert "sent to the hub team for review" in notice.title
        assert notice.link == reverse("provider:tool", args=[revision.tool_id])
    staff_notice = Notice.objects.get(user=staff)
    assert staff_notice.link == reverse(
        "admin:questionnaires_toolrevision_change", args=[revision.pk]
    )

    response = provider_client.post(
        technical_url(revision.tool, "basics"), {"name": "Changed in review", "then": "stay"}
    )
    assert response["Location"] == reverse("provider:tool", args=[revision.tool_id])
    revision.refresh_from_db()
    assert revision.proposed["name"] == "Hash Hound"
    assert (
        "The hub team is reviewing this tool"
        in provider_client.get(response["Location"]).content.decode()
    )
