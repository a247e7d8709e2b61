"""The officer directory: consent, field-by-field visibility, withdrawal, search and filters."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from community.models import CommunityProfile, ProfileChange
from community.services import profile_ensure
from hub.models import Status
from tests.community.factories import ALL_SHOWN, make_listed_officer, profile_of
from tests.factories import login_verified, make_officer, make_provider, make_tool

DIRECTORY = reverse("community:directory")
EXPORT = reverse("community:directory_csv")
PROFILE = reverse("community:profile")
WITHDRAW = reverse("community:withdraw")

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer():
    return login_verified(Client(), make_officer(name="Vera Viewer"))


def entries_html(response) -> str:
    """The list of entries on a directory page (the filter form lists every country and language)."""
    html = response.content.decode()
    match = re.search(r'<ul class="entry-list">.*?</ul>\s*(?:<nav|</div>)', html, re.S)
    return match.group(0) if match else ""


def result_count(response) -> int:
    text = re.search(r'<p class="result-count">(.*?)</p>', response.content.decode(), re.S)
    return int(re.search(r"\d+", text.group(1)).group())


def export_rows(client, **params) -> list[list[str]]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


# Consent --------------------------------------------------------------------------------------------


def test_an_officer_who_did_not_consent_is_nowhere(viewer):
    make_listed_officer(name="Lena Listed", agency="Listed Police")
    unlisted = make_officer(name="Zebulon Unlisted", agency="Hidden Agency Zeta", country="NZ")
    profile_ensure(user=unlisted)  # prefilled from the application, but no consent

    page = viewer.get(DIRECTORY)
    html = page.content.decode()
    assert "Lena Listed" in html
    assert "Zebulon" not in html and "Hidden Agency Zeta" not in html
    assert result_count(page) == 1

    search = viewer.get(DIRECTORY, {"q": "Zebulon"})
    assert result_count(search) == 0
    assert "Zebulon" not in entries_html(search)
    assert result_count(viewer.get(DIRECTORY, {"country": "NZ"})) == 0

    assert [row[0] for row in export_rows(viewer)] == ["Lena Listed"]
    assert (
        viewer.get(reverse("community:officer", args=[profile_of(unlisted).pk])).status_code == 404
    )


def test_consenting_through_the_form_lists_the_officer_with_the_details_ticked(viewer):
    officer = make_officer(name="Omar Consents", agency="Agency Of Omar", unit="Unit Of Omar")
    client = login_verified(Client(), officer)
    form = client.get(PROFILE)
    assert form.status_code == 200
    assert "Agency Of Omar" in form.content.decode()  # prefilled from the application
    assert not profile_of(officer).listed

    response = client.post(
        PROFILE,
        {
            "agency": "Agency Of Omar",
            "show_agency": "on",
            "unit": "Unit Of Omar",
            "country": "FR",
            "show_country": "on",
            "languages": ["fr", "en"],
            "show_name": "on",
            "listed": "on",
        },
    )
    assert response.status_code == 302
    html = viewer.get(DIRECTORY).content.decode()
    assert (
        "Omar Consents" in html
        and "Agency Of Omar" in html
        and "France" in entries_html(viewer.get(DIRECTORY))
    )
    assert "Unit Of Omar" not in html  # not ticked
    record = profile_of(officer).history.get()
    assert record.action == ProfileChange.Action.CONSENTED
    assert record.visible_fields == ["name", "agency", "country"]
    assert record.at is not None


HIDDEN_VALUES = {
    "name": "Quentin Quasar",
    "agency": "Agency Xylophone",
    "unit": "Unit Yodelling",
    "expertise": "Expertise Marmalade",
    "email": "secret.address@police.example",
    "phone": "+33 1 99 88 77 66",
}


@pytest.mark.parametrize("field", sorted(HIDDEN_VALUES))
def test_each_hidden_field_never_reaches_the_page_the_search_or_the_export(viewer, field):
    _user, profile = make_listed_officer(
        shows={f"show_{field}": False},
        name=HIDDEN_VALUES["name"],
        email=HIDDEN_VALUES["email"],
        agency=HIDDEN_VALUES["agency"],
        unit=HIDDEN_VALUES["unit"],
        phone=HIDDEN_VALUES["phone"],
        expertise=HIDDEN_VALUES["expertise"],
    )
    hidden = HIDDEN_VALUES[field]
    shown = [value for name, value in HIDDEN_VALUES.items() if name != field]

    directory = viewer.get(DIRECTORY).content.decode()
    detail = viewer.get(profile.get_absolute_url()).content.decode()
    for html in (directory, detail):
        assert hidden not in html
        assert all(value in html for value in shown), field
    assert hidden not in str(export_rows(viewer))

    # Searching for the hidden value finds nobody: the page would otherwise give it away.
    word = hidden.split()[-1].split("@")[0]
    assert result_count(viewer.get(DIRECTORY, {"q": word})) == 0


def test_hidden_country_languages_and_tools_are_neither_shown_nor_filterable(viewer):
    tool = make_tool("Lantern Hash Matcher")
    _user, profile = make_listed_officer(
        name="Hana Hidden",
        country="NZ",
        language="fr",
        tools=[tool],
        shows={"show_country": False, "show_languages": False, "show_tools": False},
    )
    assert profile.languages == ["fr", "en"]
    detail = viewer.get(profile.get_absolute_url()).content.decode()
    assert "New Zealand" not in detail
    assert "French" not in detail
    assert "Lantern Hash Matcher" not in detail
    entries = entries_html(viewer.get(DIRECTORY))
    assert "Hana Hidden" in entries and "New Zealand" not in entries and "Lantern" not in entries
    for params in ({"country": "NZ"}, {"region": "009"}, {"language": "fr"}, {"tool": tool.pk}):
        assert result_count(viewer.get(DIRECTORY, params)) == 0, params
    # The tool is not even offered as a filter: nobody shows it.
    assert "Lantern Hash Matcher" not in viewer.get(DIRECTORY).content.decode()


def test_withdrawal_takes_effect_at_once(viewer):
    user, profile = make_listed_officer(name="Wanda Withdraws", agency="Withdrawn Agency")
    make_listed_officer(name="Stella Stays")
    assert result_count(viewer.get(DIRECTORY)) == 2

    client = login_verified(Client(), user)
    assert client.post(WITHDRAW).status_code == 302

    page = viewer.get(DIRECTORY)
    assert "Wanda" not in page.content.decode()
    assert result_count(page) == 1
    assert result_count(viewer.get(DIRECTORY, {"q": "Withdrawn"})) == 0
    assert [row[0] for row in export_rows(viewer)] == ["Stella Stays"]
    assert viewer.get(profile.get_absolute_url()).status_code == 404
    assert [r.action for r in profile.history.all()] == [
        ProfileChange.Action.WITHDRAWN,
        ProfileChange.Action.CONSENTED,
    ]


def test_unticking_the_consent_in_the_form_withdraws_too(viewer):
    user, _profile = make_listed_officer(name="Uma Unticks")
    client = login_verified(Client(), user)
    client.post(PROFILE, {"show_name": "on", "agency": "X"})
    assert "Uma Unticks" not in viewer.get(DIRECTORY).content.decode()
    assert profile_of(user).history.first().action == ProfileChange.Action.WITHDRAWN


def test_every_change_is_recorded_with_what_changed(viewer):
    user, profile = make_listed_officer(name="Carl Changes")
    client = login_verified(Client(), user)
    data = {name: "on" for name in ALL_SHOWN if name != "show_phone"}
    data |= {"agency": "New Agency", "unit": profile.unit, "country": "FR", "listed": "on"}
    data |= {"languages": profile.languages, "expertise": profile.expertise}
    data |= {"other_languages": profile.other_languages}
    client.post(PROFILE, data)
    record = profile.history.first()
    assert record.action == ProfileChange.Action.CHANGED
    assert record.changed_fields == ["agency", "show_phone"]
    assert "phone" not in record.visible_fields


def test_a_suspended_officer_leaves_the_directory(viewer):
    user, _profile = make_listed_officer(name="Sid Suspended")
    user.status = Status.SUSPENDED
    user.save()
    assert "Sid Suspended" not in viewer.get(DIRECTORY).content.decode()
    assert result_count(viewer.get(DIRECTORY)) == 0


def test_staff_are_never_listed(viewer):
    from tests.factories import make_staff

    staff = make_staff(name="Sky Staff")
    client = login_verified(Client(), staff)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert not CommunityProfile.objects.filter(user=staff, listed=True).exists()
    assert client.get(DIRECTORY).status_code == 200


# Search and filters ---------------------------------------------------------------------------------


def test_filters_find_officers_by_what_they_show(viewer):
    tool = make_tool("Beacon Classifier")
    make_listed_officer(
        name="Aya Nairobi", country="KE", language="fr", tools=[tool], expertise="Grooming cases"
    )
    make_listed_officer(name="Ben Berlin", country="DE", expertise="Image triage")

    def names(**params):
        return sorted(row[0] for row in export_rows(viewer, **params))

    assert names(country="KE") == ["Aya Nairobi"]
    assert names(region="150") == ["Ben Berlin"]  # Europe
    assert names(region="002") == ["Aya Nairobi"]  # Africa
    assert names(language="fr") == ["Aya Nairobi"]
    assert names(language="en") == ["Aya Nairobi", "Ben Berlin"]
    assert names(expertise="triage") == ["Ben Berlin"]
    assert names(tool=tool.pk) == ["Aya Nairobi"]
    assert names(q="Beacon") == ["Aya Nairobi"]
    assert names(q="berlin") == ["Ben Berlin"]
    page = viewer.get(DIRECTORY, {"country": "KE"})
    assert result_count(page) == 1 and "Aya Nairobi" in entries_html(page)


def test_an_unknown_filter_value_is_reported_and_the_other_filters_still_apply(viewer):
    make_listed_officer(name="Aya Nairobi", country="KE", expertise="Grooming cases")
    make_listed_officer(name="Ben Berlin", country="DE", expertise="Image triage")

    page = viewer.get(DIRECTORY, {"country": "ZZ", "language": "xx", "expertise": "triage"})

    html = page.content.decode()
    assert 'id="id_country_error"' in html and 'id="id_language_error"' in html
    assert result_count(page) == 1 and "Ben Berlin" in entries_html(page)
    assert "Aya Nairobi" not in entries_html(page)
    rows = export_rows(viewer, country="ZZ", tool="²", expertise="triage")
    assert [row[0] for row in rows] == ["Ben Berlin"]


def test_unpublished_tools_are_not_shown_as_tools_used(viewer):
    draft = make_tool("Draft Widget", status="draft")
    published = make_tool("Open Widget")
    _user, profile = make_listed_officer(name="Tia Tools")
    profile.tools.set([draft, published])
    html = viewer.get(profile.get_absolute_url()).content.decode()
    assert "Open Widget" in html and "Draft Widget" not in html


def test_the_directory_is_paginated(viewer):
    for number in range(23):
        make_listed_officer(name=f"Officer {number:02d}")
    first = viewer.get(DIRECTORY)
    assert first.content.decode().count('class="entry-card"') == 20
    second = viewer.get(DIRECTORY, {"page": 2})
    assert second.content.decode().count('class="entry-card"') == 3


def test_export_neutralises_spreadsheet_formulas(viewer):
    make_listed_officer(name="Eve Formula", agency="=HYPERLINK(1)")
    rows = export_rows(viewer)
    assert rows[0][1] == "'=HYPERLINK(1)"


def test_providers_see_nothing_of_the_directory():
    _user, profile = make_listed_officer(name="Paula Private")
    provider = login_verified(Client(), make_provider())
    for url in (DIRECTORY, EXPORT, profile.get_absolute_url(), PROFILE):
        response = provider.get(url)
        assert response.status_code == 404
        assert b"Paula Private" not in response.content


def test_the_members_own_data_can_be_exported():
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from community.personal_data import member_data

    user, _profile = make_listed_officer(name="Dana Data", agency="Data Agency")
    data = json.loads(json.dumps(member_data(user), cls=DjangoJSONEncoder))
    assert data["directory_entry"]["agency"] == "Data Agency"
    assert data["directory_entry"]["listed"] is True
    assert [record["what"] for record in data["directory_entry"]["consent_history"]] == [
        "consented"
    ]


def test_the_tool_list_offers_the_most_used_tools_and_the_one_chosen(viewer):
    from community.selectors import DIRECTORY_TOOL_CHOICES

    tools = [make_tool(f"Tool {number:02d}") for number in range(DIRECTORY_TOOL_CHOICES + 1)]
    rare = tools.pop()
    for tool in tools:
        _user, profile = make_listed_officer(name=f"User of {tool.name}")
        profile.tools.set([tool, *tools[:1]])
    _user, profile = make_listed_officer(name="Rare user")
    profile.tools.set([rare])

    def offered(**query) -> set[str]:
        html = viewer.get(DIRECTORY, query).content.decode()
        select = html[
            html.index('name="tool"') : html.index("</select>", html.index('name="tool"'))
        ]
        return set(re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select))

    assert offered() == {tool.name for tool in tools}
    assert offered(tool=rare.pk) == {tool.name for tool in tools} | {rare.name}
    assert result_count(viewer.get(DIRECTORY, {"tool": rare.pk})) == 1
    assert "Rare user" in entries_html(viewer.get(DIRECTORY, {"q": rare.name}))
