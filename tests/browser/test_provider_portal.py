"""The provider portal in a real Chromium: a provider describes a tool over two logins and sends it;
staff ask for a change in the admin; the provider fixes it; staff publish; an officer reads the
answers on the tool page. Then every portal page under axe-core, in English and Arabic.

The question bank is the small one of tests/questionnaires/factories.py. Fields are found by their
names and ids, buttons by their forms and values; the texts checked are the provider's own answers.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from hub.models import OutboxEmail
from questionnaires import services
from questionnaires.models import ToolRevision
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_officer, make_organisation, make_provider, make_staff
from tests.questionnaires.factories import fill_in, make_draft, make_question_set, taxonomy
from tools_catalog.models import Tool

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
SHOTS = Path("/tmp/shots")  # noqa: S108 - where the screenshots are looked at
DASHBOARD = reverse("provider:dashboard")


@pytest.fixture
def portal_site(live_site) -> str:
    make_question_set()
    taxonomy()
    return live_site


# Helpers --------------------------------------------------------------------------------------------


def open_page(new_page, site: str, language: str = "en", csp=None):
    page = new_page(locale=language)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    return csp.watch(page) if csp is not None else page


def log_out(page) -> None:
    submit(page, page.locator(f'header form[action="{reverse("account_logout")}"] button'))


def save_section(page, then: str = "next") -> None:
    submit(page, page.locator(f'main form.questionnaire-form button[name="then"][value="{then}"]'))


def section_url(tool_id: int, part: str, key: str) -> str:
    return reverse(f"provider:{part}_section", args=[tool_id, key])


def fill_technical(page, site: str, tool_id: int) -> None:
    """The technical questionnaire, section by section, with "Save and continue"."""
    page.goto(site + section_url(tool_id, "technical", "basics"))
    page.fill("#id_summary_en", "Finds known material in seized media.")
    page.fill("#id_website", "https://lakeside.example/hound")
    save_section(page)
    assert path_of(page) == section_url(tool_id, "technical", "does")
    page.fill("#id_description_en", "Compares files with hash lists.")
    page.check('input[name="purposes"][value="hash-matching"]')
    page.check('input[name="media_types"][value="images"]')
    save_section(page)
    page.goto(site + section_url(tool_id, "technical", "runs"))
    page.check('input[name="deployment_options"][value="on-premises"]')
    save_section(page)
    assert path_of(page) == section_url(tool_id, "technical", "languages")
    # Languages are ticked by their names, not typed as codes.
    page.get_by_label("English", exact=True).first.check()
    page.get_by_label("French", exact=True).first.check()
    save_section(page)
    page.check('input[name="cost_models"][value="open-source"]')
    page.check('input[name="maturity"][value="in-production"]')
    save_section(page)
    assert path_of(page) == section_url(tool_id, "technical", "background")
    page.select_option("#id_country", "KE")
    page.fill("#id_first_built_for", "A national hotline with too many reports.")
    page.check('input[name="used_by_other_agencies"][value="no"]')
    page.check('input[name="independently_evaluated"][value="no"]')
    page.check('input[name="collects_user_data"][value="no"]')
    save_section(page)


def progress(page) -> str:
    return page.locator("#progress-text").inner_text().strip()


# The journey ----------------------------------------------------------------------------------------


def test_provider_submits_staff_review_and_an_officer_reads_the_answers(new_page, portal_site):
    site = portal_site
    provider = make_provider(
        password=PASSWORD, name="Pat Provider", organisation=make_organisation(name="Lakeside Labs")
    )
    staff = make_staff(password=PASSWORD)

    # 1. First login: start a new tool and fill in the technical questionnaire.
    page = open_page(new_page, site)
    log_in(page, site, provider, DASHBOARD)
    submit(page, page.locator(f'main a[href="{reverse("provider:tool_new")}"]'))
    page.fill("#id_name", "Hash Hound")
    submit(page, page.locator(f'main form[action="{reverse("provider:tool_new")}"] button'))
    tool = Tool.objects.get(name="Hash Hound")
    assert path_of(page) == section_url(tool.pk, "technical", "basics")
    fill_technical(page, site, tool.pk)
    # An invalid answer keeps what was typed, with the error beside the field.
    page.goto(site + section_url(tool.pk, "ethics", "data"))
    page.fill("#id_training_data", "No training data: it matches hashes.")
    page.fill("#id_documentation", "not a link")
    save_section(page, "stay")
    assert page.locator("#id_documentation[aria-invalid='true']").count() == 1
    assert page.locator("#id_training_data").input_value() == "No training data: it matches hashes."
    page.fill("#id_documentation", "https://lakeside.example/docs")
    save_section(page, "stay")
    assert "15 of 17" in progress(page)
    # The preview: the tool page as officers will see it, marked as such.
    page.goto(site + section_url(tool.pk, "technical", "languages"))
    assert page.locator('input[name="interface_languages"]:checked').count() == 2
    submit(page, page.locator(f'main a[href="{reverse("provider:tool", args=[tool.pk])}"]'))
    submit(page, page.locator(f'main a[href="{reverse("provider:tool_preview", args=[tool.pk])}"]'))
    assert "Preview" in page.locator(".preview-banner").inner_text()
    assert page.locator("h1").inner_text() == "Hash Hound"
    assert "Finds known material in seized media." in page.locator("main").inner_text()
    assert "English, French" in page.locator("main").inner_text()
    log_out(page)

    # 2. Days later, a second login: the draft is there; finish the ethics questionnaire and send.
    page = open_page(new_page, site)
    log_in(page, site, provider, DASHBOARD)
    submit(page, page.locator(f'main a[href="{reverse("provider:tool", args=[tool.pk])}"]'))
    assert "15 of 17" in progress(page)
    page.goto(site + section_url(tool.pk, "ethics", "data"))
    assert page.locator("#id_training_data").input_value() == "No training data: it matches hashes."
    page.check('input[name="data_lawful"][value="yes"]')
    page.fill("#id_data_lawful__explanation", "The agency's hash lists never leave the agency.")
    save_section(page)
    assert path_of(page) == section_url(tool.pk, "ethics", "team")
    page.check('input[name="location"][value="agency"]')
    save_section(page)
    assert path_of(page) == reverse("provider:submit", args=[tool.pk])
    page.check("#id_confirm")
    submit(
        page,
        page.locator(f'main form[action="{reverse("provider:submit", args=[tool.pk])}"] button'),
    )
    revision = ToolRevision.objects.get(tool=tool)
    assert revision.state == ToolRevision.State.IN_REVIEW

    # 3. Staff ask for a change to the training-data section, in the admin.
    staff_page = open_page(new_page, site)
    review = reverse("admin:questionnaires_toolrevision_change", args=[revision.pk])
    log_in(staff_page, site, staff, review)
    assert (
        "No training data: it matches hashes." in staff_page.locator("#content-main").inner_text()
    )
    staff_page.check('input[name="action"][value="request_changes"]')
    staff_page.fill("#id_comment__ethics__data", "Say how the hash lists are kept up to date.")
    submit(staff_page, staff_page.locator('#decide input[type="submit"]'))
    revision.refresh_from_db()
    assert revision.state == ToolRevision.State.CHANGES_REQUESTED
    assert OutboxEmail.objects.filter(
        template="review_changes_requested", to=provider.email
    ).exists()

    # 4. The provider reads the comment beside the section, fixes it and sends again.
    page.goto(site + reverse("provider:tool", args=[tool.pk]))
    submit(page, page.locator(f'main a[href="{section_url(tool.pk, "ethics", "data")}"]'))
    assert (
        "Say how the hash lists are kept up to date."
        in page.locator(".review-comment").inner_text()
    )
    page.fill(
        "#id_training_data",
        "No training data: it matches hashes. The lists are updated weekly by the agency.",
    )
    save_section(page, "stay")
    page.goto(site + reverse("provider:submit", args=[tool.pk]))
    page.check("#id_confirm")
    submit(
        page,
        page.locator(f'main form[action="{reverse("provider:submit", args=[tool.pk])}"] button'),
    )

    # 5. Staff publish.
    staff_page.goto(site + review)
    staff_page.check('input[name="action"][value="publish"]')
    submit(staff_page, staff_page.locator('#decide input[type="submit"]'))
    tool.refresh_from_db()
    assert tool.status == Tool.Status.PUBLISHED

    # 6. An officer reads the answers on the tool page.
    officer = make_officer(password=PASSWORD)
    officer_page = open_page(new_page, site)
    log_in(officer_page, site, officer, tool.get_absolute_url())
    ethics = officer_page.locator('section[aria-labelledby="ethics-title"]')
    assert "The lists are updated weekly by the agency." in ethics.inner_text()
    assert "The agency's hash lists never leave the agency." in ethics.inner_text()
    assert ethics.locator("h3").count() == 2
    assert_no_axe_violations(officer_page)


# Accessibility ----------------------------------------------------------------------------------------


def check(page, site: str, path: str, language: str) -> None:
    page.goto(site + path)
    assert path_of(page) == path, page.url
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").count() == 1, path
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_portal_pages_are_accessible(new_page, portal_site, csp, language):
    site = portal_site
    provider = make_provider(
        password=PASSWORD,
        language=language,
        organisation=make_organisation(name="Lakeside Labs"),
    )
    staff = make_staff()
    draft = make_draft(provider, "Draft Hound")
    published = fill_in(make_draft(provider, "Live Hound"))
    services.revision_submit(revision=published, by=provider)
    services.revision_decide(revision=published, action="publish", by=staff)
    asked = fill_in(make_draft(provider, "Asked Hound"))
    services.revision_submit(revision=asked, by=provider)
    services.revision_decide(
        revision=asked,
        action="request_changes",
        by=staff,
        message="Nearly there.",
        comments={"technical:basics": "Name the hotlines.", "ethics:team": "Where exactly?"},
    )

    page = open_page(new_page, site, language, csp)
    log_in(page, site, provider, DASHBOARD)
    check(page, site, DASHBOARD, language)
    check(page, site, reverse("provider:tool_new"), language)
    for tool_id in (draft.tool_id, published.tool_id, asked.tool_id):
        check(page, site, reverse("provider:tool", args=[tool_id]), language)
        check(page, site, reverse("provider:tool_preview", args=[tool_id]), language)
    for key in ("basics", "does", "languages", "cost", "background", "training", "translations"):
        check(page, site, section_url(draft.tool_id, "technical", key), language)
    for key in ("data", "team"):
        check(page, site, section_url(asked.tool_id, "ethics", key), language)
    check(page, site, section_url(asked.tool_id, "technical", "basics"), language)
    check(page, site, reverse("provider:submit", args=[draft.tool_id]), language)
    check(page, site, reverse("provider:submit", args=[asked.tool_id]), language)
    # Languages by their names in the reader's language.
    page.goto(site + section_url(draft.tool_id, "technical", "languages"))
    swahili = {"en": "Swahili", "ar": "السواحلية"}[language]
    assert (
        page.locator('label:has(input[name="interface_languages"][value="sw"])')
        .inner_text()
        .strip()
        == swahili
    )

    # A section sent back with errors: the summary at the top, the fields marked.
    page.goto(site + section_url(draft.tool_id, "technical", "basics"))
    page.fill("#id_website", "not a link")
    save_section(page, "stay")
    assert page.locator(".form-errors").is_visible()
    assert_no_axe_violations(page)

    assert not csp.violations, csp.violations


# Asked once ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_question_asked_in_background_is_shown_not_asked_again_in_the_ethics_section(
    new_page, live_site, csp, language
):
    """With the hub's own question bank: "who was it first built for" and "used by other agencies"
    are answered in Background; the ethics section shows those answers with a link back."""
    call_command("load_reference_data", stdout=io.StringIO(), stderr=io.StringIO())
    provider = make_provider(
        password=PASSWORD, language=language, organisation=make_organisation(name="Lakeside Labs")
    )
    tool_id = make_draft(provider).tool_id
    page = open_page(new_page, live_site, language, csp)
    background = section_url(tool_id, "technical", "background")
    log_in(page, live_site, provider, background)
    page.fill("#id_first_built_for", "A national hotline with too many reports.")
    page.check('input[name="used_by_other_agencies"][value="yes"]')
    page.fill("#id_used_by_details", "Two police services piloted it.")
    save_section(page, "stay")

    origin = section_url(tool_id, "ethics", "origin")
    check(page, live_site, origin, language)
    shared = page.locator(".shared-answer")
    assert shared.count() == 2
    assert "A national hotline with too many reports." in shared.first.inner_text()
    assert "Two police services piloted it." in shared.last.inner_text()
    assert page.locator("#id_first_built_for, #id_other_agencies_0").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("main").screenshot(path=str(SHOTS / f"asked-once-{language}.png"))
    submit(page, shared.first.locator(f'a[href="{background}"]'))
    assert path_of(page) == background
    assert not csp.violations, csp.violations
