"""Every admin page staff use, under axe-core in English and Arabic: staff log in with password and
authenticator code, open the page in a real Chromium and axe-core finds no WCAG 2.x A/AA violation,
and the browser refuses nothing under the Content-Security-Policy.
The staff home is also photographed (/tmp/shots/staff-home-<language>.png) for a person to look at."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, submit
from tests.factories import make_applicant, make_officer, make_organisation, make_staff, make_tool
from tools_catalog.models import Concern, Purpose

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the screenshots are looked at
DIRECTION = {"en": "ltr", "ar": "rtl"}


def _url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def staff_home(staff):
    make_applicant(name="Ama Mensah")
    make_organisation(name="Pending Labs", status="pending")
    return _url("index")


def vetting_list(staff):
    for n in range(3):
        make_applicant(name=f"Applicant {n}")
    return _url("hub_officerapplication_changelist")


def vetting_detail(staff):
    applicant = make_applicant(name="Ama Mensah")
    return _url("hub_officerapplication_change", applicant.application.pk)


def organisations(staff):
    make_organisation(name="Pending Labs", status="pending")
    return _url("hub_organisation_changelist")


def organisation_detail(staff):
    return _url("hub_organisation_change", make_organisation(name="Lakeside Labs").pk)


def tools_list(staff):
    make_tool("Hash Hound", purposes=("victim-identification",))
    return _url("tools_catalog_tool_changelist")


def tool_change(staff):
    tool = make_tool("Hash Hound", purposes=("victim-identification",), media=("images",))
    return _url("tools_catalog_tool_change", tool.pk)


def submission_queue(staff):
    submission_review(staff)
    return _url("questionnaires_toolrevision_changelist")


def submission_review(staff):
    from questionnaires import services
    from tests.factories import make_provider
    from tests.questionnaires.factories import fill_in, make_draft, make_question_set, taxonomy

    make_question_set()
    taxonomy()
    provider = make_provider(organisation=make_organisation(name="Lakeside Labs"))
    revision = fill_in(make_draft(provider))
    services.revision_submit(revision=revision, by=provider)
    return _url("questionnaires_toolrevision_change", revision.pk)


def _concern():
    return Concern.objects.create(
        tool=make_tool("Hash Hound"),
        reporter=make_officer(),
        category=Concern.Category.ACCURACY,
        description="It misses resized images.",
    )


def concerns(staff):
    _concern()
    return _url("tools_catalog_concern_changelist")


def concern_change(staff):
    return _url("tools_catalog_concern_change", _concern().pk)


def removal_log(staff):
    from safety import removal

    removal.tool_suspend(
        tool=make_tool("Hash Hound"), by=staff, reason="Checks.", summary="Paused.",
        guidance="Stop using it.",
    )  # fmt: skip
    return _url("tools_catalog_tooldecision_changelist")


def taxonomy_list(staff):
    Purpose.objects.create(slug="victim-identification", name="Victim identification", position=1)
    return _url("tools_catalog_purpose_changelist")


def taxonomy_change(staff):
    purpose = Purpose.objects.create(
        slug="victim-identification", name="Victim identification", position=1
    )
    return _url("tools_catalog_purpose_change", purpose.pk)


def audit_log(staff):
    # Logging in is recorded: the log holds at least that.
    return _url("hub_auditevent_changelist")


def inclusion_report(staff):
    make_officer()
    return _url("inclusion_report")


PAGES = {
    "staff-home": staff_home,
    "vetting-list": vetting_list,
    "vetting-detail": vetting_detail,
    "organisations": organisations,
    "organisation-detail": organisation_detail,
    "tools-list": tools_list,
    "tool-change": tool_change,
    "submission-queue": submission_queue,
    "submission-review": submission_review,
    "concerns": concerns,
    "concern-change": concern_change,
    "removal-log": removal_log,
    "taxonomy-list": taxonomy_list,
    "taxonomy-change": taxonomy_change,
    "audit-log": audit_log,
    "inclusion-report": inclusion_report,
}


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(PAGES))
def test_admin_page_has_no_axe_violations(new_page, live_site, csp, language, name):
    staff = make_staff(password=PASSWORD, language=language)
    target = PAGES[name](staff)
    page = csp.watch(new_page(locale=language))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    log_in(page, live_site, staff, target)
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    # The admin keeps the hub's policy too: the page asks for no inline script or style. (Checked
    # before axe-core runs: its own probes write styles the policy refuses.)
    assert not csp.violations, csp.violations
    assert_no_axe_violations(page)
    if name == "staff-home":
        assert page.locator(".staff-home tbody tr").count() >= 6
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"staff-home-{language}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_removal_form_has_no_axe_violations(new_page, live_site, language):
    staff = make_staff(password=PASSWORD, language=language)
    tool = make_tool("Hash Hound")
    target = _url("tools_catalog_tool_changelist")
    page = new_page(locale=language)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    log_in(page, live_site, staff, target)
    page.check(f'input[name="_selected_action"][value="{tool.pk}"]')
    page.select_option('select[name="action"]', "remove")
    submit(page, page.locator('button[name="index"]'))
    assert page.locator(".decision-audience").count() == 1
    assert_no_axe_violations(page)


def test_a_translation_is_edited_without_javascript(new_page, live_site):
    staff = make_staff(password=PASSWORD)
    purpose = Purpose.objects.create(
        slug="victim-identification", name="Victim identification", position=1
    )
    target = _url("tools_catalog_purpose_change", purpose.pk)
    page = new_page(java_script_enabled=False)
    log_in(page, live_site, staff, target)
    # Every language's field is on the page, visible and named by its label: no tab to open.
    arabic = page.get_by_label("name [ar]", exact=False)
    assert arabic.is_visible()
    arabic.fill("تحديد هوية الضحايا")
    submit(page, page.locator('input[name="_continue"]'))
    purpose.refresh_from_db()
    assert purpose.name_ar == "تحديد هوية الضحايا"
    assert purpose.name_en == "Victim identification"
