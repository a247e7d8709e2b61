"""Contact through the hub: messages relayed by email without either address, replies in the hub,
revealing one's own address, the rate limit, blocking and reports."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.models import Conversation, Message, MessageReport
from hub.models import Notice, OutboxEmail
from tests.community.factories import make_listed_officer
from tests.factories import login_verified, make_officer, make_provider

pytestmark = pytest.mark.django_db

SENDER_EMAIL = "sam.sender@police-one.example"
RECIPIENT_EMAIL = "rita.recipient@police-two.example"


@pytest.fixture
def people():
    sender = make_officer(SENDER_EMAIL, name="Sam Sender")
    recipient, profile = make_listed_officer(
        email=RECIPIENT_EMAIL, name="Rita Recipient", shows={"show_email": False}
    )
    return sender, recipient, profile


@pytest.fixture
def send(deliver):
    def post(client, profile, body="Hello, could we talk about triage tools?"):
        with deliver():
            return client.post(profile.get_absolute_url(), {"body": body})

    return post


def test_a_message_is_relayed_by_email_without_either_address(people, send):
    sender, recipient, profile = people
    client = login_verified(Client(), sender)
    response = send(client, profile, "Hello Rita, could we compare notes on grooming cases?")
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [RECIPIENT_EMAIL]
    html = email.alternatives[0][0]
    everything = "\n".join([email.subject, email.body, html, str(email.extra_headers)])
    assert SENDER_EMAIL not in everything
    assert RECIPIENT_EMAIL not in email.body and RECIPIENT_EMAIL not in html
    assert "Sam Sender" in email.subject and "Sam Sender" in email.body
    assert "could we compare notes on grooming cases?" in email.body
    assert conversation.get_absolute_url() in email.body
    assert email.reply_to == []

    # Neither page shows the other's address either.
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert RECIPIENT_EMAIL not in page
    recipient_client = login_verified(Client(), recipient)
    page = recipient_client.get(conversation.get_absolute_url()).content.decode()
    assert SENDER_EMAIL not in page
    assert "could we compare notes on grooming cases?" in page


def test_the_sender_is_named_as_the_directory_shows_them(people, send):
    _sender, recipient, profile = people
    listed_sender, _ = make_listed_officer(
        name="Hidden Name Person", agency="Agency Of Sender", shows={"show_name": False}
    )
    send(login_verified(Client(), listed_sender), profile)
    email = mail.outbox[0]
    assert "Hidden Name Person" not in email.body + email.subject
    assert "An officer of Agency Of Sender" in email.body


def test_the_recipient_replies_in_the_hub_and_the_sender_gets_it_by_email(people, send, deliver):
    sender, recipient, profile = people
    send(login_verified(Client(), sender), profile)
    conversation = Conversation.objects.get()
    recipient_client = login_verified(Client(), recipient)
    with deliver():
        response = recipient_client.post(
            conversation.get_absolute_url(), {"body": "Happy to talk."}
        )
    assert response.status_code == 302
    reply = mail.outbox[-1]
    assert reply.to == [SENDER_EMAIL]
    assert "Rita Recipient" in reply.body and "Happy to talk." in reply.body
    assert RECIPIENT_EMAIL not in reply.body + reply.alternatives[0][0]
    assert conversation.messages.count() == 2


def test_writing_again_continues_the_same_conversation(people, send):
    sender, _recipient, profile = people
    client = login_verified(Client(), sender)
    send(client, profile)
    send(client, profile, "One more thing.")
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 2


def test_revealing_an_address_is_an_explicit_choice_of_its_owner(people, send):
    sender, recipient, profile = people
    send(login_verified(Client(), sender), profile)
    conversation = Conversation.objects.get()
    sender_client = login_verified(Client(), sender)
    assert (
        RECIPIENT_EMAIL not in sender_client.get(conversation.get_absolute_url()).content.decode()
    )

    recipient_client = login_verified(Client(), recipient)
    recipient_client.post(reverse("community:conversation_reveal", args=[conversation.pk]))

    assert RECIPIENT_EMAIL in sender_client.get(conversation.get_absolute_url()).content.decode()
    # Only the recipient's own address: the sender's stays hidden from the recipient.
    assert (
        SENDER_EMAIL not in recipient_client.get(conversation.get_absolute_url()).content.decode()
    )
    assert Notice.objects.filter(user=sender, link=conversation.get_absolute_url()).exists()


def test_only_the_two_officers_can_open_the_conversation(people, send):
    sender, _recipient, profile = people
    send(login_verified(Client(), sender), profile)
    conversation = Conversation.objects.get()
    outsider = login_verified(Client(), make_officer())
    assert outsider.get(conversation.get_absolute_url()).status_code == 404
    assert outsider.post(conversation.get_absolute_url(), {"body": "x"}).status_code == 404
    reveal = reverse("community:conversation_reveal", args=[conversation.pk])
    assert outsider.post(reveal).status_code == 404
    message = conversation.messages.get()
    assert outsider.get(reverse("community:message_report", args=[message.pk])).status_code == 404
    provider = login_verified(Client(), make_provider())
    assert provider.get(conversation.get_absolute_url()).status_code == 404


def test_only_listed_officers_can_be_contacted(send):
    sender = login_verified(Client(), make_officer())
    _user, profile = make_listed_officer()
    profile.listed = False
    profile.save()
    assert send(sender, profile).status_code == 404
    assert not mail.outbox


def test_the_rate_limit_stops_a_sender_with_a_clear_message(people, settings, send):
    settings.COMMUNITY_MESSAGES_PER_HOUR = 3
    sender, _recipient, profile = people
    client = login_verified(Client(), sender)
    for number in range(3):
        assert send(client, profile, f"Message {number}").status_code == 302
    refused = send(client, profile, "Message 4")
    assert refused.status_code == 200
    assert "the most the hub allows" in refused.content.decode()
    assert Message.objects.count() == 3
    assert len(mail.outbox) == 3
    # Replies count too.
    conversation = Conversation.objects.get()
    client.post(conversation.get_absolute_url(), {"body": "Message 5"})
    assert Message.objects.count() == 3


def test_a_blocked_sender_is_told_only_that_the_message_cannot_be_delivered(people, send):
    sender, recipient, profile = people
    sender_client = login_verified(Client(), sender)
    send(sender_client, profile)
    conversation = Conversation.objects.get()
    recipient_client = login_verified(Client(), recipient)
    recipient_client.post(reverse("community:conversation_block", args=[conversation.pk]))
    outbox_before = OutboxEmail.objects.count()

    for response in (
        send(sender_client, profile, "Are you there?"),
        sender_client.post(conversation.get_absolute_url(), {"body": "Hello?"}),
    ):
        assert response.status_code == 200
        html = response.content.decode()
        assert "This message cannot be delivered." in html
        assert "You blocked" not in html and "blocked you" not in html
    assert OutboxEmail.objects.count() == outbox_before
    assert conversation.messages.count() == 1

    # Unblocking lets messages through again.
    recipient_client.post(
        reverse("community:conversation_block", args=[conversation.pk]), {"action": "unblock"}
    )
    assert send(sender_client, profile, "Now?").status_code == 302
    assert conversation.messages.count() == 2


def test_the_recipient_can_report_a_message_and_staff_see_it(people, send):
    from tests.factories import make_staff

    sender, recipient, profile = people
    send(login_verified(Client(), sender), profile, "Something abusive")
    message = Message.objects.get()
    recipient_client = login_verified(Client(), recipient)
    url = reverse("community:message_report", args=[message.pk])
    assert recipient_client.get(url).status_code == 200
    recipient_client.post(url, {"reason": "Insulting"})
    report = MessageReport.objects.get()
    assert report.reporter == recipient and report.message == message
    # The sender cannot report their own message.
    assert login_verified(Client(), sender).get(url).status_code == 404

    staff = login_verified(Client(), make_staff())
    listing = staff.get(reverse("admin:community_messagereport_changelist"))
    assert listing.status_code == 200
    assert "Insulting" in listing.content.decode()
    detail = staff.get(reverse("admin:community_messagereport_change", args=[report.pk]))
    assert "Something abusive" in detail.content.decode()


def test_the_inbox_lists_conversations_with_unread_ones_marked(people, send):
    sender, recipient, profile = people
    send(login_verified(Client(), sender), profile)
    recipient_client = login_verified(Client(), recipient)
    inbox = recipient_client.get(reverse("community:inbox")).content.decode()
    assert "With Sam Sender" in inbox
    assert "conversation-item--unread" in inbox
    recipient_client.get(Conversation.objects.get().get_absolute_url())
    inbox = recipient_client.get(reverse("community:inbox")).content.decode()
    assert "conversation-item--unread" not in inbox
