"""Concerns and removal in a real Chromium: an officer reports a concern from a tool page; staff
substantiate it in the admin and remove the tool from the concern's page; the officer then finds
the notice, the tool gone from the catalogue and from the wizard's results, and the removal log's
entry. axe-core checks the report form, the notices and the removal log.

The provider's side, in English and Arabic: the portal's page of the removed tool gives the date,
the public summary and a reply form; the reply is sent without JavaScript and shown back. axe-core
checks the page; screenshots go to /tmp/shots/removed-tool-<language>.png for a person to look at.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from hub.models import Notice
from safety import removal
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_officer, make_organisation, make_provider, make_staff
from tests.wizard.wizard_factories import make_wizard_tool
from tools_catalog.models import Concern, DecisionContest, Tool, ToolDecision

pytestmark = pytest.mark.browser

SUMMARY = "Its matches could not be verified and it copied uploads to a third country."
GUIDANCE = "Stop uploading material to it and check its earlier matches by hand."


def test_a_reported_tool_is_removed_and_the_officer_is_told(new_page, live_site, csp):
    site = live_site
    officer = make_officer(password=PASSWORD, name="Olga Officer")
    staff = make_staff(password=PASSWORD)
    labs = make_organisation(name="Sentinel Labs")
    make_provider(organisation=labs)
    hash_tools = {"purposes": ["hash-matching"], "deployment": ["offline-air-gapped"]}
    tool = make_wizard_tool("Sentinel Hasher", provider=labs, **hash_tools)
    make_wizard_tool("Keeper Matcher", **hash_tools)
    results = reverse("wizard:results") + "?purpose=hash-matching"

    # 1. The officer reports a concern from the tool's page.
    page = csp.watch(new_page())
    log_in(page, site, officer, tool.get_absolute_url())
    submit(page, page.locator(f'main a[href="{reverse("tools:concern_new", args=[tool.slug])}"]'))
    assert_no_axe_violations(page)
    page.check('input[name="category"][value="ethical"]')
    page.fill("#id_description", "It flags far more images of darker-skinned children.")
    page.fill("#id_evidence_links", "not a link")
    submit(page, page.locator("main form.form button[type='submit']"))
    # Errors next to the field, what was typed still there, and the page still accessible.
    assert page.locator("#id_evidence_links[aria-invalid='true']").count() == 1
    assert page.locator("#id_description").input_value().startswith("It flags far more")
    assert_no_axe_violations(page)
    page.fill("#id_evidence_links", "https://news.example/sentinel-bias")
    submit(page, page.locator("main form.form button[type='submit']"))
    assert path_of(page) == reverse("tools:my_concerns")
    assert "Received" in page.locator("main").inner_text()
    concern = Concern.objects.get()

    # 2. Staff substantiate it in the admin, then remove the tool from the concern's page.
    staff_page = new_page()
    concern_page = reverse("admin:tools_catalog_concern_change", args=[concern.pk])
    log_in(staff_page, site, staff, concern_page)
    staff_page.select_option("#id_status", "substantiated")
    submit(staff_page, staff_page.locator('input[name="_continue"]'))
    assert path_of(staff_page) == concern_page
    submit(staff_page, staff_page.locator('#tool-decide button[value="remove"]'))
    staff_page.fill("#id_reason", "Bias confirmed by the evaluation the officer linked.")
    staff_page.fill("#id_summary", SUMMARY)
    staff_page.fill("#id_guidance", GUIDANCE)
    submit(staff_page, staff_page.locator('#content-main input[type="submit"]'))
    assert path_of(staff_page) == concern_page
    tool.refresh_from_db()
    assert tool.status == Tool.Status.REMOVED
    decision = ToolDecision.objects.get()
    assert decision.concern == concern

    # 3. The officer has a notice, and the tool is gone from the catalogue and the wizard.
    assert Notice.objects.filter(user=officer).count() == 2  # the status change, the removal
    page.goto(site + reverse("notices"))
    notices = page.locator("main").inner_text()
    assert "“Sentinel Hasher” was removed from the Global Hub" in notices
    assert "has a new status" in notices
    assert_no_axe_violations(page)
    page.goto(site + reverse("tools:catalogue"))
    catalogue = page.locator("main").inner_text()
    assert "Keeper Matcher" in catalogue and "Sentinel Hasher" not in catalogue
    page.goto(site + results)
    wizard = page.locator("main").inner_text()
    assert "Keeper Matcher" in wizard and "Sentinel Hasher" not in wizard

    # 4. The removal log has the entry with the date and the public summary.
    page.goto(site + reverse("tools:removed"))
    entry = page.locator(f"#decision-{decision.pk}")
    assert entry.count() == 1
    text = entry.inner_text()
    assert "Sentinel Hasher" in text and "Removed on" in text and SUMMARY in text
    assert_no_axe_violations(page)
    # The notice links to it.
    page.goto(site + reverse("notices"))
    submit(page, page.locator("main .notices a", has_text="was removed"))
    assert path_of(page) == reverse("tools:removed")
    assert not csp.violations, csp.violations


SHOTS = Path("/tmp/shots")  # noqa: S108 - where the screenshots are looked at
DIRECTION = {"en": "ltr", "ar": "rtl"}
REPLY = "We stopped the copies to the third country on 1 December; please review the tool again."


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_provider_sees_why_their_tool_was_removed_and_contests_it(
    new_page, live_site, csp, language
):
    labs = make_organisation(name="Sentinel Labs")
    provider = make_provider(
        organisation=labs, password=PASSWORD, name="Pat Provider", language=language
    )
    tool = make_wizard_tool("Sentinel Hasher", provider=labs, purposes=["hash-matching"])
    decision = removal.tool_remove(
        tool=tool, by=make_staff(), reason="Staff only: the evaluation report.",
        summary=SUMMARY, guidance=GUIDANCE,
    )  # fmt: skip
    portal = reverse("provider:tool", args=[tool.pk])

    page = new_page(locale=language)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    csp.watch(page)
    log_in(page, live_site, provider, portal)
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]

    section = page.locator("section.withdrawal")
    assert section.count() == 1
    assert SUMMARY in section.inner_text()
    assert "Staff only" not in page.locator("main").inner_text()
    assert section.locator(f'time[datetime="{decision.decided_at.isoformat()}"]').count() == 1
    assert_no_axe_violations(page)

    page.fill("#contest-message", REPLY)
    submit(page, section.locator("form button[type='submit']"))
    assert path_of(page) == portal
    assert REPLY in page.locator("section.withdrawal ol").inner_text()
    assert DecisionContest.objects.get().message == REPLY
    assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"removed-tool-{language}.png"), full_page=True)
    assert not csp.violations, csp.violations
