"""Staff moderation in the admin, one pattern for every kind of content: each decision taken on the
change list changes what officers see and leaves exactly one audit entry naming the staff member
and the content."""

import pytest
from django.test import Client
from django.urls import reverse

from community.models import Message, MessageReport, Post, PostReport, Thread
from hub.models import AuditEvent
from tests.community.factories import make_category, make_listed_officer, make_thread
from tests.factories import login_verified, make_officer, make_staff, make_tool
from tools_catalog.models import Feedback, FeedbackReport

pytestmark = pytest.mark.django_db

THREADS = reverse("admin:community_thread_changelist")
POSTS = reverse("admin:community_post_changelist")
MESSAGE_REPORTS = reverse("admin:community_messagereport_changelist")
FEEDBACK = reverse("admin:tools_catalog_feedback_changelist")


@pytest.fixture
def staff():
    return make_staff("mona@hub.example", name="Mona Moderator")


@pytest.fixture
def staff_client(staff):
    return login_verified(Client(), staff)


@pytest.fixture
def officer():
    return make_officer(name="Olga Officer")


@pytest.fixture
def officer_client(officer):
    return login_verified(Client(), officer)


@pytest.fixture
def thread():
    return make_thread(author=make_officer(), title="Hash lists", body="<p>First post</p>")


def act(client, url: str, action: str, objects, **form):
    """Run an admin action on the selected rows, as the change list's action bar does; actions
    that ask for something first are confirmed with ``form``."""
    payload = {"action": action, "index": "0", "_selected_action": [obj.pk for obj in objects]}
    if form:
        payload |= {"confirm": "yes", **form}
    response = client.post(url, payload)
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def moderation_entries():
    return list(AuditEvent.objects.filter(event=AuditEvent.Event.MODERATION).order_by("at", "pk"))


def assert_one_entry(before: list, *, staff, target, **details) -> AuditEvent:
    entries = [entry for entry in moderation_entries() if entry not in before]
    assert len(entries) == 1, entries
    entry = entries[0]
    assert entry.actor == staff and entry.actor_label == str(staff)
    assert (entry.target_type, entry.target_id) == (target._meta.label, str(target.pk))
    assert entry.details == details
    return entry


def page(client, url) -> str:
    return client.get(url).content.decode()


# Posts ----------------------------------------------------------------------------------------------


def test_hiding_a_post_hides_it_from_officers_and_is_audited(
    staff, staff_client, officer_client, thread
):
    reply = Post.objects.create(thread=thread, author=make_officer(), body="<p>Rude words</p>")
    officer_client.post(reverse("community:post_report", args=[reply.pk]), {"reason": "Rude"})
    assert "Rude words" in page(officer_client, thread.get_absolute_url())
    before = moderation_entries()

    act(staff_client, POSTS, "hide", [reply], reason="Insults")

    html = page(officer_client, thread.get_absolute_url())
    assert "Rude words" not in html and "Post hidden by the moderators." in html
    assert PostReport.objects.get(post=reply).resolved_at is not None
    assert_one_entry(before, staff=staff, target=reply, decision="hide", reason="Insults")


def test_showing_a_post_again_is_audited(staff, staff_client, officer_client, thread):
    reply = Post.objects.create(thread=thread, author=make_officer(), body="<p>Fine after all</p>")
    act(staff_client, POSTS, "hide", [reply], reason="Checking")
    assert "Fine after all" not in page(officer_client, thread.get_absolute_url())
    before = moderation_entries()

    act(staff_client, POSTS, "show_again", [reply])

    assert "Fine after all" in page(officer_client, thread.get_absolute_url())
    assert_one_entry(before, staff=staff, target=reply, decision="show")


def test_handling_a_report_keeps_the_post_visible_and_is_audited(
    staff, staff_client, officer_client, thread
):
    post = thread.posts.get()
    officer_client.post(reverse("community:post_report", args=[post.pk]), {"reason": "Off topic"})
    before = moderation_entries()

    act(staff_client, POSTS, "close_reports", [post])

    assert PostReport.objects.get(post=post).resolved_at is not None
    assert "First post" in page(officer_client, thread.get_absolute_url())
    assert_one_entry(before, staff=staff, target=post, decision="reports_handled")
    # Nothing left to handle: doing it again records nothing.
    act(staff_client, POSTS, "close_reports", [post])
    assert len(moderation_entries()) == len(before) + 1


# Threads --------------------------------------------------------------------------------------------


def test_locking_and_unlocking_a_thread_are_audited(staff, staff_client, officer_client, thread):
    before = moderation_entries()
    act(staff_client, THREADS, "lock", [thread])

    officer_client.post(thread.get_absolute_url(), {"body": "Too late"})
    assert thread.posts.count() == 1
    assert "This thread is closed" in page(officer_client, thread.get_absolute_url())
    assert_one_entry(before, staff=staff, target=thread, decision="lock")

    # Locking a locked thread changes nothing and records nothing.
    act(staff_client, THREADS, "lock", [thread])
    assert len(moderation_entries()) == len(before) + 1

    before = moderation_entries()
    act(staff_client, THREADS, "unlock", [thread])

    officer_client.post(thread.get_absolute_url(), {"body": "Now it works"})
    assert thread.posts.count() == 2
    assert_one_entry(before, staff=staff, target=thread, decision="unlock")


def test_hiding_and_showing_a_thread_are_audited(staff, staff_client, officer_client, thread):
    before = moderation_entries()
    act(staff_client, THREADS, "hide", [thread], reason="Shares a victim's name")

    assert officer_client.get(thread.get_absolute_url()).status_code == 404
    assert "Hash lists" not in page(officer_client, thread.category.get_absolute_url())
    assert_one_entry(
        before, staff=staff, target=thread, decision="hide", reason="Shares a victim's name"
    )

    before = moderation_entries()
    act(staff_client, THREADS, "show_again", [thread])

    assert officer_client.get(thread.get_absolute_url()).status_code == 200
    assert_one_entry(before, staff=staff, target=thread, decision="show")


def test_moving_a_thread_is_audited(staff, staff_client, officer_client, thread):
    old = thread.category
    ethics = make_category(name="Law and ethics")
    before = moderation_entries()

    act(staff_client, THREADS, "move", [thread], category=ethics.pk)

    assert "Hash lists" in page(officer_client, ethics.get_absolute_url())
    assert "Hash lists" not in page(officer_client, old.get_absolute_url())
    assert_one_entry(
        before,
        staff=staff,
        target=thread,
        decision="move",
        previous=str(old),
        category="Law and ethics",
    )


def test_a_thread_is_not_moderated_by_editing_its_page(staff_client, thread):
    """The thread's page is for reading: a change posted there bypasses no audit."""
    ethics = make_category(name="Law and ethics")
    before = (thread.title, thread.category_id, thread.is_locked, thread.is_hidden)
    url = reverse("admin:community_thread_change", args=[thread.pk])
    assert staff_client.get(url).status_code == 200

    response = staff_client.post(
        url,
        {
            "title": "Renamed",
            "category": ethics.pk,
            "is_locked": "on",
            "is_hidden": "on",
            "hidden_reason": "Sneaky",
        },
    )

    assert response.status_code == 403
    thread.refresh_from_db()
    assert (thread.title, thread.category_id, thread.is_locked, thread.is_hidden) == before
    assert before[1] != ethics.pk
    assert not moderation_entries()


# Messages and feedback: the same pattern -------------------------------------------------------------


def test_handling_a_reported_message_is_audited(staff, staff_client, deliver):
    sender = make_officer(name="Sam Sender")
    recipient, profile = make_listed_officer(name="Rita Recipient")
    with deliver():
        login_verified(Client(), sender).post(profile.get_absolute_url(), {"body": "Abusive"})
    message = Message.objects.get()
    login_verified(Client(), recipient).post(
        reverse("community:message_report", args=[message.pk]), {"reason": "Insulting"}
    )
    report = MessageReport.objects.get()
    before = moderation_entries()

    act(staff_client, MESSAGE_REPORTS, "mark_handled", [report])

    report.refresh_from_db()
    assert report.resolved_at is not None
    assert_one_entry(before, staff=staff, target=message, decision="reports_handled")


def test_handling_a_report_on_feedback_is_audited(staff, staff_client, officer_client):
    tool = make_tool()
    post = Feedback.objects.create(tool=tool, author=make_officer(), body="<p>Slow.</p>")
    report = FeedbackReport.objects.create(feedback=post, reporter=make_officer(), reason="Rude")
    before = moderation_entries()

    act(staff_client, FEEDBACK, "close_reports", [post])

    report.refresh_from_db()
    assert report.resolved_at is not None
    assert "Slow." in page(officer_client, tool.get_absolute_url())
    assert_one_entry(before, staff=staff, target=post, decision="reports_handled")


def test_hiding_feedback_and_a_forum_post_leave_the_same_kind_of_entry(staff, staff_client, thread):
    post = thread.posts.get()
    feedback = Feedback.objects.create(tool=make_tool(), author=make_officer(), body="<p>x</p>")
    before = moderation_entries()

    act(staff_client, POSTS, "hide", [post], reason="Personal data")
    act(staff_client, FEEDBACK, "hide", [feedback], reason="Personal data")

    entries = [entry for entry in moderation_entries() if entry not in before]
    assert [(e.target_type, e.details) for e in entries] == [
        ("community.Post", {"decision": "hide", "reason": "Personal data"}),
        ("tools_catalog.Feedback", {"decision": "hide", "reason": "Personal data"}),
    ]
    assert {entry.actor for entry in entries} == {staff}
    assert Thread.objects.get(pk=thread.pk).is_hidden is False  # a post, not its thread


# What staff are told -------------------------------------------------------------------------------


def told(client, url: str, action: str, objects, **form) -> list[str]:
    """The messages on the change list that an action leads back to."""
    response = act(client, url, action, objects, **form)
    return [str(message) for message in client.get(response.url).context["messages"]]


def test_each_action_tells_staff_how_many_it_changed(staff_client, officer_client, thread):
    other = make_thread(author=make_officer(), title="Triage", body="<p>Second thread</p>")
    reply = Post.objects.create(thread=thread, author=make_officer(), body="<p>A reply</p>")
    officer_client.post(reverse("community:post_report", args=[reply.pk]), {"reason": "Rude"})
    feedback = Feedback.objects.create(tool=make_tool(), author=make_officer(), body="<p>x</p>")
    FeedbackReport.objects.create(feedback=feedback, reporter=make_officer(), reason="Rude")
    threads = [thread, other]

    assert told(staff_client, THREADS, "lock", threads) == ["2 threads locked."]
    assert told(staff_client, THREADS, "lock", threads) == ["0 threads locked."]
    assert told(staff_client, THREADS, "unlock", [thread]) == ["1 thread unlocked."]
    assert told(staff_client, THREADS, "hide", threads, reason="Spam") == ["2 threads hidden."]
    assert told(staff_client, THREADS, "show_again", threads) == ["2 threads shown again."]
    assert told(staff_client, POSTS, "close_reports", [reply]) == [
        "1 open report marked as handled."
    ]
    assert told(staff_client, POSTS, "hide", [reply], reason="Rude") == ["1 post hidden."]
    assert told(staff_client, POSTS, "show_again", [reply]) == ["1 post shown again."]
    assert told(staff_client, FEEDBACK, "hide", [feedback], reason="Rude") == [
        "1 post hidden; 1 open reports marked as handled."
    ]
    assert told(staff_client, FEEDBACK, "close_reports", [feedback]) == [
        "0 open reports marked as handled."
    ]
    assert told(staff_client, FEEDBACK, "show_again", [feedback]) == ["1 post shown again."]


def test_hiding_asks_for_a_reason_first_and_changes_nothing_until_then(staff_client, thread):
    post = thread.posts.get()
    for url, selected, title in [(THREADS, thread, "Hide threads"), (POSTS, post, "Hide posts")]:
        before = moderation_entries()
        response = staff_client.post(
            url, {"action": "hide", "index": "0", "_selected_action": [selected.pk]}
        )

        assert response.status_code == 200
        assert response.templates[0].name == "admin/safety/action_form.html"
        html = response.content.decode()
        assert f"<h1>{title}</h1>" in html and 'name="reason"' in html
        assert f'value="{selected.pk}"' in html and 'value="hide"' in html
        assert moderation_entries() == before
    assert Thread.objects.filter(is_hidden=True).count() == 0
    assert Post.objects.filter(is_hidden=True).count() == 0
