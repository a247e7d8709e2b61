"""Suspending, removing and reinstating a tool: where it disappears, the record, and who is told.

A decision goes through one service (safety.removal) that the admin actions call. After it,
an officer finds the tool nowhere but in the removal log, their notices and their own saved items
(My tools, saved shortlists), which say when and why. Everyone affected is told exactly once.
"""

import csv
import io
import re

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from hub.models import AuditEvent, Notice, OutboxEmail, Status
from safety import announce, removal, tasks
from tests.factories import make_officer, make_organisation, make_provider, make_staff
from tests.wizard.wizard_factories import make_wizard_tool, result_slugs, signed_in
from tools_catalog.models import SavedTool, Tool, ToolDecision

from .removal_factories import GUIDANCE, REASON, SUMMARY, remove, shortlist_with, suspend

HASH = {"purposes": ["hash-matching"], "deployment": ["offline-air-gapped"]}
TOOLS = reverse("admin:tools_catalog_tool_changelist")


@pytest.fixture
def staff(db):
    return make_staff(name="Sky Staff")


@pytest.fixture
def provider_org(db):
    return make_organisation(name="Sentinel Labs")


@pytest.fixture
def sentinel(provider_org):
    return make_wizard_tool("Sentinel Hasher", provider=provider_org, **HASH)


@pytest.fixture
def keeper(db):
    return make_wizard_tool("Keeper Matcher", **HASH)


@pytest.fixture
def officer(db):
    return make_officer(name="Omar Officer")


def _catalogue_names(client, **params) -> list[str]:
    html = client.get(reverse("tools:catalogue"), params).content.decode()
    return re.findall(r'<h2[^>]*>\s*<a href="/tools/[^"]+/">([^<]+)</a>', html)


def _purpose_count(client) -> int:
    response = client.get(reverse("tools:catalogue"))
    facets = {facet.param: facet for facet in response.context["facets"]()}
    return {option.value: option.count for option in facets["purpose"].options}["hash-matching"]


# Gone from everywhere an officer looks ---------------------------------------------------------------


def test_a_removed_tool_is_gone_except_from_the_log_the_notices_and_own_saved_items(
    officer, staff, sentinel, keeper, django_capture_on_commit_callbacks
):
    SavedTool.objects.create(user=officer, tool=sentinel)
    shortlist = shortlist_with(officer, sentinel, keeper)
    client = signed_in(officer)
    results = reverse("wizard:results") + "?purpose=hash-matching"
    # Everything is cached and in memory before the decision, as on a busy day.
    assert sorted(_catalogue_names(client)) == ["Keeper Matcher", "Sentinel Hasher"]
    assert _purpose_count(client) == 2
    assert sentinel.slug in result_slugs(client.get(results))

    with django_capture_on_commit_callbacks(execute=True):
        decision = remove(sentinel, staff)

    # The catalogue, its search, facet counts, CSV, compare and the wizard.
    assert _catalogue_names(client) == ["Keeper Matcher"]
    assert _catalogue_names(client, q="Sentinel") == []
    assert _purpose_count(client) == 1
    assert "Sentinel" not in client.get(reverse("tools:csv")).getvalue().decode()
    compare = client.get(reverse("tools:compare"), {"tool": [sentinel.slug, keeper.slug]})
    assert compare.status_code == 404
    assert result_slugs(client.get(results)) == [keeper.slug]

    # Its page says it was removed, when and why, instead of describing it.
    page = client.get(sentinel.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 410
    assert SUMMARY in html and GUIDANCE in html and "removed this tool" in html
    assert "Save to My tools" not in html and "Ethics answers" not in html
    assert client.post(reverse("tools:save", args=[sentinel.slug])).status_code == 302  # unsave
    SavedTool.objects.create(user=officer, tool=sentinel)

    # The removal log, with the date and the public summary; never the staff's reason.
    log = client.get(reverse("tools:removed")).content.decode()
    assert f'id="decision-{decision.pk}"' in log
    assert "Sentinel Hasher" in log and SUMMARY in log and "Removed on" in log
    assert REASON not in log

    # Their notice, My tools and the saved shortlist say what happened.
    notices = client.get(reverse("notices")).content.decode()
    assert "“Sentinel Hasher” was removed from the Global Hub" in notices
    mine = client.get(reverse("tools:mine")).content.decode()
    assert "Removed on" in mine and SUMMARY in mine and GUIDANCE in mine
    reopened = client.get(shortlist.get_absolute_url())
    gone = reopened.content.decode()[reopened.content.decode().index('id="gone-title"') :]
    assert "Sentinel Hasher" in gone and "Removed on" in gone and SUMMARY in gone
    assert GUIDANCE in gone
    assert sentinel.slug not in result_slugs(reopened)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("wizard:shortlist_csv", args=[shortlist.pk]))
                .getvalue()
                .decode()
                .lstrip("\ufeff")
            )
        )
    )
    assert any(row[1] == "Sentinel Hasher" and row[-2].startswith("Removed on") for row in rows)
    for html in (log, mine, gone):
        assert sentinel.get_absolute_url() + '"' not in html  # no link to its old page


def test_a_suspended_tool_is_marked_as_suspended_not_removed(officer, staff, sentinel):
    SavedTool.objects.create(user=officer, tool=sentinel)
    suspend(sentinel, staff)
    client = signed_in(officer)

    page = client.get(sentinel.get_absolute_url())
    assert page.status_code == 404
    assert "suspended this tool" in page.content.decode()
    log = client.get(reverse("tools:removed")).content.decode()
    assert "Suspended on" in log and "may be listed again" in log and "Removed on" not in log
    mine = client.get(reverse("tools:mine")).content.decode()
    assert "Suspended on" in mine and SUMMARY in mine


def test_a_rolled_back_removal_sends_nothing_and_hides_nothing(
    officer, staff, sentinel, django_capture_on_commit_callbacks
):
    SavedTool.objects.create(user=officer, tool=sentinel)
    make_provider(organisation=sentinel.provider)
    client = signed_in(officer)
    assert "Sentinel Hasher" in _catalogue_names(client)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        remove(sentinel, staff)
        raise RuntimeError("something later in the same request failed")

    assert callbacks == []
    sentinel.refresh_from_db()
    assert sentinel.status == Tool.Status.PUBLISHED
    assert not ToolDecision.objects.exists()
    assert not OutboxEmail.objects.exists() and not Notice.objects.exists()
    assert not AuditEvent.objects.filter(event=AuditEvent.Event.REMOVAL).exists()
    assert mail.outbox == []
    assert "Sentinel Hasher" in _catalogue_names(client)
    assert client.get(sentinel.get_absolute_url()).status_code == 200
    assert "Sentinel" not in client.get(reverse("tools:removed")).content.decode()


# Everyone told, exactly once --------------------------------------------------------------------------


@pytest.fixture
def audience(sentinel, keeper):
    """Who should hear of a decision on Sentinel, and who should not."""
    both = make_officer(name="Both Ways", language="fr")
    SavedTool.objects.create(user=both, tool=sentinel)
    shortlist_with(both, sentinel)
    shortlist_with(both, sentinel, keeper, name="A second shortlist with it")
    saved = make_officer(name="Saved Only")
    SavedTool.objects.create(user=saved, tool=sentinel)
    listed = make_officer(name="Listed Only")
    shortlist_with(listed, sentinel)
    bystander = make_officer(name="Never Used It")
    SavedTool.objects.create(user=bystander, tool=keeper)
    return {
        "both": both,
        "saved": saved,
        "listed": listed,
        "bystander": bystander,
        "provider_1": make_provider(organisation=sentinel.provider),
        "provider_2": make_provider(organisation=sentinel.provider, language="ar"),
        # Nobody else hears of it.
        "pending_provider": make_provider(organisation=sentinel.provider, status=Status.PENDING),
        "other_provider": make_provider(),
        "suspended_officer": _saved_by(sentinel, make_officer(status=Status.SUSPENDED)),
        "applicant": make_officer(status=Status.PENDING),
        "staff": make_staff(),
    }


def _saved_by(tool, user):
    SavedTool.objects.create(user=user, tool=tool)
    return user


def _emails(user) -> int:
    return OutboxEmail.objects.filter(recipient=user).count()


def _notices(user) -> int:
    return Notice.objects.filter(user=user).count()


def test_each_recipient_is_told_once_and_a_repeated_fan_out_adds_nothing(
    staff, sentinel, audience, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = remove(sentinel, staff)

    expected = {
        # (emails, notices)
        "both": (1, 1),
        "saved": (1, 1),
        "listed": (1, 1),
        "bystander": (0, 1),
        "provider_1": (1, 1),
        "provider_2": (1, 1),
        "pending_provider": (0, 0),
        "other_provider": (0, 0),
        "suspended_officer": (0, 0),
        "applicant": (0, 0),
        "staff": (0, 0),
    }
    assert {key: (_emails(user), _notices(user)) for key, user in audience.items()} == expected
    # Delivered after commit: one message per email row, each to its own person.
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    told = ["both", "saved", "listed", "provider_1", "provider_2"]
    assert sent_to == sorted(audience[key].email for key in told)
    # In each person's language.
    assert OutboxEmail.objects.get(recipient=audience["both"]).language == "fr"
    assert OutboxEmail.objects.get(recipient=audience["provider_2"]).language == "ar"
    officer_mail = next(m for m in mail.outbox if m.to == [audience["saved"].email])
    assert SUMMARY in officer_mail.body and GUIDANCE in officer_mail.body
    assert REASON not in officer_mail.body
    provider_mail = next(m for m in mail.outbox if m.to == [audience["provider_1"].email])
    assert "a tool of your organisation" in provider_mail.body and SUMMARY in provider_mail.body
    assert REASON not in provider_mail.body

    with django_capture_on_commit_callbacks(execute=True):
        again = announce.tool_decision_announce(decision=decision)

    assert again == announce.Announced(emails=0, notices=0)
    assert {key: (_emails(user), _notices(user)) for key, user in audience.items()} == expected
    assert len(mail.outbox) == len(told)


def test_the_guidance_goes_to_those_who_use_the_tool(
    staff, sentinel, audience, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remove(sentinel, staff)

    user_notice = Notice.objects.get(user=audience["listed"])
    other_notice = Notice.objects.get(user=audience["bystander"])
    assert SUMMARY in user_notice.body and GUIDANCE in user_notice.body
    assert SUMMARY in other_notice.body and GUIDANCE not in other_notice.body
    assert (
        user_notice.link
        == other_notice.link
        == (reverse("tools:removed") + f"#decision-{ToolDecision.objects.get().pk}")
    )


def test_the_staff_request_and_the_fan_out_take_the_same_queries_for_few_or_many_recipients(
    staff, provider_org, django_capture_on_commit_callbacks
):
    def queries_for_a_removal(officers: int) -> tuple[int, int]:
        tool = make_wizard_tool(f"Tool for {officers}", provider=provider_org, **HASH)
        for _n in range(officers):
            SavedTool.objects.create(user=make_officer(), tool=tool)
            make_officer()
        with (
            django_capture_on_commit_callbacks() as callbacks,
            CaptureQueriesContext(connection) as decided,
        ):
            decision = remove(tool, staff)
        assert not Notice.objects.filter(link__endswith=f"#decision-{decision.pk}").exists()
        with CaptureQueriesContext(connection) as fanned_out:
            for callback in callbacks:
                callback()
        assert Notice.objects.filter(link__endswith=f"#decision-{decision.pk}").count() > officers
        return len(decided.captured_queries), len(fanned_out.captured_queries)

    assert queries_for_a_removal(2) == queries_for_a_removal(12)


def test_the_fan_out_goes_in_chunks_and_a_second_run_adds_nothing(
    staff, sentinel, audience, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(announce, "CHUNK_SIZE", 2)  # three officers who use it: two chunks
    with django_capture_on_commit_callbacks(execute=True):
        decision = remove(sentinel, staff)
    told = {key: (_emails(user), _notices(user)) for key, user in audience.items()}
    assert told["both"] == told["saved"] == told["listed"] == (1, 1)

    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.tool_decision_announce.delay(decision.pk).get()

    assert again == 0
    assert {key: (_emails(user), _notices(user)) for key, user in audience.items()} == told


def test_the_decision_is_recorded_and_audited(staff, sentinel):
    decision = remove(sentinel, staff, request=None)

    sentinel.refresh_from_db()
    assert sentinel.status == Tool.Status.REMOVED
    assert (decision.action, decision.previous_status) == ("remove", "published")
    assert (decision.reason, decision.summary, decision.guidance) == (REASON, SUMMARY, GUIDANCE)
    assert decision.decided_by == staff
    event = AuditEvent.objects.get(event=AuditEvent.Event.REMOVAL)
    assert event.actor == staff and event.target_id == str(sentinel.pk)
    assert event.details["decision"] == "remove" and event.details["previous"] == "published"


# What may follow what ------------------------------------------------------------------------------------


def test_reinstate_only_from_suspended(officer, staff, sentinel, keeper, deliver):
    with pytest.raises(removal.DecisionNotAllowed):
        removal.tool_reinstate(tool=sentinel, by=staff, reason="Not suspended.")
    suspend(sentinel, staff)
    with deliver():
        decision = removal.tool_reinstate(
            tool=sentinel, by=staff, reason="The provider fixed the leak.", summary="Fixed."
        )

    sentinel.refresh_from_db()
    assert sentinel.status == Tool.Status.PUBLISHED and decision.action == "reinstate"
    client = signed_in(officer)
    assert "Sentinel Hasher" in _catalogue_names(client)
    assert "Sentinel" not in client.get(reverse("tools:removed")).content.decode()
    assert Notice.objects.filter(user=officer, title="“Sentinel Hasher” is listed again").exists()

    remove(keeper, staff)
    with pytest.raises(removal.DecisionNotAllowed):
        removal.tool_reinstate(tool=keeper, by=staff, reason="Removed is final.")
    with pytest.raises(removal.DecisionNotAllowed):
        suspend(keeper, staff)
    keeper.refresh_from_db()
    assert keeper.status == Tool.Status.REMOVED


def test_a_suspended_tool_can_be_removed_and_drafts_cannot_be_decided_on(staff, sentinel):
    suspend(sentinel, staff)
    remove(sentinel, staff)
    sentinel.refresh_from_db()
    assert sentinel.status == Tool.Status.REMOVED
    assert list(ToolDecision.objects.values_list("action", flat=True)) == ["remove", "suspend"]

    draft = make_wizard_tool("Draft Tool", status="draft", **HASH)
    with pytest.raises(removal.DecisionNotAllowed):
        remove(draft, staff)


@pytest.mark.parametrize("missing", ["reason", "summary"])
def test_a_reason_and_a_summary_are_required(staff, sentinel, missing):
    with pytest.raises(removal.DecisionNotAllowed):
        remove(sentinel, staff, **{missing: "  "})
    sentinel.refresh_from_db()
    assert sentinel.status == Tool.Status.PUBLISHED


# The removal log ----------------------------------------------------------------------------------------


def test_the_removal_log_is_newest_first_and_paginated(officer, staff):
    tools = [make_wizard_tool(f"Old Tool {n:02d}", **HASH) for n in range(21)]
    for tool in tools:
        remove(tool, staff, summary=f"Summary of {tool.name}.")
    client = signed_in(officer)

    first = client.get(reverse("tools:removed"))
    names = re.findall(r'class="removal-entry__title">([^<]+)<', first.content.decode())
    assert names == [f"Old Tool {n:02d}" for n in range(20, 0, -1)]
    second = client.get(reverse("tools:removed"), {"page": 2})
    assert re.findall(r'class="removal-entry__title">([^<]+)<', second.content.decode()) == [
        "Old Tool 00"
    ]


# The admin actions -------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(staff):
    return signed_in(staff)


def test_the_remove_action_asks_for_reason_summary_and_guidance(staff_client, staff, sentinel):
    ask = staff_client.post(TOOLS, {"action": "remove", "index": "0",
                                    "_selected_action": [sentinel.pk]})  # fmt: skip
    assert ask.status_code == 200
    form = ask.context["form"]
    assert list(form.fields) == ["reason", "summary", "guidance"]

    incomplete = staff_client.post(
        TOOLS,
        {"action": "remove", "_selected_action": [sentinel.pk], "confirm": "yes",
         "reason": REASON, "summary": ""},
    )  # fmt: skip
    assert incomplete.status_code == 200
    assert incomplete.context["form"].errors["summary"]
    assert escape(REASON) in incomplete.content.decode()  # nothing typed is lost

    done = staff_client.post(
        TOOLS,
        {"action": "remove", "_selected_action": [sentinel.pk], "confirm": "yes",
         "reason": REASON, "summary": SUMMARY, "guidance": GUIDANCE},
    )  # fmt: skip
    assert done.status_code == 302
    decision = ToolDecision.objects.get()
    assert (decision.tool, decision.action, decision.decided_by) == (sentinel, "remove", staff)
    assert decision.guidance == GUIDANCE


def test_the_remove_form_says_how_many_will_be_told_before_staff_confirm(
    staff_client, sentinel, keeper, audience
):
    draft = make_wizard_tool("Draft Dowser", status="draft", **HASH)
    ask = staff_client.post(
        TOOLS, {"action": "remove", "_selected_action": [sentinel.pk, keeper.pk, draft.pk]}
    )
    html = ask.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    # Sentinel: saved or shortlisted by three vetted officers (the suspended one is not told),
    # one other vetted officer, two approved users of the provider.
    starts = sorted(
        text.index(name) for name in ("Sentinel Hasher", "Keeper Matcher", "Draft Dowser")
    )
    parts = {
        text[a : a + 14]: text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
    }
    sentinel_part = parts["Sentinel Hashe"]
    assert "3 officers who saved it or keep it in a shortlist will get an email and a notice" in (
        sentinel_part
    )
    assert "1 other officer will get a notice" in sentinel_part
    assert "2 users of the provider will get an email and a notice" in sentinel_part
    keeper_part = parts["Keeper Matcher"]
    assert "2 officers who saved it or keep it in a shortlist" in keeper_part  # both, bystander
    assert "2 other officers will get a notice" in keeper_part
    assert "left as it is: nobody is told" in parts["Draft Dowser ·"]
    assert "nobody is told" not in sentinel_part + keeper_part
    assert not Notice.objects.exists() and not OutboxEmail.objects.exists()


def test_the_reinstate_action_leaves_tools_that_are_not_suspended(staff_client, sentinel):
    response = staff_client.post(
        TOOLS,
        {"action": "reinstate", "_selected_action": [sentinel.pk], "confirm": "yes",
         "reason": "Back."},
        follow=True,
    )  # fmt: skip
    assert "does not apply to their status" in response.content.decode()
    sentinel.refresh_from_db()
    assert sentinel.status == Tool.Status.PUBLISHED
    assert not ToolDecision.objects.exists()


def test_the_tool_page_in_the_admin_shows_the_decisions(staff_client, staff, sentinel):
    suspend(sentinel, staff)
    html = staff_client.get(
        reverse("admin:tools_catalog_tool_change", args=[sentinel.pk])
    ).content.decode()
    assert REASON in html and SUMMARY in html and "Suspended" in html
    assert (
        staff_client.get(reverse("admin:tools_catalog_tooldecision_changelist")).status_code == 200
    )
