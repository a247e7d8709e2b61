"""Saved shortlists: saving, reopening on today's catalogue, sharing, exporting, and owners only."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.models import Notice, OutboxEmail
from tests.factories import make_officer, make_provider, make_staff
from tools_catalog.models import DeploymentOption, Tool
from wizard import services
from wizard.models import Shortlist, ShortlistItem

from .wizard_factories import (
    PRODUCTION,
    make_wizard_tool,
    reindex,
    result_cards,
    result_slugs,
    signed_in,
)

ANSWERS = {"purpose": "hash-matching", "offline": "must", "budget": "prefer-free"}


@pytest.fixture
def officer(db):
    return make_officer(name="Amina Analyst")


@pytest.fixture
def client(officer):
    return signed_in(officer)


@pytest.fixture
def tools(db):
    return {
        "kit": make_wizard_tool(
            "Field Kit", purposes=["hash-matching"], deployment=["offline-air-gapped"],
            cost=["free-for-law-enforcement"], maturity=PRODUCTION,
        ),
        "lab": make_wizard_tool(
            "Lab Matcher", purposes=["hash-matching"], deployment=["offline-air-gapped", "on-premises"],
            cost=["paid-licence"],
        ),
        "cloud": make_wizard_tool(
            "Cloud Matcher", purposes=["hash-matching"], deployment=["cloud-service"], cost=["open-source"],
        ),
    }  # fmt: skip


def _save(
    client, name="Hash tools", notes="For the 2027 budget.", sort="name", **answers
) -> Shortlist:
    query = {**ANSWERS, **answers, "sort": sort}
    url = reverse("wizard:shortlist_new") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(url, {"name": name, "notes": notes})
    assert response.status_code == 302, response.content.decode()[:2000]
    shortlist = Shortlist.objects.latest("pk")
    assert response["Location"] == shortlist.get_absolute_url()
    return shortlist


# Saving ----------------------------------------------------------------------------------------------


def test_an_officer_saves_the_results_as_a_shortlist(client, officer, tools):
    shortlist = _save(client)

    assert shortlist.owner == officer
    assert shortlist.name == "Hash tools" and shortlist.notes == "For the 2027 budget."
    assert shortlist.criteria == {
        "purpose": ["hash-matching"],
        "offline": ["must"],
        "budget": ["prefer-free"],
    }
    assert shortlist.sort == "name"
    items = list(shortlist.items.values_list("tool_name", "score"))
    # By name; the cloud tool is not offline. The lab earns the task (3) but is not free (2).
    assert items == [("Field Kit", 100), ("Lab Matcher", 60)]

    page = client.get(shortlist.get_absolute_url())
    assert page.status_code == 200
    assert result_slugs(page) == [tools["kit"].slug, tools["lab"].slug]
    assert "Nothing has changed" in page.content.decode()


def test_the_save_form_is_on_the_results_page(client, tools):
    page = client.get(reverse("wizard:results"), {**ANSWERS, "sort": "name"})
    html = page.content.decode()

    assert f'action="{reverse("wizard:shortlist_new")}?' in html
    assert "sort=name" in html[html.index('id="save-title"') :]


def test_a_shortlist_needs_a_name(client, tools):
    url = reverse("wizard:shortlist_new") + "?purpose=hash-matching"
    response = client.post(url, {"name": "", "notes": "x"})

    assert response.status_code == 200
    assert "Please check what you entered." in response.content.decode()
    assert not Shortlist.objects.exists()


def test_a_list_too_long_for_a_shortlist_is_not_saved(client, tools, monkeypatch):
    monkeypatch.setattr(services, "SHORTLIST_MAX_TOOLS", 1)
    url = reverse("wizard:shortlist_new") + "?purpose=hash-matching"
    response = client.post(url, {"name": "Too many"})

    assert response.status_code == 200
    assert "A shortlist keeps at most 1 tools." in response.content.decode()
    assert not Shortlist.objects.exists()


def test_my_shortlists_lists_only_mine(client, officer, tools):
    mine = _save(client, name="Mine")
    other = _save(signed_in(make_officer()), name="Someone else's")

    html = client.get(reverse("wizard:shortlists")).content.decode()
    assert mine.get_absolute_url() in html
    assert other.get_absolute_url() not in html and "Someone else" not in html


# Owner only --------------------------------------------------------------------------------------------

OWNED_PAGES = ["shortlist", "shortlist_edit", "shortlist_delete", "shortlist_share", "shortlist_csv",
               "shortlist_print"]  # fmt: skip
CHANGES = {"shortlist_edit", "shortlist_delete", "shortlist_share"}  # the others answer GET only


@pytest.mark.parametrize("name", OWNED_PAGES)
def test_anyone_but_the_owner_gets_404(client, tools, name):
    shortlist = _save(client)
    url = reverse(f"wizard:{name}", args=[shortlist.pk])
    assert client.get(url).status_code == 200

    for stranger in (make_officer(), make_staff()):
        other = signed_in(stranger)
        assert other.get(url).status_code == 404
        if name in CHANGES:
            assert other.post(url, {"name": "Mine now", "email": stranger.email}).status_code == 404
    assert signed_in(make_provider()).get(url).status_code == 404
    shortlist.refresh_from_db()
    assert shortlist.name == "Hash tools"
    assert Shortlist.objects.count() == 1  # nothing deleted, nothing shared


def test_the_owner_renames_and_deletes(client, tools):
    shortlist = _save(client)

    response = client.post(
        reverse("wizard:shortlist_edit", args=[shortlist.pk]), {"name": "Renamed", "notes": ""}
    )
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert (shortlist.name, shortlist.notes) == ("Renamed", "")

    response = client.post(reverse("wizard:shortlist_delete", args=[shortlist.pk]))
    assert response["Location"] == reverse("wizard:shortlists")
    assert not Shortlist.objects.exists() and not ShortlistItem.objects.exists()


# Sharing -----------------------------------------------------------------------------------------------


def test_sharing_gives_a_colleague_a_read_only_copy_and_a_notice(client, officer, tools):
    shortlist = _save(client)
    colleague = make_officer(name="Bruno Colleague", language="fr")

    response = client.post(
        reverse("wizard:shortlist_share", args=[shortlist.pk]), {"email": colleague.email.upper()}
    )

    assert response.status_code == 302
    copy = Shortlist.objects.get(owner=colleague)
    assert copy.read_only and copy.shared_by == officer and copy.pk != shortlist.pk
    assert (copy.name, copy.notes, copy.criteria) == (
        shortlist.name,
        shortlist.notes,
        shortlist.criteria,
    )
    assert copy.saved_at == shortlist.saved_at
    assert list(copy.items.values_list("tool_id", "position")) == list(
        shortlist.items.values_list("tool_id", "position")
    )
    notice = Notice.objects.get(user=colleague)
    assert notice.link == copy.get_absolute_url()
    assert "Amina Analyst" in notice.title
    email = OutboxEmail.objects.get(recipient=colleague)
    assert email.template == "shortlist_shared" and email.language == "fr"
    assert copy.get_absolute_url() in email.body_text

    # The colleague opens their copy; they cannot edit it. The original is unchanged by their use.
    theirs = signed_in(colleague)
    assert theirs.get(copy.get_absolute_url()).status_code == 200
    assert "Amina Analyst" in theirs.get(reverse("wizard:shortlists")).content.decode()
    theirs.post(reverse("wizard:shortlist_edit", args=[copy.pk]), {"name": "Changed"})
    copy.refresh_from_db()
    assert copy.name == "Hash tools"
    # The original's owner deleting theirs leaves the copy.
    client.post(reverse("wizard:shortlist_delete", args=[shortlist.pk]))
    assert Shortlist.objects.filter(pk=copy.pk).exists()


@pytest.mark.parametrize("who", ["nobody", "provider", "applicant"])
def test_sharing_with_someone_who_is_not_a_vetted_officer_gives_nothing_away(client, tools, who):
    from tests.factories import make_applicant

    shortlist = _save(client)
    email = {
        "nobody": "nobody@police.example",
        "provider": make_provider().email,
        "applicant": make_applicant().email,
    }[who]

    response = client.post(
        reverse("wizard:shortlist_share", args=[shortlist.pk]), {"email": email}, follow=True
    )

    assert Shortlist.objects.count() == 1
    assert not Notice.objects.exists()
    # The same words as for a member: trying addresses tells nobody who is a member.
    assert "If " + email + " belongs to a vetted officer" in response.content.decode()


def test_sharing_with_oneself_is_refused(client, officer, tools):
    shortlist = _save(client)
    response = client.post(
        reverse("wizard:shortlist_share", args=[shortlist.pk]), {"email": officer.email}
    )

    assert response.status_code == 200
    assert "This is your own address." in response.content.decode()
    assert Shortlist.objects.count() == 1


# Reopening -----------------------------------------------------------------------------------------------


def _saved_yesterday(client, **kwargs) -> Shortlist:
    """A shortlist saved a day after the tools last changed, and a day ago."""
    now = timezone.now()
    Tool.objects.update(updated_at=now - timedelta(days=2))
    shortlist = _save(client, **kwargs)
    Shortlist.objects.filter(pk=shortlist.pk).update(saved_at=now - timedelta(days=1))
    shortlist.refresh_from_db()
    return shortlist


def test_reopening_shows_new_and_changed_tools(client, tools):
    shortlist = _saved_yesterday(client)
    new = make_wizard_tool("New Kit", purposes=["hash-matching"], deployment=["offline-air-gapped"])
    tools["lab"].summary = "Now also reads video."
    tools["lab"].save()

    page = client.get(shortlist.get_absolute_url())
    html = page.content.decode()
    cards = result_cards(page)

    assert set(cards) == {tools["kit"].slug, tools["lab"].slug, new.slug}
    assert "New since the shortlist was saved" in cards[new.slug]
    assert "Changed since the shortlist was saved" in cards[tools["lab"].slug]
    assert "since the shortlist was saved" not in cards[tools["kit"].slug]
    assert "1 new tool matches your answers" in html
    assert "1 tool was changed" in html

    only_new = client.get(shortlist.get_absolute_url(), {"show": "new"})
    assert result_slugs(only_new) == [new.slug]
    only_changed = client.get(shortlist.get_absolute_url(), {"show": "changed"})
    assert result_slugs(only_changed) == [tools["lab"].slug]


@pytest.mark.parametrize("status", [Tool.Status.SUSPENDED, Tool.Status.REMOVED])
def test_a_tool_no_longer_listed_stays_visible_as_such(client, tools, status):
    shortlist = _saved_yesterday(client)
    gone = tools["kit"]
    gone.status = status
    gone.save()

    page = client.get(shortlist.get_absolute_url())
    html = page.content.decode()

    assert gone.slug not in result_cards(page)
    section = html[html.index('id="gone-title"') :]
    assert "Field Kit" in section and "No longer listed" in section
    assert f"status: {gone.get_status_display()}" in section
    assert "last changed on" in section
    assert gone.get_absolute_url() not in section  # no link to a page officers cannot open
    assert "1 tool is no longer listed" in html


def test_a_tool_that_no_longer_meets_a_requirement_is_named_with_the_reason(client, tools):
    shortlist = _saved_yesterday(client)
    lab = tools["lab"]
    lab.deployment_options.set(DeploymentOption.objects.filter(slug="on-premises"))
    reindex(lab)

    html = client.get(shortlist.get_absolute_url()).content.decode()
    section = html[html.index('id="unmatched-title"') :]

    assert "Lab Matcher" in section
    assert "Not listed as working offline." in section


def test_a_shortlist_can_be_sorted_when_reopened(client, tools):
    shortlist = _save(client, sort="name")
    url = shortlist.get_absolute_url()

    assert result_slugs(client.get(url)) == [tools["kit"].slug, tools["lab"].slug]
    by_match = client.get(url, {"sort": "match"})
    assert result_slugs(by_match)[0] == tools["kit"].slug  # 100% (offline and free) first
    assert 'value="match" selected' in by_match.content.decode()


# Export and print -----------------------------------------------------------------------------------------


def test_the_csv_export_neutralises_formulas(client, tools):
    Tool.objects.filter(pk=tools["kit"].pk).update(name='=HYPERLINK("http://x")')
    shortlist = _saved_yesterday(client)
    tools["lab"].status = Tool.Status.SUSPENDED
    tools["lab"].save()

    response = client.get(reverse("wizard:shortlist_csv", args=[shortlist.pk]))

    assert response["Content-Type"].startswith("text/csv")
    content = response.getvalue().decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Position", "Tool", "Provider", "Match score (%)"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][3] == "100"
    assert "Works offline" in rows[1][4] + rows[1][5]
    assert rows[2][1] == "Lab Matcher" and rows[2][-2].startswith("No longer listed (Suspended")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_print_view_has_no_navigation(client, tools):
    shortlist = _save(client)

    response = client.get(reverse("wizard:shortlist_print", args=[shortlist.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1 and "Hash tools" in html
    assert "site-nav" not in html and "language-switcher" not in html
    assert "Field Kit" in html and "Lab Matcher" in html
    assert "For the 2027 budget." in html
    assert "not an assessment or endorsement" in html
