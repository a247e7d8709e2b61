"""Applying to join: officers at /join/, providers at /provider/join/, invited colleagues."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from hub.accounts import services
from hub.models import AuditEvent, Consent, OfficerApplication, Organisation, Status, User
from tests.factories import login_verified, make_applicant, make_provider, make_staff

PASSWORD = "Correct-horse-battery-2026"

OFFICER_FORM = {
    "name": "Nadia Haddad",
    "email": "N.Haddad@Police.example",
    "agency": "Example National Police",
    "unit": "Online child protection unit",
    "country": "JO",
    "position": "Investigator",
    "areas_of_work": "Victim identification",
    "verifier_name": "Omar Khalil",
    "verifier_email": "o.khalil@police.example",
    "intended_use": "Find tools that analyse Arabic chat logs.",
    "languages": ["ar", "en"],
    "other_languages": "Kurdish",
    "gender": "woman",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_terms": "on",
}


@pytest.fixture
def submit(client, public_pages, django_capture_on_commit_callbacks):
    def _submit(url_name: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse(url_name), data)

    return _submit


def test_an_officer_applies_and_gets_a_verification_email(client, submit):
    client.cookies["django_language"] = "ar"
    response = submit("join", OFFICER_FORM)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="n.haddad@police.example")
    assert (user.role, user.status, user.language) == ("officer", Status.PENDING, "ar")
    application = user.application
    assert application.languages == ["ar", "en"]
    assert application.other_languages == "Kurdish"
    assert {c.page_version.page.slug for c in Consent.objects.filter(user=user)} == {
        "terms",
        "privacy",
    }
    assert not EmailAddress.objects.get(user=user).verified
    assert [m.to for m in mail.outbox] == [["n.haddad@police.example"]]
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert AuditEvent.objects.filter(event="application_submitted", actor=user).exists()


def test_bad_input_is_explained_beside_the_field_and_nothing_typed_is_lost(client, submit):
    data = OFFICER_FORM | {"password2": "something-else-entirely", "verifier_email": "not-an-email"}
    response = submit("join", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The two passwords are not the same." in html
    assert 'aria-invalid="true"' in html
    assert 'value="Nadia Haddad"' in html
    assert 'value="Example National Police"' in html
    assert PASSWORD not in html  # passwords are never sent back
    assert not User.objects.exists()


def test_an_email_can_apply_only_once(client, submit):
    make_applicant("n.haddad@police.example")

    response = submit("join", OFFICER_FORM)

    # The answer is every applicant's (tests/hub/test_signup_privacy.py): nobody learns who is a
    # member; the address's owner hears of it by email instead.
    assert response.status_code == 302
    assert "already exists" not in client.get(response["Location"]).content.decode()
    assert User.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["n.haddad@police.example"]]


def test_the_terms_must_be_accepted(client, submit):
    response = submit("join", {k: v for k, v in OFFICER_FORM.items() if k != "accept_terms"})

    assert response.status_code == 200
    assert not OfficerApplication.objects.exists()


def test_a_provider_organisation_and_its_first_user_apply_together(client, submit):
    response = submit(
        "provider_join",
        {
            "name": "Clearwater Labs",
            "type": "company",
            "country": "IN",
            "website": "clearwater.example",
            "description": "Hash matching for hotlines.",
            "user_name": "Ravi Iyer",
            "email": "ravi@clearwater.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Clearwater Labs")
    assert organisation.status == Status.PENDING
    assert organisation.website == "https://clearwater.example"
    user = organisation.users.get()
    assert (user.role, user.status, user.email) == (
        "provider",
        Status.PENDING,
        "ravi@clearwater.example",
    )
    assert len(mail.outbox) == 1

    services.organisation_decide(organisation=organisation, action="approve", by=make_staff())
    user.refresh_from_db()
    assert user.status == Status.APPROVED
    assert user.is_vetted


def test_an_applicant_answers_a_question_from_staff(client, db, django_capture_on_commit_callbacks):
    applicant = make_applicant("asked@police.example")
    staff = make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        services.user_decide(
            user=applicant, action="ask", by=staff, message="Which unit are you in?"
        )
    assert "Which unit are you in?" in mail.outbox[-1].body
    client.force_login(applicant)

    page = client.get(reverse("application_status")).content.decode()
    assert "Which unit are you in?" in page
    response = client.post(reverse("application_status"), {"note": "The cybercrime unit."})

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == Status.PENDING
    assert "The cybercrime unit." in applicant.application.applicant_note


def test_provider_users_invite_a_colleague_who_joins_the_organisation(
    client, public_pages, django_capture_on_commit_callbacks
):
    provider = make_provider("first@labs.example")
    login_verified(client, provider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("provider_users"), {"email": "Second@Labs.example"})
    assert response.status_code == 302
    link = re.search(r"/provider/invitation/[^/\s]+/", mail.outbox[-1].body).group(0)
    client.post(reverse("account_logout"))

    response = client.post(
        link,
        {
            "name": "Second Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
        },
    )

    assert response.status_code == 302
    colleague = User.objects.get(email="second@labs.example")
    assert colleague.organisation == provider.organisation
    assert colleague.is_vetted
    assert client.get(link).status_code == 404  # an invitation works once


def test_an_invitation_from_another_organisation_is_not_shown(client, db):
    provider = make_provider()
    other = make_provider()
    services.invitation_send(organisation=other.organisation, email="x@other.example", by=other)
    login_verified(client, provider)

    page = client.get(reverse("provider_users")).content.decode()

    assert "x@other.example" not in page
    assert other.email not in page


def test_inviting_a_members_address_reveals_nothing_to_the_inviter(
    client, public_pages, django_capture_on_commit_callbacks
):
    make_applicant("taken@agency.example")
    provider = make_provider("first@labs.example")
    login_verified(client, provider)

    pages = []
    for address in ("Taken@Agency.example", "free@labs.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("provider_users"), {"email": address}, follow=True)
        assert response.status_code == 200
        assert "The invitation has been sent." in response.content.decode()
        pages.append(response.content.decode())

    assert "taken@agency.example" in pages[1] and "free@labs.example" in pages[1]  # both pending
    assert "already has an account" not in pages[0]
    # Only the free address gets a link: the member's account cannot be made twice.
    assert [message.to for message in mail.outbox] == [["free@labs.example"]]
    assert User.objects.filter(email="taken@agency.example").count() == 1


def test_an_invitation_whose_address_applied_meanwhile_is_refused_without_an_error(
    client, public_pages, django_capture_on_commit_callbacks
):
    provider = make_provider("first@labs.example")
    login_verified(client, provider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("provider_users"), {"email": "second@labs.example"})
    link = re.search(r"/provider/invitation/[^/\s]+/", mail.outbox[-1].body).group(0)
    client.post(reverse("account_logout"))
    make_applicant("second@labs.example")  # the colleague applied on their own meanwhile

    response = client.post(
        link,
        {
            "name": "Second Person",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "already has an account" in response.content.decode()
    assert User.objects.filter(email="second@labs.example").count() == 1
