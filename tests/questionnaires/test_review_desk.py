"""The review desk: a resubmission shows what changed since the last review, who reviews it and how
long it has waited; the queue puts the longest-waiting first."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.models import AuditEvent
from questionnaires.models import ToolRevision
from tests.factories import login_verified, make_organisation, make_provider, make_staff

from .factories import fill_in, make_draft, make_question_set, taxonomy

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:questionnaires_toolrevision_changelist")


def desk_url(revision) -> str:
    return reverse("admin:questionnaires_toolrevision_change", args=[revision.pk])


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section_html(html: str, title: str) -> str:
    """The desk's section whose heading starts with ``title``, from its <details> tag on."""
    for block in html.split('<details class="module review-desk__section')[1:]:
        if re.search(r"<h2>\s*" + re.escape(title), block.split("</summary>", 1)[0]):
            return block
    raise AssertionError(f"no section {title!r}")


def is_open(block: str) -> bool:
    return block.split(">", 1)[0].endswith(" open")


@pytest.fixture
def provider():
    make_question_set()
    taxonomy()
    return make_provider(name="Pat Provider", organisation=make_organisation(name="Lakeside Labs"))


@pytest.fixture
def staff():
    return make_staff(name="Rey Reviewer")


@pytest.fixture
def staff_client(staff):
    return login_verified(Client(), staff)


def send(client, tool) -> None:
    response = client.post(reverse("provider:submit", args=[tool.pk]), {"confirm": "on"})
    assert response.status_code == 302


def resubmitted(provider, staff_client) -> ToolRevision:
    """Sent, sent back with a comment, changed in two places by the provider and sent again."""
    provider_client = login_verified(Client(), provider)
    revision = fill_in(make_draft(provider))
    tool = revision.tool
    send(provider_client, tool)
    staff_client.post(
        desk_url(revision),
        {"action": "request_changes", "comment__ethics__data": "Say where the data came from."},
    )
    provider_client.post(
        reverse("provider:ethics_section", args=[tool.pk, "data"]),
        {
            "training_data": "Hash lists from two national hotlines.",
            "data_lawful": "yes",
            "then": "stay",
        },
    )
    provider_client.post(
        reverse("provider:technical_section", args=[tool.pk, "basics"]),
        {"name": "Hash Hound", "summary_en": "Finds known material fast.", "then": "stay"},
    )
    send(provider_client, tool)
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.IN_REVIEW
    return revision


def test_a_resubmission_shows_what_changed_since_the_last_review(provider, staff_client):
    revision = resubmitted(provider, staff_client)

    html = staff_client.get(desk_url(revision)).content.decode()
    words = text_of(html)
    assert "Submission number 1" in words
    assert "Changes requested on" in words  # the last review, with its date and reviewer
    assert "The provider changed 2 answers." in words

    data = section_html(html, "Training data")
    assert is_open(data)  # a section with a change is open
    changed = text_of(data.split('class="review-desk__unchanged"')[0])
    assert "Which datasets trained the tool? changed" in changed
    assert re.search(r"<del>\s*No training data: it matches hashes.\s*</del>", data)
    assert re.search(r"<ins>\s*Hash lists from two national hotlines.\s*</ins>", data)
    # The unchanged answers of the section are folded under their own summary.
    assert "2 answers unchanged since the last review" in text_of(data)

    basics = section_html(html, "Basics")
    assert re.search(r"<del>\s*Finds known material in seized media.\s*</del>", basics)
    assert re.search(r"<ins>\s*Finds known material fast.\s*</ins>", basics)

    team = section_html(html, "Team")
    assert not is_open(team)  # nothing changed: folded
    assert "unchanged" in text_of(team.split("</summary>")[0])


def test_a_first_submission_shows_every_section_open(provider, staff_client):
    revision = fill_in(make_draft(provider))
    send(login_verified(Client(), provider), revision.tool)

    html = staff_client.get(desk_url(revision)).content.decode()
    assert "Changed since the last review" not in html
    sections = html.split('<details class="module review-desk__section')[1:]
    assert len(sections) == 11  # nine technical sections, two ethics ones
    assert all(is_open(section) for section in sections)


def test_staff_assign_a_submission_to_themselves_or_a_colleague(provider, staff, staff_client):
    revision = fill_in(make_draft(provider))
    send(login_verified(Client(), provider), revision.tool)
    colleague = make_staff(name="Ola Colleague", email="ola@hub.example")

    assert "Nobody yet" in text_of(staff_client.get(desk_url(revision)).content.decode())
    staff_client.post(desk_url(revision), {"assign": "me"})
    desk = text_of(staff_client.get(desk_url(revision)).content.decode())
    assert "Reviewer Rey Reviewer" in desk
    queue = text_of(staff_client.get(QUEUE + "?reviewer=me").content.decode())
    assert "Hash Hound" in queue

    staff_client.post(desk_url(revision), {"assign": "pick", "reviewer": str(colleague.pk)})
    desk = text_of(staff_client.get(desk_url(revision)).content.decode())
    assert "Reviewer Ola Colleague" in desk
    assert "Hash Hound" not in text_of(staff_client.get(QUEUE + "?reviewer=me").content.decode())

    entries = AuditEvent.objects.filter(details__action="assigned").order_by("pk")
    assert [
        (e.actor_id, e.details["reviewer"], e.details["previous_reviewer"]) for e in entries
    ] == [
        (staff.pk, str(staff), ""),
        (staff.pk, str(colleague), str(staff)),
    ]

    # A provider's user cannot be made the reviewer.
    response = staff_client.post(
        desk_url(revision), {"assign": "pick", "reviewer": str(provider.pk)}, follow=True
    )
    assert "Pick a staff member." in response.content.decode()
    assert "Reviewer Ola Colleague" in text_of(response.content.decode())


def test_the_queue_puts_the_longest_waiting_first_and_says_how_long(provider, staff_client):
    other = make_provider(organisation=make_organisation(name="Harbour Analytics"))
    start = timezone.now() - timedelta(days=3)
    with time_machine.travel(start, tick=False):
        older = fill_in(make_draft(other, "Old Owl"))
        send(login_verified(Client(), other), older.tool)
    with time_machine.travel(start + timedelta(days=2), tick=False):
        newer = fill_in(make_draft(provider, "New Newt"))
        send(login_verified(Client(), provider), newer.tool)

    html = staff_client.get(QUEUE).content.decode()
    assert html.index("Old Owl") < html.index("New Newt")
    rows = {name: text_of(row) for row in re.findall(r"<tr.*?</tr>", html, re.S)
            for name in ("Old Owl", "New Newt") if name in row}  # fmt: skip
    assert "3 days" in rows["Old Owl"]
    assert "1 day" in rows["New Newt"]
