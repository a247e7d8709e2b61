"""Watches: an officer watches a catalogue search or a shortlist and hears, once, when a listed
tool starts to meet it, changes in a way that matters, or stops meeting it; in a notice at once and,
if they chose, in one email a day or a week, with a signed link that stops only that watch's emails.
"""

import json
import re
from datetime import timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.models import Notice, OutboxEmail
from hub.personal_data.erasure import account_erase
from hub.personal_data.export import member_export
from tests.factories import login_verified, make_officer, make_staff
from tests.hub.person import PASSWORD, csrf, log_in
from tests.wizard.wizard_factories import make_wizard_tool, reindex
from tools_catalog.models import DeploymentOption
from watches import services
from watches.models import Watch, WatchChange
from watches.tasks import watches_catch_up, watches_match
from wizard.models import Shortlist

TOOLS = reverse("admin:tools_catalog_tool_changelist")
# Offline (air-gapped) tools that analyse Arabic.
NEED = "deployment=offline-air-gapped&alang=ar"


@pytest.fixture
def officer(db):
    return make_officer(name="Amina Analyst", password=PASSWORD)


@pytest.fixture
def officer_client(officer):
    client = Client()
    log_in(client, officer)
    return client


@pytest.fixture
def staff_client(db):
    return login_verified(Client(), make_staff())


@pytest.fixture
def listed(db):
    """A tool that meets the need before anyone watches it."""
    return make_wizard_tool(
        "Already Listed",
        deployment=["offline-air-gapped"],
        analysis=["ar"],
        purposes=["hash-matching"],
    )


def watch_search(client, query=NEED, frequency="none") -> Watch:
    """The catalogue page's "Watch this search" form, posted as a browser without script does."""
    page = client.get(reverse("tools:catalogue") + f"?{query}")
    html = page.content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="watch-form">(.*?)</form>', html)
    assert form, "the catalogue has a 'Watch this search' form"
    value = re.search(r'name="query" value="([^"]*)"', form.group(2)).group(1).replace("&amp;", "&")
    response = client.post(
        form.group(1),
        {"csrfmiddlewaretoken": csrf(page), "query": value, "frequency": frequency},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Watch.objects.latest("pk")


def publish(staff_client, tool, capture):
    """Staff publish a tool with the tool admin's action; what follows the commit runs."""
    with capture(execute=True):
        response = staff_client.post(
            TOOLS, {"action": "publish", "index": "0", "_selected_action": [tool.pk]}
        )
    assert response.status_code == 302


def notices_of(user):
    return list(Notice.objects.filter(user=user).order_by("pk"))


# Matching ------------------------------------------------------------------------------------------


def test_an_officer_hears_at_once_when_a_published_tool_meets_a_watched_search(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch = watch_search(officer_client)
    assert watch.owner == officer and watch.kind == "search"
    assert notices_of(officer) == []  # what already matched is not news

    draft = make_wizard_tool(
        "Desert Lens", status="draft", deployment=["offline-air-gapped", "on-premises"],
        analysis=["ar", "fr"],
    )  # fmt: skip
    publish(staff_client, draft, django_capture_on_commit_callbacks)

    [notice] = notices_of(officer)
    assert "Desert Lens" in notice.title and "matches your watch" in notice.title
    assert notice.body == "now matches: analyses Arabic, Offline air gapped"
    assert notice.link == draft.get_absolute_url()

    me = officer_client.get(reverse("me")).content.decode()
    assert "Your watches" in me
    assert "Last change" in me and "Desert Lens" in me and "analyses Arabic" in me
    assert "2 tools match now" in me


def test_a_tool_that_does_not_meet_the_need_or_is_not_published_tells_nobody(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client)
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_wizard_tool("Hidden Draft", status="draft",
                                 deployment=["offline-air-gapped"], analysis=["ar"])  # fmt: skip
        draft.name = "Hidden Draft, edited"
        draft.save()
        reindex(draft)
    other = make_wizard_tool(
        "Cloud Only", status="draft", deployment=["cloud-service"], analysis=["ar"]
    )
    publish(staff_client, other, django_capture_on_commit_callbacks)

    assert notices_of(officer) == []
    assert not WatchChange.objects.exists()


def test_a_tool_that_stops_matching_is_told_once_then_dropped(
    officer, officer_client, listed, django_capture_on_commit_callbacks
):
    watch = watch_search(officer_client)
    assert watch.tools.filter(tool=listed, matching=True).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the provider's edit, reviewed
        listed.deployment_options.set(DeploymentOption.objects.filter(slug="cloud-service"))
        reindex(listed)
    [notice] = notices_of(officer)
    assert "no longer matches your watch" in notice.title
    assert notice.body == "no longer matches: Offline air gapped"

    with django_capture_on_commit_callbacks(execute=True):  # more changes: no longer its business
        listed.name = "Already Listed 2"
        listed.save()
        reindex(listed)
    assert len(notices_of(officer)) == 1
    assert not watch.tools.filter(matching=True).exists()


def test_a_removed_tool_is_told_once_as_removed(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            TOOLS,
            {"action": "remove", "_selected_action": [listed.pk], "confirm": "yes",
             "reason": "Unlawful data", "summary": "Trained on unlawful data.", "guidance": "Stop."},
        )  # fmt: skip
    assert response.status_code == 302
    mine = [n for n in notices_of(officer) if "your watch" in n.title]
    assert [n.body for n in mine] == ["removed from the hub"]


def test_matching_the_same_change_twice_tells_once(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client)
    draft = make_wizard_tool(
        "Twice Told", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    publish(staff_client, draft, django_capture_on_commit_callbacks)
    watches_match.delay([draft.pk])  # a retried task, a second worker, the beat's catch-up
    watches_match.delay([draft.pk])

    assert len(notices_of(officer)) == 1
    assert WatchChange.objects.filter(tool=draft).count() == 1


def test_a_watched_shortlist_hears_when_its_tool_is_verified_again(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    new = officer_client.post(
        reverse("wizard:shortlist_new") + "?purpose=hash-matching",
        {
            "name": "Hash tools",
            "notes": "",
            "csrfmiddlewaretoken": csrf(officer_client.get(reverse("wizard:shortlists"))),
        },
    )
    assert new.status_code == 302
    shortlist = Shortlist.objects.get(owner=officer)
    page = officer_client.get(shortlist.get_absolute_url())
    assert "Watch this shortlist" in page.content.decode()
    officer_client.post(
        reverse("watches:shortlist"),
        {"shortlist": shortlist.pk, "frequency": "weekly", "csrfmiddlewaretoken": csrf(page)},
    )
    watch = Watch.objects.get(owner=officer, kind="shortlist")
    assert watch.frequency == "weekly"

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(TOOLS, {"action": "mark_verified", "index": "0",
                                  "_selected_action": [listed.pk]})  # fmt: skip
    [notice] = notices_of(officer)
    assert "changed (your watch “Hash tools”)" in notice.title
    assert notice.body == "verified again by the hub team"


# Digests and unsubscribing ---------------------------------------------------------------------------


def test_one_digest_per_officer_per_period_in_their_language(
    staff_client, listed, django_capture_on_commit_callbacks
):
    officer = make_officer(name="Awa Ndiaye", language="fr", password=PASSWORD)
    client = Client()
    log_in(client, officer)
    watch_search(client, frequency="daily")
    watch_search(client, query="alang=ar", frequency="daily")  # a second watch, the same email
    first = make_wizard_tool(
        "Premier", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    publish(staff_client, first, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily") == 1
        assert services.digests_send(frequency="daily") == 0  # the same day: nothing more
    [email] = OutboxEmail.objects.filter(recipient=officer, template="watches_digest")
    assert email.language == "fr"
    assert "Premier" in email.body_text
    assert "Vos alertes aujourd'hui" in email.subject
    assert "correspond désormais : analyse en arabe" in email.body_text

    second = make_wizard_tool(
        "Deuxième", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    publish(staff_client, second, django_capture_on_commit_callbacks)
    assert services.digests_send(frequency="daily") == 0  # waits for tomorrow
    tomorrow = timezone.now() + timedelta(days=1)
    assert services.digests_send(frequency="daily", now=tomorrow) == 1
    latest = OutboxEmail.objects.filter(recipient=officer, template="watches_digest").latest("pk")
    assert "Deuxième" in latest.body_text and "Premier" not in latest.body_text


def _unsubscribe_links(email) -> list[str]:
    return re.findall(r"https?://[^\s]+/watches/unsubscribe/[^\s/]+/", email.body_text)


def test_the_email_s_link_stops_only_that_watch_s_emails_without_logging_in(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    first = watch_search(officer_client, frequency="daily")
    second = watch_search(officer_client, query="alang=ar", frequency="daily")
    tool = make_wizard_tool(
        "Linked", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    publish(staff_client, tool, django_capture_on_commit_callbacks)
    services.digests_send(frequency="daily")
    email = OutboxEmail.objects.get(recipient=officer, template="watches_digest")
    links = _unsubscribe_links(email)
    assert len(links) == 2
    link = next(url for url in links if services.unsubscribe_token(first) in url)
    path = link.split("://", 1)[1].split("/", 1)[1]

    anonymous = Client(enforce_csrf_checks=True)
    confirm = anonymous.get(f"/{path}")  # a mail scanner following the link changes nothing
    assert confirm.status_code == 200
    assert "Stop these emails" in confirm.content.decode()
    first.refresh_from_db()
    assert first.frequency == "daily"

    done = anonymous.post(f"/{path}", {"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF
    assert done.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.frequency, second.frequency) == ("none", "daily")


def test_a_tampered_unsubscribe_link_is_refused(officer, officer_client):
    watch = watch_search(officer_client, frequency="daily")
    token = services.unsubscribe_token(watch)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    anonymous = Client()
    assert anonymous.get(reverse("watches:unsubscribe", args=[tampered])).status_code == 404
    assert anonymous.post(reverse("watches:unsubscribe", args=[tampered])).status_code == 404
    forged = services.signing.dumps(watch.pk, salt="another.purpose", compress=True)
    assert anonymous.post(reverse("watches:unsubscribe", args=[forged])).status_code == 404
    watch.refresh_from_db()
    assert watch.frequency == "daily"


# Owners only, the member's data -----------------------------------------------------------------------


def test_another_officer_s_watch_and_shortlist_are_not_found(officer, officer_client):
    watch = watch_search(officer_client)
    other = login_verified(Client(), make_officer())
    assert other.get(watch.get_absolute_url()).status_code == 404
    assert other.post(watch.get_absolute_url(), {"frequency": "daily"}).status_code == 404
    assert other.post(reverse("watches:delete", args=[watch.pk])).status_code == 404
    shortlist = Shortlist.objects.create(owner=officer, name="Mine")
    answer = other.post(
        reverse("watches:shortlist"), {"shortlist": shortlist.pk, "frequency": "none"}
    )
    assert answer.status_code == 404
    assert Watch.objects.count() == 1


def test_the_owner_changes_the_email_and_stops_watching(officer, officer_client):
    watch = watch_search(officer_client)
    page = officer_client.get(watch.get_absolute_url())
    officer_client.post(
        watch.get_absolute_url(), {"frequency": "weekly", "csrfmiddlewaretoken": csrf(page)}
    )
    watch.refresh_from_db()
    assert watch.frequency == "weekly"
    confirm = officer_client.get(reverse("watches:delete", args=[watch.pk]))
    officer_client.post(
        reverse("watches:delete", args=[watch.pk]), {"csrfmiddlewaretoken": csrf(confirm)}
    )
    assert not Watch.objects.exists()


def test_the_export_holds_the_watches_and_erasure_removes_them(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client, frequency="weekly")
    tool = make_wizard_tool(
        "Exported", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    publish(staff_client, tool, django_capture_on_commit_callbacks)

    export = json.loads(json.dumps(member_export(officer), cls=DjangoJSONEncoder))
    [held] = export["watches"]["watches"]
    assert held["email"] == "weekly" and held["search"] == NEED
    assert held["changes"][0]["tool"] == "Exported"
    assert held["changes"][0]["reason"] == "now matches: analyses Arabic, Offline air gapped"

    account_erase(user=officer, reason="test", notify=False)
    assert not Watch.objects.exists() and not WatchChange.objects.exists()


def test_a_tool_that_matches_again_after_it_stopped_is_told_again(
    officer, officer_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client)
    offline = DeploymentOption.objects.filter(slug="offline-air-gapped")
    for deployment in (
        "cloud-service",
        "offline-air-gapped",
        "cloud-service",
        "offline-air-gapped",
    ):
        with django_capture_on_commit_callbacks(execute=True):
            listed.deployment_options.set(DeploymentOption.objects.filter(slug=deployment))
            reindex(listed)
    assert offline.exists()
    kinds = WatchChange.objects.filter(tool=listed).order_by("pk").values_list("kind", flat=True)
    assert list(kinds) == ["gone", "match", "gone", "match"]
    assert [n.body for n in notices_of(officer)] == [
        "no longer matches: Offline air gapped",
        "now matches: analyses Arabic, Offline air gapped",
    ] * 2


def test_a_change_whose_matching_never_ran_is_told_once_by_the_beat_s_catch_up(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client)
    draft = make_wizard_tool(
        "Lost Task", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    with django_capture_on_commit_callbacks(execute=False):  # the worker died: no matching ran
        staff_client.post(
            TOOLS, {"action": "publish", "index": "0", "_selected_action": [draft.pk]}
        )
    assert notices_of(officer) == []

    watches_catch_up.delay()
    watches_catch_up.delay()  # every five minutes, the beat looks again

    [notice] = notices_of(officer)
    assert "Lost Task" in notice.title


def test_a_digest_leaves_out_changes_older_than_its_period(
    officer, officer_client, staff_client, listed, django_capture_on_commit_callbacks
):
    watch_search(officer_client, frequency="weekly")
    tool = make_wizard_tool(
        "Old News", status="draft", deployment=["offline-air-gapped"], analysis=["ar"]
    )
    publish(staff_client, tool, django_capture_on_commit_callbacks)

    later = timezone.now() + timedelta(days=9)  # told by its notice long ago
    assert services.digests_send(frequency="weekly", now=later) == 0
    assert services.digests_send(frequency="weekly") == 1
    [email] = OutboxEmail.objects.filter(recipient=officer, template="watches_digest")
    assert "Old News" in email.body_text and "This week on your watches" in email.subject


def test_the_beat_runs_the_catch_up_and_both_digests(settings):
    from config.celery import app

    app.loader.import_default_modules()
    schedule = {
        name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if "watches" in name
    }
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
    digests = sorted(e["args"] for e in schedule.values() if e["task"].endswith("watches_digest"))
    assert digests == [("daily",), ("weekly",)]
    assert any(e["task"].endswith("watches_catch_up") for e in schedule.values())


def test_new_ethics_answers_published_through_the_review_are_told_to_the_watchers(
    officer, officer_client, django_capture_on_commit_callbacks
):
    from questionnaires import services as submissions
    from tests.factories import make_provider
    from tests.questionnaires.factories import COMPLETE_ANSWERS, make_published, make_question_set

    make_question_set()
    provider, staff = make_provider(), make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        tool = make_published(provider, staff, name="Ethics Lens").tool
    watch = watch_search(officer_client, query="")  # the whole catalogue
    assert notices_of(officer) == []  # what already matched is not news

    # The provider answers the ethics questions again, through the portal's services; staff
    # publish the new answers from the review desk.
    with django_capture_on_commit_callbacks(execute=True):
        revision = submissions.revision_start(tool=tool, by=provider)
        answers = dict(COMPLETE_ANSWERS["data"])
        answers["training_data"] = ("Trained on synthetic images only.", "")
        submissions.ethics_section_save(revision=revision, section_key="data", answers=answers)
        submissions.revision_submit(revision=revision, by=provider)
        submissions.revision_decide(revision=revision, action="publish", by=staff)

    [notice] = notices_of(officer)
    assert "Ethics Lens" in notice.title and "changed" in notice.title
    assert "new ethics answers" in notice.body
    assert WatchChange.objects.filter(watch=watch).count() == 1
