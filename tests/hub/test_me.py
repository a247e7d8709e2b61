"""The "Your data" page: who the hub thinks you are, what you agreed to, and the way to your data."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hub.models import Consent, Page
from tests.community.factories import make_listed_officer
from tests.factories import login_verified, make_applicant, make_officer, make_provider

ME = reverse("me")


@pytest.fixture
def officer(public_pages):
    return make_officer("olu@police.example", name="Olu Officer", agency="Example Police")


def page_of(client) -> str:
    response = client.get(ME)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_profile_and_what_the_member_agreed_to(officer):
    page = page_of(login_verified(Client(), officer))

    assert len(re.findall(r"<h1[ >]", page)) == 1
    assert "Olu Officer" in page and "olu@police.example" in page
    assert "Law-enforcement officer" in page and "Approved" in page
    for consent in Consent.objects.filter(user=officer).select_related("page_version__page"):
        assert f'<a href="{reverse(consent.page_version.page.slug)}">' in page
        assert f"<td>{consent.page_version.version}</td>" in page
    assert "You are not listed in the officer directory" in page
    assert reverse("community:profile") in page
    assert reverse("me_export") in page and reverse("me_delete") in page


def test_the_directory_consent_is_shown_with_its_date(public_pages):
    user, profile = make_listed_officer()

    page = page_of(login_verified(Client(), user))

    assert "You agreed on" in page and "to be listed in the officer directory" in page


def test_the_member_chooses_the_language_of_their_emails(officer):
    client = login_verified(Client(), officer)

    response = client.post(ME, {"language": "fr"})

    assert response["Location"] == ME
    officer.refresh_from_db()
    assert officer.language == "fr"
    bad = client.post(ME, {"language": "xx"})
    assert 'id="id_language_error"' in bad.content.decode()
    officer.refresh_from_db()
    assert officer.language == "fr"


def test_a_provider_sees_their_organisation_and_no_directory(public_pages):
    provider = make_provider()

    page = page_of(login_verified(Client(), provider))

    assert provider.organisation.name in page
    assert "officer directory" not in page


def test_an_applicant_reaches_their_data_from_the_menu(public_pages):
    client = Client()
    client.force_login(make_applicant())

    status_page = client.get(reverse("application_status")).content.decode()

    assert f'href="{ME}"' in status_page
    assert reverse("me_delete") in page_of(client)


def test_verified_members_find_the_page_in_the_menu(officer):
    home = login_verified(Client(), officer).get(reverse("home")).content.decode()

    assert f'<a href="{ME}">' in home


def test_a_new_version_to_accept_is_pointed_out(officer):
    terms = Page.objects.get(slug=Page.Slug.TERMS)
    Consent.objects.filter(user=officer, page_version__page=terms).delete()
    client = login_verified(Client(), officer)

    page = page_of(client)  # /me/ stays open, and says what is missing

    assert reverse("me_consents") in page


def test_an_officer_sees_their_own_concerns_and_their_status_on_the_page(officer):
    from tests.factories import make_tool
    from tests.safety.removal_factories import report
    from tools_catalog.models import Concern

    tool = make_tool("Scan Assist")
    other_tool = make_tool("Other Assist")
    mine = report(tool, officer)
    Concern.objects.filter(pk=mine.pk).update(status=Concern.Status.UNDER_REVIEW)
    report(other_tool, make_officer("someone@police.example"))

    page = page_of(login_verified(Client(), officer))

    assert "Your concerns about tools" in page
    assert "Scan Assist" in page and "Under review" in page
    assert "Other Assist" not in page  # someone else's report
