"""Staff vetting in Django admin: the queue, the evidence page, decisions in bulk, and the records."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.models import (
    AgencyDomain,
    AuditEvent,
    OfficerApplication,
    OutboxEmail,
    Status,
    User,
    VettingDecision,
)
from tests.factories import (
    login_verified,
    make_applicant,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
)

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:hub_officerapplication_changelist")
ORGANISATIONS = reverse("admin:hub_organisation_changelist")
USERS = reverse("admin:hub_user_changelist")


@pytest.fixture
def staff():
    return make_staff("vetter@hub.example", name="Vera Vetter")


@pytest.fixture
def staff_client(client, staff):
    return login_verified(client, staff)


def evidence_url(user: User) -> str:
    return reverse("admin:hub_officerapplication_change", args=[user.application.pk])


def listed(response) -> set[int]:
    """Primary keys of the rows the change list shows."""
    return {obj.pk for obj in response.context["cl"].result_list}


def act(client, url: str, action: str, objects, **data):
    """Run an admin action on the selected rows, as the change list's action bar does."""
    payload = {"action": action, "index": "0", "_selected_action": [obj.pk for obj in objects]}
    return client.post(url, payload | data)


def confirm(client, url: str, action: str, objects, **data):
    """Answer an action's intermediate page (the reason or message form)."""
    payload = {"action": action, "confirm": "yes", "_selected_action": [obj.pk for obj in objects]}
    return client.post(url, payload | data)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# The queue ------------------------------------------------------------------------------------------


def test_queue_shows_each_application_with_its_vetting_hints(staff_client):
    AgencyDomain.objects.create(domain="gendarmerie.example", agency="Gendarmerie nationale")
    matching = make_applicant(
        "lucas@cyber.gendarmerie.example", name="Lucas Moreau", agency="Gendarmerie", country="FR"
    )
    unverified = make_applicant(
        "ama@mail.example", name="Ama Mensah", agency="Ghana Police", country="GH",
        email_verified=False,
    )  # fmt: skip

    response = staff_client.get(QUEUE)

    assert response.status_code == 200
    rows = {row.pk: row for row in response.context["cl"].result_list}
    assert set(rows) == {matching.application.pk, unverified.application.pk}
    assert rows[matching.application.pk].email_verified is True
    assert rows[unverified.application.pk].email_verified is False
    page = response.content.decode()
    for text in ["Lucas Moreau", "lucas@cyber.gendarmerie.example", "Ghana Police", "Ghana"]:
        assert text in page
    assert "Europe" in page and "Africa" in page
    assert "✓ matches Gendarmerie nationale" in page
    assert "Waiting for review" in page
    assert "2 officer applications" in page


def test_queue_filters(staff_client):
    AgencyDomain.objects.create(domain="police.example", agency="Example Police")
    french = make_applicant("a@police.example", country="FR", languages=["fr"])
    senegalese = make_applicant("b@mail.example", country="SN", status=Status.MORE_INFO)
    brazilian = make_applicant("c@notpolice.example", country="BR", email_verified=False)
    all_three = {french.application.pk, senegalese.application.pk, brazilian.application.pk}

    def shown(query: str) -> set[int]:
        response = staff_client.get(f"{QUEUE}?{query}")
        assert response.status_code == 200, query
        return listed(response)

    assert shown("") == all_three
    assert shown("user__status__exact=more_info") == {senegalese.application.pk}
    assert shown("country=BR") == {brazilian.application.pk}
    assert shown("region=002") == {senegalese.application.pk}  # Africa
    assert shown("region=150") == {french.application.pk}  # Europe
    assert shown("region=019") == {brazilian.application.pk}  # Americas
    # "notpolice.example" is not a subdomain of "police.example".
    assert shown("domain_match=yes") == {french.application.pk}
    assert shown("domain_match=no") == {senegalese.application.pk, brazilian.application.pk}
    assert shown("verified=no") == {brazilian.application.pk}
    assert shown("language=fr") == {french.application.pk}
    assert shown("q=b%40mail.example") == {senegalese.application.pk}
    assert shown("q=supervisor%40police.example") == all_three


def test_queue_costs_the_same_queries_for_many_rows(staff_client):
    AgencyDomain.objects.create(domain="police.example", agency="Example Police")
    for _ in range(3):
        make_applicant()
    staff_client.get(QUEUE)  # the first request of a session does one-off work
    with CaptureQueriesContext(connection) as few:
        staff_client.get(QUEUE)
    for _ in range(30):
        make_applicant()
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(QUEUE)
    assert len(listed(response)) == 33
    assert len(many) == len(few)


# The evidence page ----------------------------------------------------------------------------------


def test_evidence_page_shows_everything_and_edits_nothing(staff_client, staff):
    AgencyDomain.objects.create(domain="police-senegal.example", agency="Police nationale")
    applicant = make_applicant(
        "amina@police-senegal.example",
        name="Amina Diallo",
        agency="Police nationale du Sénégal",
        unit="Online child protection unit",
        country="SN",
        position="Investigator",
        areas_of_work="Victim identification",
        verifier_name="Moussa Ndiaye",
        verifier_email="m.ndiaye@police-senegal.example",
        intended_use="Offline triage tools.",
        language="fr",
    )
    VettingDecision.objects.create(
        user=applicant, action="ask", message="Which unit exactly?", decided_by=staff
    )
    VettingDecision.objects.create(user=applicant, action="answer", message="The OCP unit.")
    newest = VettingDecision.objects.order_by("-decided_at").first()

    response = staff_client.get(evidence_url(applicant))

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Amina Diallo",
        "amina@police-senegal.example",
        "Police nationale du Sénégal",
        "Online child protection unit",
        "Senegal",
        "Africa",
        "Investigator",
        "Victim identification",
        "Moussa Ndiaye",
        "m.ndiaye@police-senegal.example",
        "Offline triage tools.",
        "Terms of engagement",
        "Privacy notice",
        "✓ matches Police nationale",
        "Which unit exactly?",
        "Vera Vetter",
        "vetter@hub.example",
        "Asked for more information",
    ]:
        assert text in page, text
    # Newest decision first.
    assert newest.message == "The OCP unit."
    assert page.index("The OCP unit.") < page.index("Which unit exactly?")
    # Consents with their version.
    consents = applicant.consents.select_related("page_version")
    assert {c.page_version.version for c in consents} == {0}
    assert "<td>Terms of engagement</td><td>0</td>" in page
    # Nothing to edit: no form fields for the evidence, no save button.
    for name in ["agency", "unit", "country", "verifier_email", "intended_use", "status"]:
        assert f'name="{name}"' not in page
    assert 'name="_save"' not in page

    before = OfficerApplication.objects.get(pk=applicant.application.pk)
    response = staff_client.post(evidence_url(applicant), {"agency": "Forged agency"})
    assert response.status_code == 403
    assert OfficerApplication.objects.get(pk=before.pk).agency == before.agency


def test_applications_cannot_be_added_or_deleted_in_admin(staff_client):
    applicant = make_applicant()
    assert staff_client.get(reverse("admin:hub_officerapplication_add")).status_code == 403
    delete = reverse("admin:hub_officerapplication_delete", args=[applicant.application.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    act(staff_client, QUEUE, "delete_selected", [applicant.application], post="yes")
    assert OfficerApplication.objects.filter(pk=applicant.application.pk).exists()
    choices = staff_client.get(QUEUE).context["action_form"].fields["action"].choices
    assert [name for name, _label in choices if name] == [
        "approve",
        "reject",
        "ask",
        "suspend",
        "reinstate",
    ]


def test_evidence_page_offers_only_the_decisions_that_apply(staff_client):
    pending = make_applicant()
    approved = make_officer()
    page = staff_client.get(evidence_url(pending)).content.decode()
    assert 'value="approve"' in page and 'value="reject"' in page and 'value="ask"' in page
    assert 'value="suspend"' not in page
    page = staff_client.get(evidence_url(approved)).content.decode()
    assert 'value="suspend"' in page and 'value="approve"' not in page


def test_deciding_from_the_evidence_page_returns_to_it(
    staff_client, django_capture_on_commit_callbacks
):
    applicant = make_applicant()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            QUEUE,
            {
                "action": "approve",
                "_selected_action": [applicant.application.pk],
                "_return": "change",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == evidence_url(applicant)
    applicant.refresh_from_db()
    assert applicant.status == Status.APPROVED


# Decisions ------------------------------------------------------------------------------------------


def test_approve_fifty_at_once(staff_client, staff, django_capture_on_commit_callbacks):
    applicants = [
        make_applicant(language="fr" if number % 5 == 0 else "en") for number in range(50)
    ]
    applications = [user.application for user in applicants]
    page = staff_client.get(QUEUE)
    assert len(listed(page)) == 50  # all on one page, so all can be selected

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = act(staff_client, QUEUE, "approve", applications)

    assert response.status_code == 302
    assert (
        User.objects.filter(pk__in=[u.pk for u in applicants], status=Status.APPROVED).count() == 50
    )
    decisions = VettingDecision.objects.filter(action="approve", decided_by=staff)
    assert decisions.count() == 50
    assert AuditEvent.objects.filter(event=AuditEvent.Event.VETTING, actor=staff).count() == 50
    emails = OutboxEmail.objects.filter(template="vetting_approved")
    assert emails.count() == 50
    assert emails.filter(state=OutboxEmail.State.SENT).count() == 50
    assert {(e.to, e.language) for e in emails} == {(u.email, u.language) for u in applicants}
    assert emails.filter(language="fr").count() == 10
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in applicants)
    # About ten queries a row: savepoint, lock, update, decision, audit, outbox, and the
    # delivery's claim, read and mark-sent; nothing grows beyond that.
    assert len(queries) <= 50 * 11
    follow = staff_client.get(response["Location"])
    assert "Approved: 50 officer applications changed." in messages_of(follow)


def test_reject_without_a_reason_asks_again_and_changes_nothing(staff_client):
    applicant = make_applicant()

    form_page = act(staff_client, QUEUE, "reject", [applicant.application])
    assert form_page.status_code == 200
    assert "admin/hub/decision_form.html" in [t.name for t in form_page.templates]
    assert 'name="message"' in form_page.content.decode()

    response = confirm(staff_client, QUEUE, "reject", [applicant.application], message="   ")

    assert response.status_code == 200
    assert response.context["form"].errors["message"]
    assert "errornote" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == Status.PENDING
    assert not VettingDecision.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_reject_with_a_reason_emails_it(staff_client, django_capture_on_commit_callbacks):
    applicant = make_applicant()
    reason = "We could not confirm your unit with your supervisor."

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(staff_client, QUEUE, "reject", [applicant.application], message=reason)

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == Status.REJECTED
    assert VettingDecision.objects.get(user=applicant).message == reason
    [sent] = mail.outbox
    assert sent.to == [applicant.email]
    assert reason in sent.body


def test_ask_for_more_information_emails_the_question(
    staff_client, django_capture_on_commit_callbacks
):
    applicant = make_applicant()
    question = "Please give us the phone number of your unit's front desk."

    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff_client, QUEUE, "ask", [applicant.application], message=question)

    applicant.refresh_from_db()
    assert applicant.status == Status.MORE_INFO
    [sent] = mail.outbox
    assert sent.to == [applicant.email]
    assert question in sent.body


def test_suspension_ends_the_officers_open_session(
    staff_client, django_capture_on_commit_callbacks
):
    officer = make_officer()
    officer_client = login_verified(Client(), officer)
    assert "_auth_user_id" in officer_client.session

    form_page = act(staff_client, QUEUE, "suspend", [officer.application])
    assert form_page.status_code == 200  # the optional reason
    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff_client, QUEUE, "suspend", [officer.application], message="")

    officer.refresh_from_db()
    assert officer.status == Status.SUSPENDED
    response = officer_client.get("/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("account_login")
    assert "_auth_user_id" not in officer_client.session
    assert AuditEvent.objects.filter(event=AuditEvent.Event.ACCESS_REVOKED, actor=officer).exists()
    assert [m.to for m in mail.outbox] == [[officer.email]]


def test_reinstate(staff_client, django_capture_on_commit_callbacks):
    officer = make_officer(status=Status.SUSPENDED)
    with django_capture_on_commit_callbacks(execute=True):
        act(staff_client, QUEUE, "reinstate", [officer.application])
    officer.refresh_from_db()
    assert officer.status == Status.APPROVED
    assert VettingDecision.objects.get(user=officer).action == "reinstate"
    assert OutboxEmail.objects.get(recipient=officer).template == "vetting_reinstated"


def test_decisions_that_do_not_apply_are_skipped_and_reported(
    staff_client, django_capture_on_commit_callbacks
):
    pending = make_applicant(name="Pending Person")
    approved = make_officer(name="Approved Person")
    rejected = make_applicant(name="Rejected Person", status=Status.REJECTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            staff_client,
            QUEUE,
            "approve",
            [pending.application, approved.application, rejected.application],
        )

    texts = messages_of(staff_client.get(response["Location"]))
    assert "Approved: 1 officer application changed." in texts
    [skipped] = [text for text in texts if "skipped" in text]
    assert skipped.startswith("2 skipped")
    assert "Approved Person" in skipped and "Rejected Person" in skipped
    assert VettingDecision.objects.get().user == pending
    rejected.refresh_from_db()
    assert rejected.status == Status.REJECTED
    assert len(mail.outbox) == 1


def test_a_matching_domain_never_approves_anyone(staff_client):
    applicant = make_applicant("someone@police.example")
    response = staff_client.post(
        reverse("admin:hub_agencydomain_add"),
        {"domain": "@Police.Example ", "agency": "Example Police", "country": "FR"},
    )
    assert response.status_code == 302
    assert AgencyDomain.objects.get().domain == "police.example"

    assert "✓ matches Example Police" in staff_client.get(QUEUE).content.decode()
    staff_client.get(evidence_url(applicant))

    applicant.refresh_from_db()
    assert applicant.status == Status.PENDING
    assert not VettingDecision.objects.exists()
    assert not OutboxEmail.objects.exists()


# Provider organisations -----------------------------------------------------------------------------


def test_organisation_list_and_evidence(staff_client, staff):
    organisation = make_organisation(name="Safer Pixels", status=Status.PENDING, country="KE")
    first = make_provider(
        "founder@saferpixels.example", organisation=organisation, status="pending"
    )
    make_provider("colleague@saferpixels.example", organisation=organisation)
    make_organisation(name="Other Org", country="FR")
    VettingDecision.objects.create(
        organisation=organisation, action="ask", message="Who funds you?", decided_by=staff
    )

    response = staff_client.get(f"{ORGANISATIONS}?region=002")
    assert [(o.name, o.users_count) for o in response.context["cl"].result_list] == [
        ("Safer Pixels", 2)
    ]
    response = staff_client.get(f"{ORGANISATIONS}?q=founder%40saferpixels.example")
    assert listed(response) == {organisation.pk}
    assert listed(staff_client.get(f"{ORGANISATIONS}?status__exact=pending")) == {organisation.pk}

    page = staff_client.get(reverse("admin:hub_organisation_change", args=[organisation.pk]))
    text = page.content.decode()
    for expected in [
        "Safer Pixels",
        "Kenya",
        "Africa",
        first.email,
        "colleague@saferpixels.example",
        "Who funds you?",
        "Vera Vetter",
    ]:
        assert expected in text, expected
    assert 'name="name"' not in text and 'name="_save"' not in text


def test_approving_an_organisation_approves_its_first_user(
    staff_client, django_capture_on_commit_callbacks
):
    organisation = make_organisation(status=Status.PENDING)
    first = make_provider(organisation=organisation, status=Status.PENDING, device=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(staff_client, ORGANISATIONS, "approve", [organisation])

    assert response.status_code == 302
    organisation.refresh_from_db()
    first.refresh_from_db()
    assert organisation.status == Status.APPROVED
    assert first.status == Status.APPROVED
    assert VettingDecision.objects.get(organisation=organisation).action == "approve"
    assert [m.to for m in mail.outbox] == [[first.email]]


def test_rejecting_an_organisation_needs_a_reason(staff_client):
    organisation = make_organisation(status=Status.PENDING)
    response = confirm(staff_client, ORGANISATIONS, "reject", [organisation], message="")
    assert response.status_code == 200
    assert response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.status == Status.PENDING


# Accounts -------------------------------------------------------------------------------------------


def test_user_list_and_status_is_read_only(staff_client):
    officer = make_officer(name="Olu Officer")
    response = staff_client.get(f"{USERS}?role__exact=officer")
    assert listed(response) == {officer.pk}
    assert listed(staff_client.get(f"{USERS}?q=Olu")) == {officer.pk}

    change = reverse("admin:hub_user_change", args=[officer.pk])
    page = staff_client.get(change).content.decode()
    assert 'name="status"' not in page
    assert 'name="name"' in page  # ordinary details stay editable

    staff_client.post(
        change,
        {"email": officer.email, "name": "Olu O.", "language": "en", "status": "suspended",
         "role": "officer", "is_active": "on", "date_joined_0": "2025-01-01",
         "date_joined_1": "00:00:00"},
    )  # fmt: skip
    officer.refresh_from_db()
    assert officer.status == Status.APPROVED


def test_suspend_and_reinstate_from_the_user_list(staff_client, django_capture_on_commit_callbacks):
    provider = make_provider()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff_client, USERS, "suspend", [provider], message="Misuse of the forum.")
    provider.refresh_from_db()
    assert provider.status == Status.SUSPENDED
    assert "Misuse of the forum." in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        act(staff_client, USERS, "reinstate", [provider])
    provider.refresh_from_db()
    assert provider.status == Status.APPROVED


def test_reset_second_factor(staff_client, staff, django_capture_on_commit_callbacks):
    officer = make_officer()
    assert TOTPDevice.objects.filter(user=officer).exists()

    form_page = act(staff_client, USERS, "reset_second_factor", [officer])
    assert form_page.status_code == 200
    assert TOTPDevice.objects.filter(user=officer).exists()  # nothing happens before confirming

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(staff_client, USERS, "reset_second_factor", [officer])

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEvent.objects.filter(
        event=AuditEvent.Event.DEVICES_RESET, actor=staff, target_id=str(officer.pk)
    ).exists()
    assert [m.to for m in mail.outbox] == [[officer.email]]


# Records --------------------------------------------------------------------------------------------


def test_audit_log_is_read_only(staff_client, staff):
    event = AuditEvent.objects.create(
        event=AuditEvent.Event.LOGIN, actor=staff, actor_label=str(staff)
    )

    response = staff_client.get(reverse("admin:hub_auditevent_changelist"))
    assert response.status_code == 200
    assert staff.email in response.content.decode()
    assert staff_client.get(reverse("admin:hub_auditevent_add")).status_code == 403
    change = reverse("admin:hub_auditevent_change", args=[event.pk])
    assert staff_client.get(change).status_code == 200  # viewing is fine
    assert staff_client.post(change, {"event": "logout"}).status_code == 403
    delete = reverse("admin:hub_auditevent_delete", args=[event.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert event.event == AuditEvent.Event.LOGIN


def test_outbox_is_read_only_and_lists_no_bodies(staff_client):
    OutboxEmail.objects.create(
        to="someone@police.example",
        template="vetting_approved",
        language="en",
        subject="Welcome",
        body_text="SECRET-BODY-TEXT",
        body_html="<p>SECRET-BODY-HTML</p>",
    )
    response = staff_client.get(reverse("admin:hub_outboxemail_changelist"))
    page = response.content.decode()
    assert "someone@police.example" in page and "vetting_approved" in page
    assert "SECRET-BODY" not in page
    assert staff_client.get(reverse("admin:hub_outboxemail_add")).status_code == 403


# Who gets in ----------------------------------------------------------------------------------------


def test_a_verified_officer_is_not_shown_the_admin():
    officer = make_officer()
    client = login_verified(Client(), officer)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 404
    response = client.get(QUEUE, follow=True)
    assert response.status_code == 404


def test_staff_without_a_verified_code_are_sent_to_the_code_prompt(client, staff):
    client.force_login(staff)
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("mfa_verify")


def test_rejecting_from_the_evidence_page_comes_back_to_it(
    staff_client, django_capture_on_commit_callbacks
):
    applicant = make_applicant()
    selected = {"_selected_action": [applicant.application.pk], "_return": "change"}
    form_page = staff_client.post(QUEUE, {"action": "reject"} | selected)
    assert form_page.status_code == 200
    assert f'href="{evidence_url(applicant)}"' in form_page.content.decode()  # "Cancel"

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            QUEUE, {"action": "reject", "confirm": "yes", "message": "Not an officer."} | selected
        )

    assert response["Location"] == evidence_url(applicant)
    page = staff_client.get(evidence_url(applicant)).content.decode()
    assert "Not an officer." in page  # now in the decision history
    # The evidence page now offers only what applies to a rejected applicant.
    assert 'value="reinstate"' in page and 'value="approve"' not in page


def test_only_superusers_hand_out_roles_and_permissions(client):
    from django.contrib.auth.models import Permission

    manager = make_staff("manager@hub.example", superuser=False)
    manager.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    officer = make_officer()
    login_verified(client, manager)

    page = client.get(reverse("admin:hub_user_change", args=[officer.pk])).content.decode()

    for name in ["is_superuser", "is_staff", "role", "status", "user_permissions"]:
        assert f'name="{name}"' not in page, name
    assert 'name="name"' in page
    # No permission on applications: the vetting queue stays closed.
    assert client.get(QUEUE).status_code == 403


def test_staff_can_add_an_account(staff_client):
    response = staff_client.post(
        reverse("admin:hub_user_add"),
        {
            "email": "New.Staff@Hub.example",
            "name": "New Staff",
            "role": "staff",
            "language": "en",
            "password1": "A-long-enough-passphrase-42",
            "password2": "A-long-enough-passphrase-42",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.staff@hub.example")  # stored lower-case, as everywhere
    assert user.role == "staff" and user.check_password("A-long-enough-passphrase-42")


def test_staff_record_a_provider_they_researched(client, db):
    from hub.models import AuditEvent, Organisation

    staff = make_staff()
    login_verified(client, staff)

    response = client.post(
        reverse("admin:hub_organisation_add"),
        {
            "name": "Researched Labs",
            "type": "academia",
            "country": "GH",
            "website": "https://researched.example",
            "description": "Found at a conference.",
            "contact_name": "Kofi Mensah",
            "contact_email": "kofi@researched.example",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(name="Researched Labs")
    assert organisation.status == "approved"
    assert not organisation.users.exists()
    assert AuditEvent.objects.filter(event="vetting", target_id=str(organisation.pk)).exists()
