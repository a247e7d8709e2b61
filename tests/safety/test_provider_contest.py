"""What the provider sees when staff suspend or remove their tool, and how they contest it.

The provider is told by email and by a notice; the portal's page for the tool gives the date of
the decision and its public summary (never the staff's reason), and a reply form whose message
is kept with the decision, shown to staff in the admin and emailed to them.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from hub.models import AuditEvent, Notice, OutboxEmail
from tests.factories import make_organisation, make_provider, make_staff
from tests.wizard.wizard_factories import make_wizard_tool, signed_in
from tools_catalog.models import DecisionContest

from .removal_factories import GUIDANCE, REASON, SUMMARY, remove, suspend

MESSAGE = "We removed the upload to the third country on 1 December; please look again."


@pytest.fixture
def staff(db):
    return make_staff(name="Sky Staff")


@pytest.fixture
def organisation(db):
    return make_organisation(name="Sentinel Labs")


@pytest.fixture
def provider(organisation):
    return make_provider(organisation=organisation, name="Pat Provider")


@pytest.fixture
def tool(organisation):
    return make_wizard_tool("Sentinel Hasher", provider=organisation, purposes=["hash-matching"])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_provider_is_told_and_sees_why_and_how_to_contest(
    staff, provider, tool, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = remove(tool, staff)
    client = signed_in(provider)

    notices = client.get(reverse("notices")).content.decode()
    assert "“Sentinel Hasher” was removed from the Global Hub" in notices
    notice = Notice.objects.get(user=provider)
    assert notice.link == reverse("provider:tool", args=[tool.pk])
    assert SUMMARY in notice.body and GUIDANCE not in notice.body and REASON not in notice.body
    email = next(message for message in mail.outbox if message.to == [provider.email])
    assert "contest the decision from the tool’s page in the provider portal" in email.body

    page = client.get(reverse("provider:tool", args=[tool.pk]))
    html = page.content.decode()
    text = _text(html)
    assert page.status_code == 200
    assert "The hub team removed this tool" in text
    assert f'datetime="{decision.decided_at.isoformat()}"' in html
    assert SUMMARY in text and REASON not in text
    assert "Contest the decision" in text
    assert f'action="{reverse("provider:contest", args=[tool.pk])}"' in html
    assert 'name="message"' in html


def test_a_suspended_tool_says_suspended(staff, provider, tool):
    suspend(tool, staff)

    text = _text(signed_in(provider).get(reverse("provider:tool", args=[tool.pk])).content.decode())

    assert "The hub team suspended this tool" in text and "suspended this tool for now" in text
    assert SUMMARY in text and "Contest the decision" in text


def test_a_contest_reaches_staff_and_the_provider_sees_it_sent(
    staff, provider, tool, organisation, django_capture_on_commit_callbacks
):
    other_staff = make_staff(name="Second Staff", language="fr")
    decision = remove(tool, staff)
    mail.outbox.clear()
    colleague = make_provider(organisation=organisation, name="Col League")
    client = signed_in(provider)
    url = reverse("provider:contest", args=[tool.pk])

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"message": MESSAGE}, follow=True)

    html = sent.content.decode()
    assert sent.redirect_chain[-1][0].startswith(reverse("provider:tool", args=[tool.pk]))
    assert "Your reply is sent to the hub team." in html
    assert "Replies your organisation sent" in html and MESSAGE in html and "Pat Provider" in html
    # Another user of the same organisation sees it too.
    assert (
        MESSAGE
        in signed_in(colleague).get(reverse("provider:tool", args=[tool.pk])).content.decode()
    )

    contest = DecisionContest.objects.get()
    assert (contest.decision, contest.author, contest.message) == (decision, provider, MESSAGE)
    assert AuditEvent.objects.filter(
        event=AuditEvent.Event.REMOVAL, details__contest=contest.pk
    ).exists()
    # Every staff member is emailed, in their language, with a link to the decision.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, other_staff.email])
    to_staff = next(m for m in mail.outbox if m.to == [staff.email])
    assert "Sentinel Labs contests the decision" in to_staff.body and MESSAGE in to_staff.body
    assert reverse("admin:tools_catalog_tooldecision_change", args=[decision.pk]) in to_staff.body
    assert OutboxEmail.objects.get(recipient=other_staff).language == "fr"

    # Staff read it with the decision in the admin.
    admin_page = signed_in(staff).get(
        reverse("admin:tools_catalog_tooldecision_change", args=[decision.pk])
    )
    assert MESSAGE in admin_page.content.decode()
    listing = signed_in(staff).get(reverse("admin:tools_catalog_tooldecision_changelist"))
    assert listing.status_code == 200


def test_an_empty_reply_is_refused_and_nothing_is_sent(staff, provider, tool):
    remove(tool, staff)

    response = signed_in(provider).post(
        reverse("provider:contest", args=[tool.pk]), {"message": "   "}
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not DecisionContest.objects.exists()
    assert not OutboxEmail.objects.filter(template="decision_contested").exists()


def test_nobody_else_can_contest_and_a_listed_tool_cannot_be_contested(staff, provider, tool):
    outsider = make_provider(organisation=make_organisation(name="Other Labs"))
    url = reverse("provider:contest", args=[tool.pk])

    assert signed_in(provider).post(url, {"message": MESSAGE}).status_code == 404  # listed
    remove(tool, staff)
    assert signed_in(outsider).post(url, {"message": MESSAGE}).status_code == 404
    assert signed_in(provider).get(url).status_code == 405
    assert not DecisionContest.objects.exists()
