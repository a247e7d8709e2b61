"""The forum: sanitised rich text, own posts only, soft deletion, following threads, reports and
staff moderation."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.models import Post, PostReport, Thread
from tests.community.factories import make_category, make_thread
from tests.factories import login_verified, make_officer, make_provider, make_staff

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<p onclick="alert(1)" style="color:red">styled</p>',
    "<iframe src=https://evil.example></iframe>",
    "<svg><script>alert(1)</script></svg>",
    '"><script>alert(1)</script>',
]


@pytest.fixture
def officer():
    return make_officer(name="Olga Officer")


@pytest.fixture
def client(officer):
    return login_verified(Client(), officer)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_are_stored_clean_and_render_inert(client, payload):
    category = make_category()
    response = client.post(
        reverse("community:thread_new", args=[category.slug]),
        {"title": "Payload <b>title</b>", "body": f"<p>Intro</p>{payload}<p>Outro</p>"},
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    client.post(thread.get_absolute_url(), {"body": payload})
    for post in Post.objects.all():
        stored = post.body.lower()
        for dangerous in (
            "<script",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "<svg",
            "style=",
        ):
            assert dangerous not in stored, (payload, post.body)
    page = client.get(thread.get_absolute_url()).content.decode().lower()
    assert "<script>alert" not in page and 'script>alert("x")' not in page
    assert "onerror=" not in page and "javascript:alert" not in page and "<iframe" not in page
    # The title is plain text: shown escaped, never as markup.
    assert "payload &lt;b&gt;title&lt;/b&gt;" in page


def test_plain_text_keeps_its_paragraphs(client):
    thread = make_thread(author=make_officer())
    client.post(
        thread.get_absolute_url(), {"body": "First line\nsecond line\n\nNew paragraph & <3"}
    )
    reply = thread.posts.last()
    assert reply.body == "<p>First line<br>second line</p>\n\n<p>New paragraph &amp; &lt;3</p>"


def test_another_officers_post_cannot_be_edited_or_deleted(client):
    thread = make_thread(author=make_officer(), body="<p>Not yours</p>")
    post = thread.posts.get()
    for name in ("community:post_edit", "community:post_delete"):
        url = reverse(name, args=[post.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Hijacked"}).status_code == 404
    post.refresh_from_db()
    assert post.body == "<p>Not yours</p>" and post.deleted_at is None


def test_an_officer_edits_their_own_post(client, officer):
    thread = make_thread(author=officer, body="<p>Draft</p>")
    post = thread.posts.get()
    response = client.post(reverse("community:post_edit", args=[post.pk]), {"body": "Final"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>Final</p>" and post.edited_at is not None
    assert "(edited)" in client.get(thread.get_absolute_url()).content.decode()


def test_a_deleted_post_leaves_a_marker_so_the_thread_stays_readable(client, officer):
    thread = make_thread(author=make_officer(), body="<p>Question</p>")
    mine = Post.objects.create(thread=thread, author=officer, body="<p>My secret answer</p>")
    Post.objects.create(thread=thread, author=make_officer(), body="<p>Thanks!</p>")
    client.post(reverse("community:post_delete", args=[mine.pk]))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "My secret answer" not in page
    assert "Post deleted by its author." in page
    assert "Question" in page and "Thanks!" in page
    assert client.get(reverse("community:post_edit", args=[mine.pk])).status_code == 404


def test_followers_hear_of_replies_by_email_but_not_of_their_own(deliver, client, officer):
    author = make_officer(name="Thea Author")
    follower = make_officer(name="Finn Follower")
    thread = make_thread(author=author, title="Offline triage")
    login_verified(Client(), follower).post(reverse("community:thread_follow", args=[thread.pk]))

    with deliver():
        client.post(thread.get_absolute_url(), {"body": "My reply"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([author.email, follower.email])
    assert all("Offline triage" in m.subject for m in mail.outbox)
    assert all("Olga Officer" in m.body for m in mail.outbox)
    assert all("My reply" not in m.body for m in mail.outbox)  # the text stays in the hub

    # The replier now follows too; the next reply, by the author, goes to the other two only.
    mail.outbox.clear()
    with deliver():
        login_verified(Client(), author).post(thread.get_absolute_url(), {"body": "Answer"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([officer.email, follower.email])

    # Unfollowing stops the emails.
    mail.outbox.clear()
    login_verified(Client(), follower).post(reverse("community:thread_follow", args=[thread.pk]))
    with deliver():
        client.post(thread.get_absolute_url(), {"body": "Again"})
    assert [m.to[0] for m in mail.outbox] == [author.email]


def test_a_locked_thread_takes_no_replies(client):
    thread = make_thread(author=make_officer())
    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    client.post(thread.get_absolute_url(), {"body": "Too late"})
    assert thread.posts.count() == 1
    assert "closed" in client.get(thread.get_absolute_url()).content.decode()


def test_hidden_threads_and_posts_are_not_shown(client):
    thread = make_thread(author=make_officer(), body="<p>Visible</p>")
    hidden = Post.objects.create(
        thread=thread, author=make_officer(), body="<p>Offensive text</p>", is_hidden=True
    )
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Offensive text" not in page and "hidden by the moderators" in page
    assert client.get(reverse("community:post_report", args=[hidden.pk])).status_code == 404
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert thread.title not in client.get(thread.category.get_absolute_url()).content.decode()


def test_reporting_a_post_reaches_staff_who_hide_it(client):
    thread = make_thread(author=make_officer(), body="<p>Rude words</p>")
    post = thread.posts.get()
    client.post(reverse("community:post_report", args=[post.pk]), {"reason": "Rude"})
    report = PostReport.objects.get()
    assert report.reason == "Rude"

    staff = login_verified(Client(), make_staff())
    listing = staff.get(reverse("admin:community_postreport_changelist"))
    assert "Rude" in listing.content.decode()
    changelist = reverse("admin:community_post_changelist")
    staff.post(
        changelist,
        {"action": "hide", "_selected_action": [post.pk], "confirm": "yes", "reason": "Insults"},
    )
    post.refresh_from_db()
    report.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Insults"
    assert report.resolved_at is not None
    assert "Rude words" not in client.get(thread.get_absolute_url()).content.decode()


def test_staff_lock_and_move_threads_in_the_admin():
    staff = login_verified(Client(), make_staff())
    thread = make_thread(author=make_officer())
    elsewhere = make_category(name="Law and ethics")
    changelist = reverse("admin:community_thread_changelist")
    staff.post(changelist, {"action": "lock", "_selected_action": [thread.pk]})
    staff.post(
        changelist,
        {
            "action": "move",
            "_selected_action": [thread.pk],
            "confirm": "yes",
            "category": elsewhere.pk,
        },
    )
    thread.refresh_from_db()
    assert thread.is_locked and thread.category == elsewhere


def test_threads_and_posts_are_paginated(client, officer):
    thread = make_thread(author=officer)
    Post.objects.bulk_create(
        Post(thread=thread, author=officer, body=f"<p>Reply number {n}</p>") for n in range(25)
    )
    first = client.get(thread.get_absolute_url()).content.decode()
    assert "Reply number 18" in first and "Reply number 19" not in first
    second = client.get(thread.get_absolute_url(), {"page": 2}).content.decode()
    assert "Reply number 24" in second


def test_providers_get_nothing_of_the_forum():
    thread = make_thread(author=make_officer(), title="Officers only")
    post = thread.posts.get()
    provider = login_verified(Client(), make_provider())
    for url in (
        reverse("community:forum"),
        thread.category.get_absolute_url(),
        reverse("community:thread_new", args=[thread.category.slug]),
        thread.get_absolute_url(),
        reverse("community:post_report", args=[post.pk]),
    ):
        response = provider.get(url)
        assert response.status_code == 404
        assert b"Officers only" not in response.content
    assert provider.post(thread.get_absolute_url(), {"body": "x"}).status_code == 404
    assert thread.posts.count() == 1
