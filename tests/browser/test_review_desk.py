"""The review desk in a real Chromium, in English and Arabic: staff (password and authenticator code)
open a submission the provider sent again after a request for changes, see what changed since,
fold and unfold sections without JavaScript, take it for themselves, and the page has no axe-core
violation. Screenshots go to /tmp/shots/review-desk-<language>.png for a person to look at."""

from pathlib import Path

import pytest
from django.urls import reverse

from questionnaires import services
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_organisation, make_provider, make_staff
from tests.questionnaires.factories import fill_in, make_draft, make_question_set, taxonomy

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the screenshots are looked at
DIRECTION = {"en": "ltr", "ar": "rtl"}


def resubmitted(provider, staff):
    revision = fill_in(make_draft(provider))
    services.revision_submit(revision=revision, by=provider)
    services.revision_decide(
        revision=revision,
        action="request_changes",
        by=staff,
        comments={"ethics:data": "Say where the data came from."},
    )
    services.ethics_section_save(
        revision=revision,
        section_key="data",
        answers={
            "training_data": ("Hash lists from two national hotlines.", ""),
            "data_lawful": ("yes", ""),
        },
    )
    services.revision_submit(revision=revision, by=provider)
    return revision


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_review_desk_shows_what_changed_and_who_reviews(new_page, live_site, csp, language):
    make_question_set()
    taxonomy()
    provider = make_provider(organisation=make_organisation(name="Lakeside Labs"))
    staff = make_staff(password=PASSWORD, name="Rey Reviewer", language=language)
    revision = resubmitted(provider, staff)
    desk = reverse("admin:questionnaires_toolrevision_change", args=[revision.pk])

    page = new_page(locale=language)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    csp.watch(page)
    log_in(page, live_site, staff, desk)
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]

    main = page.locator("#content-main")
    # The changed section is open, with the old answer struck through next to the new one.
    changed = main.locator("details.review-desk__section--changed")
    assert changed.count() == 1
    assert changed.get_attribute("open") is not None
    assert (
        changed.locator("del").first.inner_text().strip() == "No training data: it matches hashes."
    )
    assert (
        changed.locator("ins").first.inner_text().strip()
        == "Hash lists from two national hotlines."
    )
    # Every other section is folded: its table is not shown until its summary is clicked.
    folded = main.locator("details.review-desk__section:not([open])")
    assert folded.count() == 10
    team = main.locator("#section-11")  # the last section, "Team": nothing changed there
    assert team.get_attribute("open") is None
    assert not team.locator("table").first.is_visible()
    team.locator("summary").first.click()
    assert team.get_attribute("open") is not None
    team.locator("details.review-desk__unchanged > summary").click()
    assert team.locator("table").first.is_visible()

    # Take it.
    submit(page, main.locator('button[name="assign"][value="me"]'))
    assert path_of(page) == desk
    assert "Rey Reviewer" in page.locator(".review-desk__reviewer").inner_text()
    assert page.locator(".review-desk__waiting").count() == 1

    assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"review-desk-{language}.png"), full_page=True)

    queue = reverse("admin:questionnaires_toolrevision_changelist")
    page.goto(live_site + queue)
    assert "Rey Reviewer" in page.locator("#result_list").inner_text()
    assert not csp.violations, csp.violations
