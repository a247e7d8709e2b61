"""Staff curation of the catalogue in Django admin: taxonomies, tools, and feedback moderation."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_organisation, make_staff
from tools_catalog.models import (
    TAXONOMIES,
    CostModel,
    Feedback,
    FeedbackReport,
    Maturity,
    Purpose,
    Technology,
    Tool,
    ToolFacet,
)
from tools_catalog.selectors import taxonomy_snapshot

pytestmark = pytest.mark.django_db

TOOLS = reverse("admin:tools_catalog_tool_changelist")
TOOL_ADD = reverse("admin:tools_catalog_tool_add")
FEEDBACK = reverse("admin:tools_catalog_feedback_changelist")
REPORTS = reverse("admin:tools_catalog_feedbackreport_changelist")
LANGUAGE_SUFFIXES = ["en", "ar", "zh_hans", "fr", "ru", "es"]


@pytest.fixture
def staff_client(client):
    return login_verified(client, make_staff("curator@hub.example", name="Cleo Curator"))


def make_tool(provider=None, **fields) -> Tool:
    defaults = {
        "name": "Triage Kit",
        "slug": "triage-kit",
        "summary": "Sorts seized material.",
        "country": "FR",
        "origin": Tool.Origin.RESEARCHED,
    }
    return Tool.objects.create(provider=provider or make_organisation(), **(defaults | fields))


def translated(field: str, **values) -> dict[str, str]:
    """POST data for every language column of a translated field (empty unless given)."""
    return {f"{field}_{suffix}": values.get(suffix, "") for suffix in LANGUAGE_SUFFIXES}


def tool_form(provider, **overrides) -> dict:
    data = {
        "name": "Hash Finder",
        "slug": "hash-finder",
        "provider": provider.pk,
        "origin": "researched",
        "website": "https://hashfinder.example",
        **translated("summary", en="Finds known material.", fr="Trouve le matériel connu."),
        **translated(
            "description", en="<p>Matches hashes.</p>", fr="<p>Compare les empreintes.</p>"
        ),
        "integrations": "Project VIC",
        "hardware_requirements": "",
        "interface_languages": "en, FR",
        "analysis_languages": "ar",
        "country": "FR",
        "first_built_for": "",
        "used_by_other_agencies": "yes",
        "used_by_details": "",
        "independently_evaluated": "unknown",
        "evaluation_url": "",
        "collects_user_data": "no",
        "user_data_details": "",
        "status": "draft",
        "training_links-TOTAL_FORMS": "1",
        "training_links-INITIAL_FORMS": "0",
        "training_links-MIN_NUM_FORMS": "0",
        "training_links-MAX_NUM_FORMS": "1000",
        "training_links-0-title": "Getting started",
        "training_links-0-url": "https://hashfinder.example/training",
        "_save": "Save",
    }
    return data | overrides


def act(client, url: str, action: str, objects, **data):
    payload = {"action": action, "index": "0", "_selected_action": [obj.pk for obj in objects]}
    return client.post(url, payload | data)


def assert_same_site_assets(html: str) -> list[str]:
    """Every script and stylesheet comes from this site; returns the script sources."""
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html)
    links = re.findall(r"<link\b[^>]*\bhref=\"([^\"]+)\"", html)
    for url in scripts + links:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url  # no http(s)://, no //cdn...
    # No inline script: the CSP (script-src 'self' + nonce) would block it.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or "nonce=" in tag, tag
    assert not re.search(r"<style\b", html)
    return scripts


# Tools ----------------------------------------------------------------------------------------------


def test_staff_create_a_tool_with_translations_and_taxonomies(staff_client):
    provider = make_organisation(name="Hash Labs", type="non_profit")
    triage = Purpose.objects.create(slug="triage", name="Triage")
    vision = Technology.objects.create(slug="vision", name="Computer vision")
    free = CostModel.objects.create(slug="free", name="Free for law enforcement")
    production = Maturity.objects.create(slug="production", name="In production use")

    response = staff_client.post(
        TOOL_ADD,
        tool_form(
            provider,
            purposes=[triage.pk],
            technologies=[vision.pk],
            cost_models=[free.pk],
            maturity=production.pk,
        ),
    )

    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [fs.errors for fs in response.context["inline_admin_formsets"]],
    )
    tool = Tool.objects.get(slug="hash-finder")
    assert tool.origin == Tool.Origin.RESEARCHED
    assert tool.summary_en == "Finds known material."
    assert tool.summary_fr == "Trouve le matériel connu."
    assert tool.description_fr == "<p>Compare les empreintes.</p>"
    assert tool.interface_languages == ["en", "fr"]
    assert tool.analysis_languages == ["ar"]
    assert tool.region == "150"  # Europe, from France
    assert [link.title for link in tool.training_links.all()] == ["Getting started"]
    # The catalogue's index was refreshed after the many-to-many values were saved.
    assert set(ToolFacet.objects.filter(tool=tool).values_list("key", flat=True)) == {
        f"purpose:{triage.pk}",
        f"technology:{vision.pk}",
        f"cost:{free.pk}",
        f"maturity:{production.pk}",
        "region:150",
        "ptype:non_profit",
        "ilang:en",
        "ilang:fr",
        "alang:ar",
    }


def test_changing_a_tools_taxonomies_and_country_refreshes_its_facets(staff_client):
    tool = make_tool(country="FR")
    triage = Purpose.objects.create(slug="triage", name="Triage")
    data = tool_form(tool.provider, name=tool.name, slug=tool.slug, country="BR")
    data.pop("origin")  # read-only once the tool exists
    data |= {"purposes": [triage.pk], "training_links-TOTAL_FORMS": "0"}

    response = staff_client.post(reverse("admin:tools_catalog_tool_change", args=[tool.pk]), data)

    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.region == "019"  # Americas
    keys = set(tool.facets.values_list("key", flat=True))
    assert {f"purpose:{triage.pk}", "region:019"} <= keys
    assert "region:150" not in keys


def test_language_codes_are_validated(staff_client):
    data = tool_form(
        make_organisation(), interface_languages="en, english, x1", analysis_languages=""
    )

    response = staff_client.post(TOOL_ADD, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "english" in str(errors["interface_languages"])
    assert "x1" in str(errors["interface_languages"])
    assert not Tool.objects.exists()


def input_named(name: str, html: str) -> str:
    found = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_tool_pages_load_nothing_from_another_host(staff_client):
    tool = make_tool()
    tool.purposes.add(Purpose.objects.create(slug="triage", name="Triage"))
    for url in [TOOL_ADD, reverse("admin:tools_catalog_tool_change", args=[tool.pk])]:
        response = staff_client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        scripts = assert_same_site_assets(html)
        # Every language's text is a labelled field of its own, and each list of values a set of
        # tick boxes: nothing to build by script, so nothing left unnamed.
        assert not any("tabbed_translation_fields" in script for script in scripts)
        assert "/static/admin/js/SelectFilter2.js" not in scripts
        for suffix in LANGUAGE_SUFFIXES:
            assert f'for="id_summary_{suffix}"' in html
        assert 'type="checkbox"' in input_named("purposes", html)
        # The training link's inputs, in a row of a table, are named.
        assert "aria-label=" in input_named("training_links-0-title", html)
        # Researched by staff unless told otherwise.
        if url == TOOL_ADD:
            assert response.context["adminform"].form.initial["origin"] == "researched"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_publish_action_sets_status_and_dates(staff_client):
    draft = make_tool()
    earlier = make_tool(name="Old Tool", slug="old-tool", status=Tool.Status.IN_REVIEW)
    first_published = earlier.created_at.replace(year=2020)
    Tool.objects.filter(pk=earlier.pk).update(published_at=first_published)
    removed = make_tool(name="Gone", slug="gone", status=Tool.Status.REMOVED)

    response = act(staff_client, TOOLS, "publish", [draft, earlier, removed])

    assert response.status_code == 302
    draft.refresh_from_db()
    earlier.refresh_from_db()
    removed.refresh_from_db()
    assert draft.status == earlier.status == Tool.Status.PUBLISHED
    assert draft.published_at is not None and draft.last_verified_at is not None
    assert earlier.published_at == first_published  # kept when already set
    assert earlier.last_verified_at > first_published
    assert removed.status == Tool.Status.REMOVED  # removal has its own service


def test_mark_verified_action(staff_client):
    tool = make_tool(status=Tool.Status.PUBLISHED)

    act(staff_client, TOOLS, "mark_verified", [tool])

    tool.refresh_from_db()
    assert tool.last_verified_at is not None
    assert tool.status == Tool.Status.PUBLISHED


def test_remove_and_suspend_only_through_their_actions_not_the_status_field(staff_client):
    make_tool()
    response = staff_client.get(TOOLS)
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    # Suspend, remove and reinstate ask for a reason and call the removal service.
    assert actions == {"", "publish", "mark_verified", "suspend", "remove", "reinstate"}
    response = staff_client.get(TOOL_ADD)
    status_choices = dict(response.context["adminform"].form.fields["status"].choices)
    assert "removed" not in status_choices and "suspended" not in status_choices


def test_tool_list_filters(staff_client):
    europe = make_tool(provider=make_organisation(type="academia"), country="DE")
    africa = make_tool(name="Kenya Tool", slug="kenya-tool", country="KE")

    def shown(query: str) -> set[int]:
        response = staff_client.get(f"{TOOLS}?{query}")
        assert response.status_code == 200, query
        return {obj.pk for obj in response.context["cl"].result_list}

    assert shown("") == {europe.pk, africa.pk}
    assert shown("region=150") == {europe.pk}
    assert shown("region=002") == {africa.pk}
    assert shown("provider_type=academia") == {europe.pk}
    assert shown("q=kenya") == {africa.pk}


# Taxonomies -----------------------------------------------------------------------------------------


def test_every_taxonomy_has_a_labelled_field_per_language(staff_client):
    for model in TAXONOMIES:
        url = reverse(f"admin:tools_catalog_{model._meta.model_name}_add")
        response = staff_client.get(url)
        assert response.status_code == 200, model
        html = response.content.decode()
        assert not any("tabbed" in script for script in assert_same_site_assets(html))
        for suffix in LANGUAGE_SUFFIXES:
            assert f'name="name_{suffix}"' in html
            assert f'for="id_name_{suffix}"' in html
        model.objects.create(slug=f"value-{model._meta.model_name}", name="A value", position=1)
        changelist = staff_client.get(
            reverse(f"admin:tools_catalog_{model._meta.model_name}_changelist")
        )
        assert changelist.status_code == 200
        # The position typed in a row of the list is named.
        assert "aria-label=" in input_named("form-0-position", changelist.content.decode())


def test_taxonomy_edit_changes_the_name_officers_see_at_once(staff_client):
    purpose = Purpose.objects.create(slug="triage", name="Triage")
    assert [term.name for term in taxonomy_snapshot("en")["purpose"]] == ["Triage"]  # now cached

    response = staff_client.post(
        reverse("admin:tools_catalog_purpose_change", args=[purpose.pk]),
        {
            **translated("name", en="Triage of seized devices", fr="Tri des appareils saisis"),
            **translated("description"),
            "slug": "triage",
            "position": "3",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    assert [term.name for term in taxonomy_snapshot("en")["purpose"]] == [
        "Triage of seized devices"
    ]
    assert [term.name for term in taxonomy_snapshot("fr")["purpose"]] == [
        "Tri des appareils saisis"
    ]


def test_deleting_a_taxonomy_value_takes_it_out_of_the_tools_index(staff_client):
    triage = Purpose.objects.create(slug="triage", name="Triage")
    tool = make_tool()
    tool.purposes.add(triage)
    ToolFacet.objects.create(tool=tool, key=f"purpose:{triage.pk}")

    response = staff_client.post(
        reverse("admin:tools_catalog_purpose_delete", args=[triage.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Purpose.objects.exists()
    assert f"purpose:{triage.pk}" not in set(tool.facets.values_list("key", flat=True))
    assert "region:150" in set(tool.facets.values_list("key", flat=True))


# Feedback -------------------------------------------------------------------------------------------


def test_hiding_feedback_asks_for_a_reason_then_hides_and_resolves_reports(staff_client):
    tool = make_tool(status=Tool.Status.PUBLISHED)
    author, reporter = make_officer(), make_officer()
    post = Feedback.objects.create(tool=tool, author=author, body="<p>Call me on 555-0100.</p>")
    other = Feedback.objects.create(tool=tool, author=reporter, body="<p>Works well.</p>")
    report = FeedbackReport.objects.create(feedback=post, reporter=reporter, reason="Phone number")

    listing = staff_client.get(f"{FEEDBACK}?open_reports=yes")
    assert [obj.pk for obj in listing.context["cl"].result_list] == [post.pk]

    page = act(staff_client, FEEDBACK, "hide", [post])
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "admin/safety/hide_form.html"
    assert_same_site_assets(page.content.decode())
    post.refresh_from_db()
    assert not post.is_hidden  # nothing happens before the reason is given

    no_reason = staff_client.post(
        FEEDBACK, {"action": "hide", "confirm": "yes", "_selected_action": [post.pk], "reason": ""}
    )
    assert no_reason.status_code == 200 and no_reason.context["form"].errors

    done = staff_client.post(
        FEEDBACK,
        {
            "action": "hide",
            "confirm": "yes",
            "_selected_action": [post.pk],
            "reason": "Contains personal data.",
        },
    )

    assert done.status_code == 302
    post.refresh_from_db()
    report.refresh_from_db()
    other.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Contains personal data."
    assert report.resolved_at is not None
    assert not other.is_hidden
    listing = staff_client.get(f"{FEEDBACK}?open_reports=yes")
    assert list(listing.context["cl"].result_list) == []
    from hub.models import AuditEvent

    audit = AuditEvent.objects.get(event="moderation", target_id=str(post.pk))
    assert audit.details == {"decision": "hide", "reason": "Contains personal data."}

    act(staff_client, FEEDBACK, "show_again", [post])
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""


def test_reports_list_links_to_the_feedback(staff_client):
    post = Feedback.objects.create(tool=make_tool(), author=make_officer(), body="<p>Hm.</p>")
    FeedbackReport.objects.create(feedback=post, reporter=make_officer(), reason="Off topic")

    response = staff_client.get(REPORTS)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Off topic" in html
    assert reverse("admin:tools_catalog_feedback_change", args=[post.pk]) in html
    assert (
        staff_client.get(reverse("admin:tools_catalog_feedback_change", args=[post.pk])).status_code
        == 200
    )


# Access ---------------------------------------------------------------------------------------------


def test_officers_get_no_access_to_the_catalogue_admin(client):
    tool = make_tool()
    post = Feedback.objects.create(tool=tool, author=make_officer(), body="<p>Fine.</p>")
    login_verified(client, make_officer())
    urls = [
        TOOLS,
        TOOL_ADD,
        reverse("admin:tools_catalog_tool_change", args=[tool.pk]),
        reverse("admin:tools_catalog_purpose_changelist"),
        FEEDBACK,
        reverse("admin:tools_catalog_feedback_change", args=[post.pk]),
        REPORTS,
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code in {403, 404}, url
        assert b"Triage Kit" not in response.content
    response = act(client, FEEDBACK, "hide", [post])
    assert response.status_code in {302, 403, 404}
    post.refresh_from_db()
    assert not post.is_hidden
