"""The audit log in admin: filters by event, actor, target and period; CSV export; nobody deletes."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from hub.audit.admin import AuditEventAdmin
from hub.models import AuditEvent, User
from tests.factories import login_verified, make_officer, make_staff, make_tool

pytestmark = pytest.mark.django_db

LOG = reverse("admin:hub_auditevent_changelist")
EXPORT = reverse("admin:hub_auditevent_export")
Event = AuditEvent.Event


@pytest.fixture
def staff(db) -> User:
    return make_staff("auditor@hub.example", name="Ada Auditor")


@pytest.fixture
def staff_client(client, staff) -> Client:
    return login_verified(client, staff)


def entry(event: str, *, actor=None, target=None, at: datetime, **details) -> AuditEvent:
    return AuditEvent.objects.create(
        at=at,
        event=event,
        actor=actor,
        actor_label=str(actor) if actor else "",
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target) if target is not None else "",
        details=details,
    )


@pytest.fixture
def log(db) -> dict[str, AuditEvent]:
    """A small log of entries early in 2025, before anything the tests themselves cause."""
    vera = make_staff("vera.vetter@hub.example", name="Vera Vetter")
    lucas = make_officer("lucas.moreau@gendarmerie.example", name="Lucas Moreau")
    tool = make_tool("Hashmatch Pro")
    return {
        "login": entry(Event.LOGIN, actor=lucas, at=datetime(2025, 1, 10, 9, tzinfo=UTC)),
        "vetting": entry(
            Event.VETTING,
            actor=vera,
            target=lucas,
            at=datetime(2025, 2, 5, 14, tzinfo=UTC),
            decision="approve",
        ),
        "removal": entry(
            Event.REMOVAL,
            actor=vera,
            target=tool,
            at=datetime(2025, 3, 1, 23, 30, tzinfo=UTC),
            action="suspend",
        ),
    }


def listed(response) -> set[int]:
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def ids(*entries: AuditEvent) -> set[int]:
    return {e.pk for e in entries}


# Filters --------------------------------------------------------------------------------------------


def test_filter_by_event(staff_client, log):
    assert listed(staff_client.get(LOG, {"event__exact": "vetting"})) == ids(log["vetting"])


def test_filter_by_actor_email_or_id(staff_client, log):
    vera = log["vetting"].actor

    assert listed(staff_client.get(LOG, {"actor": "vera.vetter"})) == ids(
        log["vetting"], log["removal"]
    )
    assert listed(staff_client.get(LOG, {"actor": str(vera.pk)})) == ids(
        log["vetting"], log["removal"]
    )
    assert listed(staff_client.get(LOG, {"actor": "GENDARMERIE"})) == ids(log["login"])


def test_filter_by_target_type_and_target(staff_client, log):
    tool = log["removal"]

    page = staff_client.get(LOG, {"type": "tools_catalog.Tool"})
    assert listed(page) == ids(tool)
    assert listed(staff_client.get(LOG, {"target": "hashmatch"})) == ids(tool)
    assert listed(staff_client.get(LOG, {"target": tool.target_id})) == ids(tool)
    # The target types on offer are those in the log, by their names.
    html = page.content.decode()
    assert "?type=tools_catalog.Tool" in html and ">Tool</a>" in html


def test_filter_by_period_includes_both_days(staff_client, log):
    february = staff_client.get(LOG, {"from": "2025-02-01", "until": "2025-02-28"})
    assert listed(february) == ids(log["vetting"])
    # "Until" includes the whole last day (the removal was at 23:30).
    march_first = staff_client.get(LOG, {"from": "2025-02-06", "until": "2025-03-01"})
    assert listed(march_first) == ids(log["removal"])
    assert listed(staff_client.get(LOG, {"until": "2025-01-31"})) == ids(log["login"])


def test_filter_by_date_hierarchy(staff_client, log):
    assert listed(staff_client.get(LOG, {"at__year": "2025", "at__month": "3"})) == ids(
        log["removal"]
    )


def test_filters_combine_and_each_form_keeps_the_others(staff_client, log):
    response = staff_client.get(LOG, {"actor": "vera", "event__exact": "removal", "q": "hash"})

    assert listed(response) == ids(log["removal"])
    html = response.content.decode()
    # The period form sends the other filters and the search along with the dates.
    assert '<input type="hidden" name="event__exact" value="removal">' in html
    assert '<input type="hidden" name="q" value="hash">' in html
    assert '<input type="search" id="filter-actor" name="actor" value="vera">' in html


def test_a_date_that_is_not_a_date_is_ignored_with_a_message(staff_client, log):
    response = staff_client.get(LOG, {"from": "last tuesday"})

    assert ids(*log.values()) <= listed(response)
    messages = [str(message) for message in response.context["messages"]]
    assert any("“last tuesday” is not a date" in message for message in messages)


# Export ---------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_export_holds_the_filtered_list_and_is_itself_logged(staff_client, staff, log):
    response = staff_client.post(f"{EXPORT}?actor=vera&o=1")

    header, *rows = read_csv(response)
    assert header == [
        "When (UTC)",
        "Event code",
        "Event",
        "Actor id",
        "Actor",
        "Target type",
        "Target id",
        "Target",
        "IP address",
        "Details",
    ]
    removal, vetting = log["removal"], log["vetting"]
    assert rows == [
        [
            "2025-03-01T23:30:00+00:00",
            "removal",
            "Tool suspended, removed or reinstated",
            str(removal.actor_id),
            "vera.vetter@hub.example",
            "tools_catalog.Tool",
            removal.target_id,
            "Hashmatch Pro",
            "",
            '{"action": "suspend"}',
        ],
        [
            "2025-02-05T14:00:00+00:00",
            "vetting",
            "Vetting decision",
            str(vetting.actor_id),
            "vera.vetter@hub.example",
            "hub.User",
            vetting.target_id,
            "lucas.moreau@gendarmerie.example",
            "",
            '{"decision": "approve"}',
        ],
    ]
    export = AuditEvent.objects.get(event=Event.AUDIT_EXPORT)
    assert export.actor == staff
    assert export.details == {"filters": "actor=vera&o=1", "entries": 2}


def test_export_without_filters_holds_everything_but_its_own_entry(staff_client, log):
    before = AuditEvent.objects.count()

    _header, *rows = read_csv(staff_client.post(EXPORT))

    assert len(rows) == before
    assert "audit_export" not in {row[1] for row in rows}
    assert AuditEvent.objects.count() == before + 1


def test_export_cannot_smuggle_a_formula_into_a_spreadsheet(staff_client, staff):
    entry(Event.MODERATION, actor=staff, at=datetime(2025, 5, 1, tzinfo=UTC))
    AuditEvent.objects.filter(event=Event.MODERATION).update(
        target_label='=HYPERLINK("http://evil.example","open")', target_id="-1"
    )

    _header, row = read_csv(staff_client.post(f"{EXPORT}?event__exact=moderation"))

    assert row[7] == '\'=HYPERLINK("http://evil.example","open")'
    assert row[6] == "'-1"


def test_export_streams_a_large_log_in_chunks(staff_client, staff, monkeypatch):
    AuditEvent.objects.bulk_create(
        AuditEvent(event=Event.LOGIN_FAILED, actor_label=f"guess{i}@example.org", details={"n": i})
        for i in range(450)
    )
    monkeypatch.setattr(AuditEventAdmin, "csv_chunk", 100)

    _header, *rows = read_csv(staff_client.post(f"{EXPORT}?event__exact=login_failed"))

    assert len(rows) == 450
    assert {json.loads(row[9])["n"] for row in rows} == set(range(450))


def test_the_list_offers_the_export_as_a_form_with_the_current_filters(staff_client, log):
    html = staff_client.get(LOG, {"event__exact": "vetting"}).content.decode()

    assert f'<form method="post" action="{EXPORT}?event__exact=vetting"' in html


def test_export_is_a_post_and_for_staff_only(staff_client, client, log):
    assert staff_client.get(EXPORT).status_code == 405

    officer = login_verified(Client(), make_officer())
    response = officer.post(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not AuditEvent.objects.filter(event=Event.AUDIT_EXPORT).exists()


# Read only ------------------------------------------------------------------------------------------


def test_nobody_deletes_or_changes_the_log_not_even_a_superuser(staff_client, staff, log):
    assert staff.is_superuser
    target = log["vetting"]

    page = staff_client.get(LOG)
    assert "delete_selected" not in page.content.decode()
    assert page.context["cl"].model_admin.get_actions(page.wsgi_request) == {}

    delete_url = reverse("admin:hub_auditevent_delete", args=[target.pk])
    assert staff_client.get(delete_url).status_code == 403
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = staff_client.post(
        LOG, {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=target.pk).exists()

    assert staff_client.get(reverse("admin:hub_auditevent_add")).status_code == 403
    change_url = reverse("admin:hub_auditevent_change", args=[target.pk])
    view = staff_client.get(change_url)
    assert view.status_code == 200 and not view.context["has_change_permission"]
    staff_client.post(change_url, {"event": "login", "actor_label": "someone else"})
    target.refresh_from_db()
    assert (target.event, target.actor_label) == ("vetting", "vera.vetter@hub.example")
