"""Staff review in the admin, and revisions of published tools: officers see the live version until
staff publish the changes."""

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import AuditEvent, Notice, OutboxEmail
from questionnaires import services
from questionnaires.models import ReviewDecision, ToolRevision
from tests.factories import (
    login_verified,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
)
from tools_catalog.models import Purpose, Tool, ToolFacet

from .factories import fill_in, make_draft, make_published, make_question_set, taxonomy

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    make_question_set()
    return make_provider(name="Pat Provider", organisation=make_organisation(name="Lakeside Labs"))


@pytest.fixture
def staff():
    return make_staff(name="Rey Reviewer")


@pytest.fixture
def staff_client(staff):
    return login_verified(Client(), staff)


@pytest.fixture
def provider_client(provider):
    return login_verified(Client(), provider)


def review_url(revision) -> str:
    return reverse("admin:questionnaires_toolrevision_change", args=[revision.pk])


def submitted(provider) -> ToolRevision:
    taxonomy()
    revision = fill_in(make_draft(provider))
    return services.revision_submit(revision=revision, by=provider)


def test_the_review_queue_lists_submissions_waiting_for_a_decision(provider, staff, staff_client):
    waiting = submitted(provider)
    other = make_provider(organisation=make_organisation(name="Drafting Co"))
    make_draft(other, "Still Drafting")

    html = staff_client.get(
        reverse("admin:questionnaires_toolrevision_changelist")
    ).content.decode()

    assert "Hash Hound" in html
    assert "Still Drafting" not in html  # drafts are the provider's until sent
    assert review_url(waiting) in html


def test_staff_ask_for_changes_with_a_comment_per_section(
    provider, staff, staff_client, provider_client
):
    revision = submitted(provider)
    colleague = make_provider(organisation=provider.organisation)

    response = staff_client.post(
        review_url(revision),
        {
            "action": "request_changes",
            "message": "Nearly there.",
            "comment__technical__basics": "Say which hotlines use it.",
            "comment__ethics__data": "Which datasets exactly?",
        },
    )

    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.CHANGES_REQUESTED
    assert revision.tool.status == Tool.Status.DRAFT
    decision = revision.decisions.get()
    assert decision.comments == {
        "technical:basics": "Say which hotlines use it.",
        "ethics:data": "Which datasets exactly?",
    }
    # Each of the organisation's users gets an email and a notice.
    emails = OutboxEmail.objects.filter(template="review_changes_requested")
    assert {email.to for email in emails} == {provider.email, colleague.email}
    email = emails.get(to=provider.email)
    assert "Which datasets exactly?" in email.body_text
    assert "Training data" in email.body_text  # the section the comment is about
    assert "Nearly there." in email.body_html
    assert Notice.objects.filter(user=colleague, title__contains="asks for changes").exists()
    event = AuditEvent.objects.get(details__action="request_changes")
    assert event.actor == staff
    assert event.target_id == str(revision.tool_id)

    # The provider sees each comment beside its own section.
    basics = provider_client.get(
        reverse("provider:technical_section", args=[revision.tool_id, "basics"])
    ).content.decode()
    assert "Say which hotlines use it." in basics
    assert "Which datasets exactly?" not in basics
    data = provider_client.get(
        reverse("provider:ethics_section", args=[revision.tool_id, "data"])
    ).content.decode()
    assert "Which datasets exactly?" in data
    overview = provider_client.get(reverse("provider:tool", args=[revision.tool_id]))
    assert "Nearly there." in overview.content.decode()
    assert "comment from the hub team" in overview.content.decode()


def test_asking_for_changes_needs_something_to_change(provider, staff_client):
    revision = submitted(provider)
    response = staff_client.post(review_url(revision), {"action": "request_changes"})
    assert response.status_code == 200
    assert "Say what should change" in response.content.decode()
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.IN_REVIEW


def test_a_rejection_needs_a_reason_and_keeps_the_tool_hidden(provider, staff_client):
    revision = submitted(provider)
    assert staff_client.post(review_url(revision), {"action": "reject"}).status_code == 200

    staff_client.post(review_url(revision), {"action": "reject", "message": "Out of scope."})

    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.REJECTED
    assert revision.tool.status == Tool.Status.DRAFT
    email = OutboxEmail.objects.get(template="review_rejected", to=provider.email)
    assert "Out of scope." in email.body_text
    assert AuditEvent.objects.filter(details__action="reject").count() == 1


def test_publishing_a_new_tool_makes_it_visible_with_its_answers(provider, staff_client):
    revision = submitted(provider)
    officer = login_verified(Client(), make_officer())
    assert officer.get(reverse("tools:detail", args=[revision.tool.slug])).status_code == 404

    staff_client.post(review_url(revision), {"action": "publish"})

    tool = Tool.objects.get(pk=revision.tool_id)
    assert tool.status == Tool.Status.PUBLISHED
    assert tool.published_at is not None and tool.last_verified_at is not None
    assert ToolFacet.objects.filter(tool=tool, key__startswith="purpose:").exists()
    page = officer.get(reverse("tools:detail", args=[tool.slug])).content.decode()
    assert "No training data: it matches hashes." in page
    assert OutboxEmail.objects.filter(template="review_published", to=provider.email).exists()
    assert AuditEvent.objects.filter(details__action="publish").exists()


def test_revision_leaves_the_live_version_until_staff_publish_it(
    provider, staff, staff_client, provider_client
):
    live = make_published(provider, staff)
    tool = live.tool
    officer = login_verified(Client(), make_officer())
    detail = reverse("tools:detail", args=[tool.slug])

    # The provider proposes changes to the details and an answer, then sends them.
    provider_client.post(reverse("provider:revision_start", args=[tool.pk]))
    revision = tool.revisions.get(state=ToolRevision.State.DRAFT)
    assert revision.kind == ToolRevision.Kind.CHANGE
    assert revision.answers.count() == live.answers.count()  # the live answers, carried over
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "basics"]),
        {"name": "Hash Hound 2", "summary_en": "Now also finds altered copies.", "then": "stay"},
    )
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "does"]),
        {
            "description_en": "Compares files with hash lists.\n\nAlso perceptual hashes.",
            "purposes": ["hash-matching", "age-estimation"],
            "media_types": ["images"],
            "then": "stay",
        },
    )
    provider_client.post(
        reverse("provider:ethics_section", args=[tool.pk, "data"]),
        {
            "training_data": "Perceptual hashes of test images.",
            "data_lawful": "yes",
            "then": "stay",
        },
    )
    provider_client.post(reverse("provider:submit", args=[tool.pk]), {"confirm": "on"})

    # Officers still see the live version, also while it is in review.
    page = officer.get(detail).content.decode()
    assert "Finds known material in seized media." in page
    assert "Now also finds altered copies." not in page
    assert "No training data: it matches hashes." in page
    assert "Perceptual hashes of test images." not in page
    tool.refresh_from_db()
    assert tool.name == "Hash Hound" and tool.status == Tool.Status.PUBLISHED

    # Staff compare field by field with the live version.
    review = staff_client.get(review_url(revision)).content.decode()
    assert "Published now" in review and "Proposed" in review
    assert "Finds known material in seized media." in review
    assert "Now also finds altered copies." in review
    assert "Perceptual hashes of test images." in review and "No training data" in review

    # Staff ask for a change; the provider fixes it and sends again; still the live version.
    staff_client.post(
        review_url(revision),
        {"action": "request_changes", "comment__technical__basics": "Keep the old name."},
    )
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "basics"]),
        {"name": "Hash Hound", "summary_en": "Now also finds altered copies.", "then": "stay"},
    )
    provider_client.post(reverse("provider:submit", args=[tool.pk]), {"confirm": "on"})
    assert "Now also finds altered copies." not in officer.get(detail).content.decode()

    staff_client.post(review_url(revision), {"action": "publish"})

    tool.refresh_from_db()
    assert tool.summary_en == "Now also finds altered copies."
    assert (
        tool.description_en
        == "<p>Compares files with hash lists.</p>\n\n<p>Also perceptual hashes.</p>"
    )
    assert set(tool.purposes.values_list("slug", flat=True)) == {"hash-matching", "age-estimation"}
    age = Purpose.objects.get(slug="age-estimation")
    assert ToolFacet.objects.filter(tool=tool, key=f"purpose:{age.pk}").exists()  # index refreshed
    page = officer.get(detail).content.decode()
    assert "Now also finds altered copies." in page
    assert "Perceptual hashes of test images." in page
    assert "No training data: it matches hashes." not in page
    live.refresh_from_db()
    revision.refresh_from_db()
    assert not live.is_live and revision.is_live
    assert [d.action for d in revision.decisions.order_by("decided_at", "pk")] == [
        ReviewDecision.Action.REQUEST_CHANGES,
        ReviewDecision.Action.PUBLISH,
    ]


def test_a_rejected_revision_leaves_the_tool_as_it_was(provider, staff, staff_client):
    live = make_published(provider, staff)
    revision = services.revision_start(tool=live.tool, by=provider)
    services.technical_section_save(revision=revision, values={"name": "Renamed"})
    services.revision_submit(revision=revision, by=provider)

    staff_client.post(review_url(revision), {"action": "reject", "message": "Not accurate."})

    live.tool.refresh_from_db()
    assert live.tool.name == "Hash Hound"
    assert live.tool.status == Tool.Status.PUBLISHED
    live.refresh_from_db()
    assert live.is_live


def test_a_provider_can_discard_proposed_changes(provider, staff, provider_client):
    live = make_published(provider, staff)
    revision = services.revision_start(tool=live.tool, by=provider)

    provider_client.post(reverse("provider:revision_discard", args=[live.tool_id]))

    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.DISCARDED
    assert services.revision_start(tool=live.tool, by=provider).pk != revision.pk


def test_a_decision_can_only_be_taken_once(provider, staff, staff_client):
    revision = submitted(provider)
    staff_client.post(review_url(revision), {"action": "publish"})
    response = staff_client.post(review_url(revision), {"action": "reject", "message": "Late."})
    assert response.status_code == 404
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.PUBLISHED
    assert revision.decisions.count() == 1


def test_publishing_applies_training_material_and_translations(
    provider, staff, staff_client, provider_client
):
    live = make_published(provider, staff)
    tool = live.tool
    provider_client.post(reverse("provider:revision_start", args=[tool.pk]))
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "training"]),
        {
            "rows": "3",
            "title_1": "Video course",
            "url_1": "https://lakeside.example/course",
            "title_2": "",
            "url_2": "",
            "then": "stay",
        },
    )
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "translations"]),
        {"summary_fr": "Trouve les contenus connus.", "then": "stay"},
    )
    provider_client.post(reverse("provider:submit", args=[tool.pk]), {"confirm": "on"})
    assert not tool.training_links.exists()

    revision = tool.revisions.get(state=ToolRevision.State.IN_REVIEW)
    staff_client.post(review_url(revision), {"action": "publish"})

    tool.refresh_from_db()
    assert list(tool.training_links.values_list("title", "url")) == [
        ("Video course", "https://lakeside.example/course")
    ]
    assert tool.summary_fr == "Trouve les contenus connus."
    assert tool.summary_en == "Finds known material in seized media."  # untouched


def test_a_training_link_needs_both_a_title_and_an_address(provider, provider_client):
    tool = make_draft(provider).tool
    response = provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "training"]),
        {"rows": "3", "title_1": "Manual", "url_1": "", "then": "stay"},
    )
    assert response.status_code == 200
    assert "Give the address of this training material." in response.content.decode()
    assert "training_links" not in tool.revisions.get().proposed
