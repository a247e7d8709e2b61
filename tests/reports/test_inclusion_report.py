"""The staff inclusion report: members, gender, applications and tools by region, and the gaps."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from hub.models import Status
from tests.factories import (
    login_verified,
    make_applicant,
    make_officer,
    make_organisation,
    make_provider,
    make_staff,
    make_tool,
)
from tests.reports.test_numbers import tables

pytestmark = pytest.mark.django_db

REPORT = reverse("admin:inclusion_report")


@pytest.fixture
def staff_client(client) -> Client:
    return login_verified(client, make_staff())


@pytest.fixture
def hub(db):
    """Officers in Africa and Europe only, tools from Europe and Asia only."""
    people = [
        make_officer(name="Amina Diallo", country="SN", gender="woman", languages=["fr", "en"]),
        make_officer(name="Awa Ndiaye", country="SN", gender="woman", languages=["fr"]),
        make_officer(name="Kwame Mensah", country="GH", gender="man", languages=["en"]),
        make_officer(name="Lucas Moreau", country="FR", gender="man", languages=["fr"]),
        make_officer(name="Jean Dupont", country="FR", gender="", languages=["fr"]),
        make_officer(name="Ana Lima", country="BR", status=Status.SUSPENDED, gender="woman"),
        make_applicant(name="Joana Santos", country="BR"),
        make_applicant(name="Rejected Rui", country="BR", status=Status.REJECTED),
        make_applicant(name="Asked Aiko", country="JP", status=Status.MORE_INFO),
    ]
    company = make_organisation(name="Nordvik Vision Labs", type="company", country="NO")
    university = make_organisation(name="Kyoto Campus Lab", type="academia", country="JP")
    make_organisation(name="Pending Provider", status=Status.PENDING, country="KE")
    make_organisation(name="Rejected Provider", status=Status.REJECTED, country="KE")
    people.append(make_provider(organisation=company, name="Nils Provider"))
    make_tool(
        "Nordic Hash",
        provider=company,
        country="NO",
        purposes=("triage",),
        interface_languages=("en", "fr"),
        analysis_languages=("en",),
    )
    make_tool("Nordic Faces", provider=company, country="NO", purposes=("triage",))
    make_tool(
        "Kyoto Text",
        provider=university,
        country="JP",
        origin="submitted",
        purposes=("grooming-detection",),
        interface_languages=("en",),
        analysis_languages=("en", "ja"),
    )
    make_tool("Kyoto Draft", provider=university, country="JP", status="draft")
    return people


def table_with(html: str, heading: str) -> dict[str, list[str]]:
    """The table whose first header cell is ``heading``, after a caption or h2: row name -> cells."""
    for table in tables(html):
        if table and table[0] and table[0][0] == heading:
            return {row[0]: row[1:] for row in table[1:]}
    raise AssertionError(f"no table starting with {heading}")


def all_tables(html: str, heading: str) -> list[dict[str, list[str]]]:
    return [
        {row[0]: row[1:] for row in table[1:]}
        for table in tables(html)
        if table and table[0] and table[0][0] == heading
    ]


def test_members_by_region_and_country(staff_client, hub):
    html = staff_client.get(REPORT).content.decode()

    members, gender, *_rest = all_tables(html, "Region")
    assert members["Africa"] == ["3", "60%", "Senegal (2), Ghana (1)"]
    assert members["Europe"] == ["2", "40%", "France (2)"]
    assert members["Americas"] == ["0", "0%", "–"]  # the suspended officer is not a member now
    # Woman, Man, Non-binary, Another gender, Prefer not to say, Not given, women among those who said
    assert gender["Africa"] == ["2", "1", "0", "0", "0", "0", "67%"]
    assert gender["Europe"] == ["0", "1", "0", "0", "0", "1", "0%"]
    assert gender["Oceania"] == ["0", "0", "0", "0", "0", "0", "–"]


def test_applications_and_approval_rates_by_region(staff_client, hub):
    html = staff_client.get(REPORT).content.decode()

    officers, organisations = all_tables(html, "Region")[2:4]
    # Received, approved (suspended since included), rejected, waiting, approval rate
    assert officers["Americas"] == ["3", "1", "1", "1", "50%"]
    assert officers["Asia"] == ["1", "0", "0", "1", "–"]
    assert officers["Africa"] == ["3", "3", "0", "0", "100%"]
    assert organisations["Africa"] == ["2", "0", "1", "1", "0%"]
    assert organisations["Europe"][:2] == ["1", "1"]
    assert "Officers" in html and "Provider organisations" in html


def test_tools_by_region_and_kind_of_provider(staff_client, hub):
    html = staff_client.get(REPORT).content.decode()

    tools = table_with(html, "Region of origin")
    # Tools, share, company, academia, non-profit, public body, international, researched, submitted
    assert tools["Europe"] == ["2", "67%", "2", "0", "0", "0", "0", "2", "0"]
    assert tools["Asia"] == ["1", "33%", "0", "1", "0", "0", "0", "0", "1"]
    assert tools["Africa"] == ["0", "0%", "0", "0", "0", "0", "0", "0", "0"]
    languages = table_with(html, "Language")
    assert languages["French"] == ["4", "1", "0"]
    assert languages["English"] == ["2", "3", "2"]
    purposes = table_with(html, "Purpose")
    assert purposes["triage"] == ["2"] and purposes["grooming detection"] == ["1"]


def test_the_gaps_say_where_to_research_next(staff_client, hub):
    html = staff_client.get(REPORT).content.decode()
    gaps = html[html.index("Where to look next") : html.index("Vetted officers by region")]

    assert "Africa has 3 members but no tool from there yet" in gaps
    assert "No vetted officers from Oceania yet" in gaps
    assert "No vetted officers from Asia yet" in gaps
    assert "Europe has" not in gaps  # Europe has members and a fair share of tools
    assert "Only 1 tool can be used in French (members who work in it: 4)" in gaps
    assert "No tool can analyse text or speech in French yet" in gaps
    # Fewest first.
    assert "Few tools for these purposes: grooming detection (1), triage (2)." in gaps


def test_gender_balance_is_a_gap_once_enough_have_said(staff_client, hub):
    for _ in range(5):
        make_officer(country="DE", gender="man")

    html = staff_client.get(REPORT).content.decode()

    assert "Women are 0% of the members in Europe who told us their gender" in html
    assert "members in Africa who told us" not in html  # two women out of three who said


def test_the_report_names_nobody(staff_client, hub):
    html = staff_client.get(REPORT).content.decode()

    for person in hub:
        assert person.name not in html
        assert person.email not in html
    assert "Nordvik" not in html and "Kyoto Campus" not in html
    assert "Nordic Hash" not in html


def test_the_report_is_for_staff_who_may_read_applications(client, hub):
    assert client.get(REPORT)["Location"].startswith(reverse("account_login"))
    officer = login_verified(Client(), make_officer())
    response = officer.get(REPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    clerk = make_staff(superuser=False)
    clerk_client = login_verified(Client(), clerk)
    assert clerk_client.get(REPORT).status_code == 403
    assert "Inclusion report" not in clerk_client.get(reverse("admin:index")).content.decode()

    clerk.user_permissions.add(Permission.objects.get(codename="view_officerapplication"))
    assert clerk_client.get(REPORT).status_code == 200


def test_the_admin_index_links_to_the_report(staff_client, db):
    html = staff_client.get(reverse("admin:index")).content.decode()

    assert f'<a href="{REPORT}">Inclusion report</a>' in html
