"""The staff home at /admin/: what waits for staff, each queue with its count, the age of its oldest
item and a link to the admin list filtered to the same rows; one query per queue however much waits."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Post, PostReport
from hub.models import OfficerApplication, Status
from questionnaires import services as submissions
from safety import removal
from tests.community.factories import make_thread
from tests.factories import (
    login_verified,
    make_applicant,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
    make_tool,
)
from tests.questionnaires.factories import fill_in, make_draft, make_question_set, taxonomy
from tools_catalog.models import Concern, Feedback, FeedbackReport

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def days_ago(days: int):
    return timezone.now() - days * DAY


class QueueReader(HTMLParser):
    """The rows of the staff home's table: the queue's name and link, its count and its age."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.cell: str | None = None
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "table":
            self.inside = "staff-home__queues" in classes
        if not self.inside:
            return
        if tag == "tr" and "staff-home__queue" in classes:
            self.rows.append({"title": "", "count": "", "age": "", "href": None})
        elif self.rows and tag == "th" and attrs.get("scope") == "row":
            self.cell = "title"
        elif self.rows and tag == "td":
            self.cell = "count" if "staff-home__count" in classes else "age"
        elif self.rows and tag == "a" and self.cell == "title":
            self.rows[-1]["href"] = attrs["href"]

    def handle_endtag(self, tag):
        if tag in {"th", "td", "tr", "table"}:
            self.cell = None
        if tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.cell:
            self.rows[-1][self.cell] += data


def queues_on(client: Client) -> dict[str, dict]:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    reader = QueueReader()
    reader.feed(response.content.decode())
    return {
        row["title"].strip(): {
            "count": int(row["count"]),
            "age": " ".join(row["age"].split()),
            "href": row["href"],
        }
        for row in reader.rows
    }


def rows_listed(client: Client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200
    html = response.content.decode()
    if 'id="result_list"' not in html:
        return 0
    body = html.split('id="result_list"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<tr[ >]", body))


def waiting_work(staff, *, each: int = 1) -> None:
    """``each`` waiting item of every kind, the oldest ``10 + kind`` days old, and handled ones beside."""
    officer = make_officer()
    for n in range(each):
        applicant = make_applicant()
        OfficerApplication.objects.filter(user=applicant).update(submitted_at=days_ago(10 + n))
        make_organisation(name=f"Pending Labs {n}", status=Status.PENDING, submitted_at=days_ago(3))
        tool = make_tool(f"Tool {n}")
        Concern.objects.create(
            tool=tool, reporter=officer, category="accuracy", description="Misses files.",
            created_at=days_ago(4),
        )  # fmt: skip
        post = Post.objects.get(thread=make_thread(author=officer))
        PostReport.objects.create(
            post=post, reporter=officer, reason="Spam", created_at=days_ago(2)
        )
        feedback = Feedback.objects.create(tool=tool, author=officer, body="Slow.")
        FeedbackReport.objects.create(feedback=feedback, reporter=officer, reason="Rude")
        removal.tool_suspend(
            tool=make_tool(f"Suspended {n}"), by=staff, reason="Checks", summary="Paused.",
            guidance="Stop using it.",
        )  # fmt: skip
    # Handled or decided already: not counted.
    make_applicant(status=Status.APPROVED)
    make_organisation(name="Approved Labs")
    Concern.objects.create(
        tool=make_tool("Checked"), reporter=officer, category="legal", description="Fine.",
        status=Concern.Status.NOT_SUBSTANTIATED,
    )  # fmt: skip
    handled = Post.objects.get(thread=make_thread(author=officer))
    PostReport.objects.create(post=handled, reporter=officer, reason="Old", resolved_at=days_ago(1))


def test_the_staff_home_shows_each_queue_with_its_count_age_and_filtered_list():
    staff = make_staff()
    waiting_work(staff, each=2)
    make_question_set()
    taxonomy()
    revision = fill_in(make_draft(make_provider()))
    submissions.revision_submit(revision=revision, by=revision.created_by)
    client = login_verified(Client(), staff)

    queues = queues_on(client)

    counts = {title: queue["count"] for title, queue in queues.items()}
    assert counts == {
        "Officer applications to vet": 2,
        "Provider organisations to vet": 2,
        "Concerns about tools to triage": 2,
        "Reported forum posts": 2,
        "Reported feedback": 2,
        "Suspended tools to remove or reinstate": 2,
        "Tool submissions to review": 1,
    }
    assert queues["Officer applications to vet"]["age"].startswith("11 days")
    assert queues["Concerns about tools to triage"]["age"].startswith("4 days")
    assert queues["Reported forum posts"]["age"].startswith("2 days")
    assert queues["Suspended tools to remove or reinstate"]["age"].startswith("Since today")
    # Each link opens the admin list on exactly the rows counted.
    for title, queue in queues.items():
        assert rows_listed(client, queue["href"]) == queue["count"], title


def test_nothing_waiting_says_so():
    client = login_verified(Client(), make_staff())
    queues = queues_on(client)
    assert {queue["count"] for queue in queues.values()} == {0}
    assert {queue["age"] for queue in queues.values()} == {"Nothing waits"}


def test_the_home_costs_the_same_queries_however_much_waits():
    staff = make_staff()
    client = login_verified(Client(), staff)
    waiting_work(staff, each=1)
    queues_on(client)  # the first request of a session also loads what later ones find cached
    with CaptureQueriesContext(connection) as few:
        queues_on(client)
    waiting_work(staff, each=4)
    with CaptureQueriesContext(connection) as many:
        queues = queues_on(client)
    assert queues["Reported feedback"]["count"] == 5
    assert len(many) == len(few)
    aggregates = [q["sql"] for q in many.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(aggregates) == len(queues)


def test_staff_without_the_second_factor_do_not_see_it():
    client = Client()
    client.force_login(make_staff())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert b"staff-home" not in response.content


def test_staff_who_may_not_view_a_kind_do_not_see_its_queue():
    from django.contrib.auth.models import Permission

    staff = make_staff(superuser=False)
    staff.user_permissions.add(Permission.objects.get(codename="view_officerapplication"))
    client = login_verified(Client(), staff)
    assert list(queues_on(client)) == ["Officer applications to vet"]


def test_the_staff_home_reads_right_to_left_in_arabic():
    staff = make_staff(language="ar")
    client = login_verified(Client(), staff)
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("admin:index"))
    assert re.search(r'<html lang="ar" dir="rtl"', response.content.decode())
    assert b'class="staff-home"' in response.content
