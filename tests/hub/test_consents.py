"""New terms of engagement or a new privacy notice: members read what changed and accept it at their
next login, before anything else; the acceptance is recorded with the version and the time."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.models import AuditEvent, Consent, Page, PageVersion
from tests.factories import login_verified, make_applicant, make_officer, make_provider, make_staff

CATALOGUE = reverse("tools:catalogue")


@pytest.fixture
def officer(public_pages):
    return make_officer(name="Olu Officer")


def publish(slug: str, *, summary: str = "We now keep exports for two days.") -> PageVersion:
    page = Page.objects.get(slug=slug)
    number = page.versions.order_by("-version").first().version + 1
    return PageVersion.objects.create(
        page=page,
        version=number,
        title=f"{page.get_slug_display()}, version {number}",
        summary=summary,
        body="<p>The whole text.</p>",
        published_at=timezone.now(),
    )


def consent_page(next_path: str) -> str:
    return reverse("me_consents") + "?" + urlencode({"next": next_path})


def test_members_who_accepted_the_current_versions_go_about_their_business(officer):
    client = login_verified(Client(), officer)

    assert client.get(CATALOGUE).status_code == 200
    assert client.get(reverse("me_consents"))["Location"] == reverse("me")


def test_new_terms_are_asked_for_at_the_next_login_before_anything_else(officer):
    new_terms = publish(Page.Slug.TERMS, summary="Providers may now answer concerns.")
    client = login_verified(Client(), officer)

    response = client.get(CATALOGUE)

    assert response.status_code == 302
    assert response["Location"] == consent_page(CATALOGUE)
    page = client.get(response["Location"]).content.decode()
    assert new_terms.title in page
    assert "Providers may now answer concerns." in page
    assert f'href="{reverse("terms")}"' in page  # the full text
    assert "Privacy notice, version" not in page  # only what changed is asked for


def test_accepting_records_the_version_and_goes_on_where_the_member_was(officer):
    new_terms = publish(Page.Slug.TERMS)
    new_notice = publish(Page.Slug.PRIVACY)
    client = login_verified(Client(), officer)

    response = client.post(reverse("me_consents"), {"accept": "on", "next": CATALOGUE})

    assert response["Location"] == CATALOGUE
    accepted = set(Consent.objects.filter(user=officer).values_list("page_version", flat=True))
    assert {new_terms.pk, new_notice.pk} <= accepted
    audited = AuditEvent.objects.filter(event=AuditEvent.Event.CONSENT, actor=officer)
    assert sorted(audited.values_list("details__page", "details__version")) == [
        ("privacy", new_notice.version),
        ("terms", new_terms.version),
    ]
    assert client.get(CATALOGUE).status_code == 200
    me = client.get(reverse("me")).content.decode()
    assert f"<td>{new_terms.version}</td>" in me


def test_without_ticking_the_box_nothing_is_recorded(officer):
    publish(Page.Slug.PRIVACY)
    client = login_verified(Client(), officer)

    response = client.post(reverse("me_consents"), {"next": CATALOGUE})

    assert response.status_code == 200
    assert 'id="id_accept_error"' in response.content.decode()
    assert not AuditEvent.objects.filter(event=AuditEvent.Event.CONSENT).exists()
    assert client.get(CATALOGUE).status_code == 302


@pytest.mark.parametrize(
    "name", ["me", "me_delete", "home", "about", "terms", "privacy", "account_logout"]
)
def test_public_pages_logout_and_the_member_s_own_data_stay_open(officer, name):
    publish(Page.Slug.TERMS)
    client = login_verified(Client(), officer)

    response = client.get(reverse(name))

    assert response.status_code == 200


def test_a_later_version_published_during_a_session_is_asked_for_at_the_next_login(officer):
    client = login_verified(Client(), officer)
    assert client.get(CATALOGUE).status_code == 200  # checked once, then trusted for minutes
    publish(Page.Slug.TERMS)

    assert client.get(CATALOGUE).status_code == 200
    assert login_verified(Client(), officer).get(CATALOGUE).status_code == 302


def test_providers_and_applicants_are_asked_too_and_staff_are_not(public_pages):
    provider = login_verified(Client(), make_provider())
    applicant = Client()
    applicant.force_login(make_applicant())
    staff = login_verified(Client(), make_staff())
    publish(Page.Slug.PRIVACY)

    provider_portal = reverse("provider:dashboard")
    assert provider.get(provider_portal)["Location"] == consent_page(provider_portal)
    status = reverse("application_status")
    assert applicant.get(status)["Location"] == consent_page(status)
    assert staff.get(CATALOGUE).status_code == 200


def test_a_member_who_never_accepted_is_asked(public_pages):
    officer = make_officer(consents=False)
    client = login_verified(Client(), officer)

    assert client.get(CATALOGUE)["Location"] == consent_page(CATALOGUE)
