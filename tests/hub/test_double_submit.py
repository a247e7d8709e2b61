"""A form sent twice (a double-click, a reload, the back button) creates once: every form that
creates something carries a one-time token, and the same token again is answered as the first
sending was, creating nothing (hub/core/idempotency.py).

The concurrent tests send the two requests at the same instant from two threads, each with its own
client and database connection; they need PostgreSQL (SQLite runs one write at a time). The
sequential tests run on both databases.
"""

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from community import services as community_services
from community.models import Message, Post, Registration, Thread
from hub.models import Organisation, User
from tests.browser.journey import fresh_code
from tests.community.factories import make_category, make_event, make_listed_officer, make_thread
from tests.factories import make_officer, make_tool
from tools_catalog.models import Concern, Feedback
from wizard.models import Shortlist

PASSWORD = "Cedar-lighthouse-meadow-2026"

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one write transaction at a time, so it cannot show a race; "
    "run with DATABASE_URL=postgres://... to send the two requests at once",
)


# People and forms, as a browser meets them ------------------------------------------------------


def signed_in(user: User) -> Client:
    """A browser that logged in with password and authenticator code."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_verify"))
    response = client.post(reverse("mfa_verify"), {"token": fresh_code(user)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    return client


@dataclass
class Form:
    """A create form as shown: where it posts, with its hidden token, and what it creates."""

    action: str
    token: str
    data: dict
    created: Callable[[], QuerySet]
    # Where the hub sends the member after creating ``created().get()``.
    answer: Callable[[object], str]

    def fields(self) -> dict:
        return {**self.data, "submission_token": self.token}


def form_on(client: Client, page: str, data: dict, created, answer) -> Form:
    """Open ``page`` and read the form that carries a submission token: its token and action."""
    response = client.get(page)
    assert response.status_code == 200, page
    text = response.content.decode()
    token = re.search(r'<input type="hidden" name="submission_token" value="([^"]+)"', text)
    assert token, f"no submission token on {page}"
    opening = text[text.rfind("<form", 0, token.start()) : token.start()]
    action = re.search(r'action="([^"]*)"', opening)
    # A form without an action posts to the page's own address; a #fragment is not sent.
    target = html.unescape(action.group(1)) if action else page
    return Form(target.split("#")[0], token.group(1), data, created, answer)


def post_at_once(clients: list[Client], url: str, data: dict) -> list:
    """Each client posts the same form at the same instant, from its own thread."""
    barrier = threading.Barrier(len(clients))
    responses: list = [None] * len(clients)
    errors: list[BaseException] = []

    def send(index: int, client: Client) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = client.post(url, data)
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    workers = [
        threading.Thread(target=send, args=(index, client)) for index, client in enumerate(clients)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    return responses


def location(response) -> str:
    assert response.status_code == 302, (response.status_code, response.content[:500])
    return response["Location"]


# The member's create forms --------------------------------------------------------------------------


@pytest.fixture
def alice(db):
    return make_officer("alice-ds@police-a.example", name="Alice Double", password=PASSWORD)


@pytest.fixture
def bob(db):
    user, _profile = make_listed_officer(email="bob-ds@police-b.example", name="Bob Peer")
    return user


def forum_thread(client, alice, bob) -> Form:
    category = make_category()
    return form_on(
        client,
        reverse("community:thread_new", args=[category.slug]),
        {"title": "Hash sets for hotlines", "body": "Which ones do you use?"},
        lambda: Thread.objects.filter(category=category),
        lambda thread: thread.get_absolute_url(),
    )


def forum_reply(client, alice, bob) -> Form:
    thread = make_thread(author=bob)
    return form_on(
        client,
        thread.get_absolute_url(),
        {"body": "We use the national set."},
        lambda: Post.objects.filter(thread=thread, author=alice),
        lambda post: f"{thread.get_absolute_url()}?page=1#post-{post.pk}",
    )


def tool_feedback(client, alice, bob) -> Form:
    tool = make_tool("Double Matcher")
    return form_on(
        client,
        tool.get_absolute_url(),
        {"body": "The deployment details are accurate."},
        lambda: Feedback.objects.filter(tool=tool, author=alice),
        lambda feedback: tool.get_absolute_url() + "#feedback",
    )


def concern(client, alice, bob) -> Form:
    tool = make_tool("Worrying Matcher")
    return form_on(
        client,
        reverse("tools:concern_new", args=[tool.slug]),
        {"category": "accuracy", "description": "It misses half of the known images."},
        lambda: Concern.objects.filter(tool=tool, reporter=alice),
        lambda _concern: reverse("tools:my_concerns"),
    )


def shortlist(client, alice, bob) -> Form:
    make_tool("Listed Matcher", purposes=("hash-matching",))
    return form_on(
        client,
        reverse("wizard:results") + "?purpose=hash-matching",
        {"name": "Hash tools", "notes": "For the budget."},
        lambda: Shortlist.objects.filter(owner=alice),
        lambda saved: saved.get_absolute_url(),
    )


def shortlist_share(client, alice, bob) -> Form:
    saved = shortlist(client, alice, bob)
    location(client.post(saved.action, saved.fields()))
    mine = saved.created().get()
    return form_on(
        client,
        reverse("wizard:shortlist_share", args=[mine.pk]),
        {"email": bob.email},
        lambda: Shortlist.objects.filter(owner=bob),
        lambda _copy: mine.get_absolute_url(),
    )


def message_to_an_officer(client, alice, bob) -> Form:
    profile = bob.community_profile
    return form_on(
        client,
        profile.get_absolute_url(),
        {"body": "Could we talk about triage tools?"},
        lambda: Message.objects.filter(sender=alice),
        lambda message: message.conversation.get_absolute_url(),
    )


def message_reply(client, alice, bob) -> Form:
    first = community_services.conversation_start(
        sender=alice, profile=bob.community_profile, body="Hello"
    )
    talk = first.conversation
    return form_on(
        client,
        talk.get_absolute_url(),
        {"body": "One more question."},
        lambda: Message.objects.filter(conversation=talk, sender=alice).exclude(pk=first.pk),
        lambda _message: talk.get_absolute_url() + "#latest",
    )


MEMBER_FORMS = [
    forum_thread,
    forum_reply,
    tool_feedback,
    concern,
    shortlist,
    shortlist_share,
    message_to_an_officer,
    message_reply,
]


# Applications (anonymous) -----------------------------------------------------------------------

OFFICER_APPLICATION = {
    "name": "Nadia Haddad",
    "email": "n.haddad@police.example",
    "agency": "Example National Police",
    "unit": "Online child protection unit",
    "country": "JO",
    "position": "Investigator",
    "areas_of_work": "Victim identification",
    "verifier_name": "Omar Khalil",
    "verifier_email": "o.khalil@police.example",
    "intended_use": "Find tools that analyse Arabic chat logs.",
    "languages": ["ar", "en"],
    "gender": "woman",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_terms": "on",
}
PROVIDER_APPLICATION = {
    "name": "Clearwater Labs",
    "type": "company",
    "country": "IN",
    "website": "clearwater.example",
    "user_name": "Ravi Iyer",
    "email": "ravi@clearwater.example",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_terms": "on",
}


def officer_application(client) -> Form:
    return form_on(
        client,
        reverse("join"),
        OFFICER_APPLICATION,
        lambda: User.objects.filter(email=OFFICER_APPLICATION["email"]),
        lambda _user: reverse("account_email_verification_sent"),
    )


def provider_application(client) -> Form:
    return form_on(
        client,
        reverse("provider_join"),
        PROVIDER_APPLICATION,
        lambda: Organisation.objects.filter(name="Clearwater Labs"),
        lambda _organisation: reverse("account_email_verification_sent"),
    )


APPLICATIONS = [officer_application, provider_application]


# Concurrent: two requests at the same instant (PostgreSQL) -------------------------------------


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make_form", MEMBER_FORMS, ids=lambda f: f.__name__)
def test_a_double_click_creates_once(make_form, alice, bob):
    first, second = signed_in(alice), signed_in(alice)
    form = make_form(first, alice, bob)

    responses = post_at_once([first, second], form.action, form.fields())

    created = form.created().get()  # exactly one
    assert [location(response) for response in responses] == [form.answer(created)] * 2


@needs_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make_form", APPLICATIONS, ids=lambda f: f.__name__)
def test_an_application_sent_twice_at_once_creates_one_account(make_form, public_pages, mailoutbox):
    first, second = Client(), Client()
    form = make_form(first)

    responses = post_at_once([first, second], form.action, form.fields())

    created = form.created().get()
    assert User.objects.filter(email=form.data["email"]).count() == 1
    assert [location(response) for response in responses] == [form.answer(created)] * 2
    # One email: the confirmation link, not also "someone applied with your address".
    assert [message.to for message in mailoutbox] == [[form.data["email"]]]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_registering_twice_at_once_for_an_event_gives_one_place(alice):
    event = make_event(capacity=10)
    first, second = signed_in(alice), signed_in(alice)
    assert first.get(event.get_absolute_url()).status_code == 200

    responses = post_at_once(
        [first, second], reverse("community:event_register", args=[event.pk]), {}
    )

    assert Registration.objects.filter(event=event, user=alice).count() == 1
    assert [location(response) for response in responses] == [event.get_absolute_url()] * 2


# Sequential: the same form sent again (both databases) ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("make_form", MEMBER_FORMS, ids=lambda f: f.__name__)
def test_the_same_form_sent_again_creates_nothing_more(make_form, alice, bob):
    client = signed_in(alice)
    form = make_form(client, alice, bob)

    answers = [location(client.post(form.action, form.fields())) for _ in range(2)]

    created = form.created().get()
    assert answers == [form.answer(created)] * 2


@pytest.mark.django_db
@pytest.mark.parametrize("make_form", APPLICATIONS, ids=lambda f: f.__name__)
def test_an_application_sent_again_creates_nothing_more(
    make_form, public_pages, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    form = make_form(client)

    answers = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(location(client.post(form.action, form.fields())))

    created = form.created().get()
    assert User.objects.filter(email=form.data["email"]).count() == 1
    assert answers == [form.answer(created)] * 2
    assert [message.to for message in mailoutbox] == [[form.data["email"]]]


@pytest.mark.django_db
def test_registering_again_for_an_event_keeps_one_place(alice):
    client = signed_in(alice)
    event = make_event(capacity=10)

    for _ in range(2):
        response = client.post(reverse("community:event_register", args=[event.pk]))
        assert location(response) == event.get_absolute_url()

    assert Registration.objects.filter(event=event, user=alice).count() == 1


# The token ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_shown_again_with_errors_keeps_its_token(alice, bob):
    client = signed_in(alice)
    form = forum_thread(client, alice, bob)

    response = client.post(form.action, {**form.fields(), "title": ""})

    assert response.status_code == 200
    assert f'name="submission_token" value="{form.token}"' in response.content.decode()
    answers = [location(client.post(form.action, form.fields())) for _ in range(2)]
    thread = form.created().get()
    assert answers == [thread.get_absolute_url()] * 2


@pytest.mark.django_db
def test_each_showing_of_a_form_has_its_own_token(alice, bob):
    client = signed_in(alice)
    category = make_category()
    page = reverse("community:thread_new", args=[category.slug])
    data = {"title": "Two separate questions", "body": "Asked on purpose."}
    forms = [form_on(client, page, data, Thread.objects.none, str) for _ in range(2)]

    assert forms[0].token != forms[1].token
    for form in forms:
        location(client.post(form.action, form.fields()))
    assert Thread.objects.filter(category=category).count() == 2


@pytest.mark.django_db
def test_a_form_without_a_token_still_creates(alice, bob):
    """A page shown before tokens existed, or a script: what the member wrote is not lost."""
    client = signed_in(alice)
    category = make_category()

    response = client.post(
        reverse("community:thread_new", args=[category.slug]),
        {"title": "From an old page", "body": "Still works."},
    )

    thread = Thread.objects.get(category=category)
    assert location(response) == thread.get_absolute_url()


@pytest.mark.django_db
def test_someone_elses_token_creates_ones_own_and_never_leads_to_theirs(alice, bob):
    client = signed_in(alice)
    form = forum_thread(client, alice, bob)
    theirs = location(client.post(form.action, form.fields()))
    mallory = make_officer("mallory-ds@police-c.example", name="Mallory", password=PASSWORD)
    other = signed_in(mallory)

    answer = location(other.post(form.action, form.fields()))

    own = Thread.objects.get(author=mallory)
    assert answer == own.get_absolute_url() != theirs
    assert form.created().count() == 2


@pytest.mark.django_db
def test_feedback_deleted_and_then_sent_again_is_posted_again(alice, bob):
    """Sending the old form after deleting what it created is a new decision, not a repeat."""
    client = signed_in(alice)
    form = tool_feedback(client, alice, bob)
    location(client.post(form.action, form.fields()))
    feedback = form.created().get()
    location(client.post(reverse("tools:feedback_delete", args=[feedback.pk])))
    assert not form.created().exists()

    location(client.post(form.action, form.fields()))
    location(client.post(form.action, form.fields()))

    assert form.created().count() == 1
