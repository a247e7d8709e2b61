"""Concerns about tools: officers report them from the tool page, staff triage them in the admin,
the reporter follows each status, and the provider never learns who reported."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from hub.models import AuditEvent, Notice, OutboxEmail, User
from safety.concerns import concern_status_set
from tests.factories import make_officer, make_organisation, make_provider, make_staff
from tests.wizard.wizard_factories import make_wizard_tool, signed_in
from tools_catalog.forms import ConcernForm
from tools_catalog.models import Concern, Tool, ToolDecision
from tools_catalog.selectors import concerns_of_reporter

from .removal_factories import GUIDANCE, REASON, SUMMARY, report

CONCERNS = reverse("admin:tools_catalog_concern_changelist")
TOOLS = reverse("admin:tools_catalog_tool_changelist")
DESCRIPTION = "It flags far more images of darker-skinned children as abuse material."


@pytest.fixture
def provider_org(db):
    return make_organisation(name="Sentinel Labs")


@pytest.fixture
def tool(provider_org):
    return make_wizard_tool("Sentinel Hasher", provider=provider_org, purposes=["hash-matching"])


@pytest.fixture
def reporter(db):
    return make_officer("olga.reporter@police.example", name="Olga Reporter", language="fr")


@pytest.fixture
def staff(db):
    return make_staff(name="Sky Staff")


def _concern_url(tool: Tool) -> str:
    return reverse("tools:concern_new", args=[tool.slug])


# Reporting -------------------------------------------------------------------------------------------


def test_an_officer_reports_a_concern_from_the_tool_page(reporter, tool):
    client = signed_in(reporter)
    page = client.get(tool.get_absolute_url()).content.decode()
    assert f'href="{_concern_url(tool)}"' in page

    form = client.get(_concern_url(tool))
    assert form.status_code == 200
    response = client.post(
        _concern_url(tool),
        {
            "category": "ethical",
            "description": DESCRIPTION,
            "evidence_links": "https://news.example/story\nhttp://study.example/paper.pdf",
        },
    )

    assert response.status_code == 302 and response["Location"] == reverse("tools:my_concerns")
    concern = Concern.objects.get()
    assert (concern.tool, concern.reporter, concern.category) == (tool, reporter, "ethical")
    assert concern.description == DESCRIPTION
    assert concern.evidence_links == [
        "https://news.example/story",
        "http://study.example/paper.pdf",
    ]
    assert concern.status == Concern.Status.RECEIVED
    event = AuditEvent.objects.get(event=AuditEvent.Event.CONCERN)
    assert event.actor == reporter and event.details["change"] == "reported"
    mine = client.get(reverse("tools:my_concerns")).content.decode()
    assert "Sentinel Hasher" in mine and "Received" in mine and "Ethical" in mine


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_lost(reporter, tool):
    client = signed_in(reporter)
    response = client.post(
        _concern_url(tool),
        {
            "description": DESCRIPTION,
            "evidence_links": "https://news.example/ok\njavascript:alert(1)\nftp://files.example/x",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"category", "evidence_links"}
    assert "javascript:alert(1), ftp://files.example/x" in form.errors["evidence_links"][0]
    html = response.content.decode()
    assert 'id="id_evidence_links_error"' in html and 'id="id_category_error"' in html
    assert "darker-skinned children" in html and "ftp://files.example/x" in html
    assert not Concern.objects.exists()


def test_at_most_five_evidence_links():
    links = "\n".join(f"https://example.org/{n}" for n in range(6))
    form = ConcernForm({"category": "other", "description": "x", "evidence_links": links})
    assert not form.is_valid() and "at most 5 links" in form.errors["evidence_links"][0]
    five = "\n".join(f"https://example.org/{n}" for n in range(5))
    assert ConcernForm({"category": "other", "description": "x", "evidence_links": five}).is_valid()


def test_the_form_offers_every_kind_of_concern():
    offered = {value for value, _label in ConcernForm().fields["category"].choices}
    assert offered == set(Concern.Category.values)


def test_no_concern_on_a_tool_officers_cannot_see(reporter, staff):
    draft = make_wizard_tool("Draft Tool", status="draft")
    client = signed_in(reporter)
    assert client.get(_concern_url(draft)).status_code == 404
    response = client.post(_concern_url(draft), {"category": "other", "description": "x"})
    assert response.status_code == 404
    assert not Concern.objects.exists()


def test_my_concerns_lists_only_my_own_with_status_and_never_staff_notes(reporter, tool, staff):
    mine = report(tool, reporter)
    Concern.objects.filter(pk=mine.pk).update(
        staff_notes="Asked the vendor; Pat is checking the test set.", assignee=staff
    )
    other = make_officer(name="Someone Else")
    report(tool, other, description="A different officer's worry about it.")

    html = signed_in(reporter).get(reverse("tools:my_concerns")).content.decode()

    assert html.count('class="concern-item"') == 1
    assert f'id="concern-{mine.pk}"' in html
    assert "Pat is checking" not in html and "Sky Staff" not in html
    assert "worry" not in html
    assert list(concerns_of_reporter(reporter)) == [mine]


def test_my_concerns_is_paginated(reporter, tool):
    for _n in range(21):
        report(tool, reporter)
    client = signed_in(reporter)
    first = client.get(reverse("tools:my_concerns")).content.decode()
    second = client.get(reverse("tools:my_concerns"), {"page": 2}).content.decode()
    assert first.count('class="concern-item"') == 20
    assert second.count('class="concern-item"') == 1


def test_the_include_for_the_profile_page_renders_a_list(reporter, tool):
    report(tool, reporter)
    html = render_to_string(
        "tools_catalog/includes/my_concerns.html", {"concerns": concerns_of_reporter(reporter)}
    )
    assert "Sentinel Hasher" in html and "Received" in html
    assert "not reported any concern" in render_to_string(
        "tools_catalog/includes/my_concerns.html", {"concerns": []}
    )


def test_a_members_reports_stay_when_their_account_is_deleted(reporter, tool):
    concern = report(tool, reporter)
    User.objects.filter(pk=reporter.pk).delete()
    concern.refresh_from_db()
    assert concern.reporter is None and concern.description


# Triage in the admin ------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(staff):
    return signed_in(staff)


def _change(staff_client, concern, **data):
    values = {"status": concern.status, "assignee": "", "staff_notes": ""} | data
    return staff_client.post(
        reverse("admin:tools_catalog_concern_change", args=[concern.pk]), values
    )


def test_a_status_change_tells_the_reporter_by_email_and_notice(
    staff_client, staff, reporter, tool, django_capture_on_commit_callbacks
):
    concern = report(tool, reporter)
    before = concern.status_changed_at

    with django_capture_on_commit_callbacks(execute=True):
        response = _change(
            staff_client, concern, status="under_review", assignee=staff.pk,
            staff_notes="Ask the vendor for the test set.",
        )  # fmt: skip

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == "under_review" and concern.assignee == staff
    assert concern.staff_notes == "Ask the vendor for the test set."
    assert concern.status_changed_at > before
    email = OutboxEmail.objects.get(recipient=reporter)
    assert email.template == "concern_status" and email.language == "fr"
    assert [message.to for message in mail.outbox] == [[reporter.email]]
    assert "Ask the vendor" not in mail.outbox[0].body  # staff notes stay with staff
    notice = Notice.objects.get(user=reporter)
    assert "Sentinel Hasher" in notice.title and notice.link == reverse("tools:my_concerns")
    event = AuditEvent.objects.get(event=AuditEvent.Event.CONCERN, details__change="status")
    assert event.actor == staff
    assert (event.details["previous"], event.details["status"]) == ("received", "under_review")
    # The reporter sees it on their page.
    html = signed_in(reporter).get(reverse("tools:my_concerns")).content.decode()
    assert "Under review" in html

    # Notes alone tell nobody anything; each later change is told once more.
    _change(staff_client, concern, status="under_review", staff_notes="Vendor answered.")
    assert OutboxEmail.objects.filter(recipient=reporter).count() == 1
    _change(staff_client, concern, status="substantiated")
    _change(staff_client, concern, status="under_review")
    assert OutboxEmail.objects.filter(recipient=reporter).count() == 3
    assert Notice.objects.filter(user=reporter).count() == 3


def test_the_concern_list_filters_and_searches(staff_client, reporter, tool, staff):
    ethical = report(tool, reporter)
    legal = report(tool, reporter, category="legal", description="Keeps data for ten years.")
    Concern.objects.filter(pk=legal.pk).update(status="under_review", assignee=staff)

    def shown(**query) -> set[int]:
        response = staff_client.get(CONCERNS, query)
        assert response.status_code == 200
        return {concern.pk for concern in response.context["cl"].result_list}

    assert shown() == {ethical.pk, legal.pk}
    assert shown(status__exact="under_review") == {legal.pk}
    assert shown(category__exact="ethical") == {ethical.pk}
    assert shown(assignee__id__exact=staff.pk) == {legal.pk}
    assert shown(q="ten years") == {legal.pk}


def test_staff_file_a_concern_in_the_admin(staff_client, staff, tool):
    response = staff_client.post(
        reverse("admin:tools_catalog_concern_add"),
        {"tool": tool.pk, "category": "security", "description": "Open admin port on the demo.",
         "evidence_links": "https://scan.example/report"},
    )  # fmt: skip

    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.reporter, concern.category) == (staff, "security")
    assert concern.evidence_links == ["https://scan.example/report"]
    assert AuditEvent.objects.filter(event=AuditEvent.Event.CONCERN, actor=staff).exists()


def test_a_substantiated_concern_leads_to_a_decision_on_its_tool(
    staff_client, staff, reporter, tool
):
    concern = report(tool, reporter)
    page = reverse("admin:tools_catalog_concern_change", args=[concern.pk])
    assert 'id="tool-decide"' not in staff_client.get(page).content.decode()
    _change(staff_client, concern, status="substantiated")

    html = staff_client.get(page).content.decode()
    assert 'id="tool-decide"' in html
    buttons = set(
        re.findall(r'name="action" value="(\w+)"', html[html.index('id="tool-decide"') :])
    )
    assert buttons == {"suspend", "remove"}  # reinstate applies only to a suspended tool

    ask = staff_client.post(
        TOOLS, {"action": "remove", "_selected_action": [tool.pk], "concern": concern.pk}
    )
    assert ask.status_code == 200 and f'name="concern" value="{concern.pk}"' in ask.content.decode()
    done = staff_client.post(
        TOOLS,
        {"action": "remove", "_selected_action": [tool.pk], "concern": concern.pk,
         "confirm": "yes", "reason": REASON, "summary": SUMMARY, "guidance": GUIDANCE},
    )  # fmt: skip

    assert done.status_code == 302 and done["Location"] == page
    decision = ToolDecision.objects.get()
    assert decision.concern == concern and decision.action == "remove"
    tool.refresh_from_db()
    assert tool.status == Tool.Status.REMOVED
    assert SUMMARY in staff_client.get(page).content.decode()


# The provider never learns who reported --------------------------------------------------------------


def test_the_provider_never_sees_who_reported(
    staff_client, staff, reporter, tool, provider_org, django_capture_on_commit_callbacks
):
    provider = make_provider(organisation=provider_org)
    concern = report(tool, reporter)
    _change(staff_client, concern, status="substantiated")
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            TOOLS,
            {"action": "suspend", "_selected_action": [tool.pk], "concern": concern.pk,
             "confirm": "yes", "reason": REASON, "summary": SUMMARY, "guidance": GUIDANCE},
        )  # fmt: skip

    to_provider = [message for message in mail.outbox if message.to == [provider.email]]
    assert len(to_provider) == 1
    portal = signed_in(provider).get(reverse("provider:tool", args=[tool.pk]))
    assert portal.status_code == 200
    notices = signed_in(provider).get(reverse("notices")).content.decode()
    seen_by_provider = [
        to_provider[0].subject,
        to_provider[0].body,
        to_provider[0].alternatives[0][0],
        portal.content.decode(),
        notices,
    ]
    for text in seen_by_provider:
        for secret in ("Olga", "Reporter", reporter.email, DESCRIPTION, REASON):
            assert secret not in text
    # The provider cannot open concerns or the officers' pages about them either.
    provider_client = signed_in(provider)
    assert provider_client.get(reverse("tools:my_concerns")).status_code == 404
    assert provider_client.get(reverse("tools:removed")).status_code == 404
    assert provider_client.get(_concern_url(tool)).status_code == 404
    admin_page = reverse("admin:tools_catalog_concern_change", args=[concern.pk])
    assert provider_client.get(admin_page).status_code == 302  # to the admin login: not staff


def test_when_nothing_changes_nobody_is_told(staff, reporter, tool):
    concern = report(tool, reporter)
    assert concern_status_set(concern=concern, status="received", by=staff) is False
    assert not OutboxEmail.objects.exists() and not Notice.objects.exists()
    assert not AuditEvent.objects.filter(details__change="status").exists()


def test_no_tool_can_take_the_address_of_a_catalogue_page(provider_org):
    from django.core.exceptions import ValidationError

    from hub.models import Role, User
    from questionnaires.services import tool_draft_create

    for word in ("concerns", "removed", "mine", "compare"):
        tool = Tool(name=word.title(), slug=word)
        with pytest.raises(ValidationError) as raised:
            tool.clean_fields(exclude=[f.name for f in Tool._meta.fields if f.name != "slug"])
        assert "address of another page" in str(raised.value)
    provider = User.objects.filter(organisation=provider_org, role=Role.PROVIDER).first()
    provider = provider or make_provider(organisation=provider_org)
    revision = tool_draft_create(organisation=provider_org, name="Removed", by=provider)
    assert revision.tool.slug == "removed-tool"
