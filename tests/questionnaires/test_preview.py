"""A provider previews their tool's page as officers will see it, before and after review."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    login_verified,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
)

from .factories import fill_in, make_draft, make_question_set, taxonomy

pytestmark = pytest.mark.django_db


def preview_url(tool) -> str:
    return reverse("provider:tool_preview", args=[tool.pk])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def provider():
    make_question_set()
    taxonomy()
    return make_provider(organisation=make_organisation(name="Lakeside Labs"))


@pytest.fixture
def provider_client(provider):
    return login_verified(Client(), provider)


def test_a_draft_is_previewed_on_the_tool_page_marked_and_not_indexed(provider, provider_client):
    revision = fill_in(make_draft(provider))
    tool = revision.tool
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "basics"]),
        {
            "name": "Hash Hound",
            "summary_en": "Matches seized files against hash lists.",
            "then": "stay",
        },
    )

    portal = provider_client.get(reverse("provider:tool", args=[tool.pk])).content.decode()
    assert preview_url(tool) in portal

    response = provider_client.get(preview_url(tool))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    words = text_of(response)
    assert "Preview" in words
    assert "This is how officers will see your tool’s page once the hub team publishes" in words
    # The catalogue's tool page, with the draft's details and answers.
    assert "Matches seized files against hash lists." in words
    assert "Hash matching" in words  # a taxonomy value, by its name
    assert "English, French" in words
    assert "No training data: it matches hashes." in words  # an ethics answer
    # Officers' actions are not offered in a preview.
    assert "Save to My tools" not in words
    assert "Post your feedback" not in words


def test_after_review_the_preview_shows_proposed_changes_officers_do_not_see_yet(
    provider, provider_client
):
    staff = login_verified(Client(), make_staff())
    revision = fill_in(make_draft(provider))
    tool = revision.tool
    provider_client.post(reverse("provider:submit", args=[tool.pk]), {"confirm": "on"}, follow=True)
    staff.post(
        reverse("admin:questionnaires_toolrevision_change", args=[revision.pk]),
        {"action": "publish"},
    )
    officer = login_verified(Client(), make_officer())
    tool.refresh_from_db()
    assert officer.get(tool.get_absolute_url()).status_code == 200

    published = text_of(provider_client.get(preview_url(tool)))
    assert "This is your tool’s page as officers see it now." in published
    assert "Finds known material in seized media." in published

    provider_client.post(reverse("provider:revision_start", args=[tool.pk]))
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "basics"]),
        {"name": "Hash Hound", "summary_en": "Now also matches video.", "then": "stay"},
    )

    words = text_of(provider_client.get(preview_url(tool)))
    assert "Now also matches video." in words
    assert "once the hub team publishes this submission" in words
    officer_words = text_of(officer.get(tool.get_absolute_url()))
    assert "Finds known material in seized media." in officer_words
    assert "Now also matches video." not in officer_words


def test_only_the_providers_own_members_see_the_preview(provider):
    tool = fill_in(make_draft(provider)).tool
    colleague = make_provider(organisation=provider.organisation)
    assert login_verified(Client(), colleague).get(preview_url(tool)).status_code == 200
    outsider = make_provider(organisation=make_organisation(name="Other Labs"))
    assert login_verified(Client(), outsider).get(preview_url(tool)).status_code == 404
    assert login_verified(Client(), make_officer()).get(preview_url(tool)).status_code == 404
    assert login_verified(Client(), make_staff()).get(preview_url(tool)).status_code == 404
