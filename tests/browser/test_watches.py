"""Watching a search in a real Chromium, in English and Arabic: the catalogue's "Watch this
search" form (a plain post), the watch's page, then the watch listed on the member's own page."""

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, submit
from tests.factories import make_officer
from tests.wizard.wizard_factories import make_wizard_tool
from watches.models import Watch

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
ONE_TOOL = {"en": "1 tool matches now", "ar": "أداة واحدة مطابقة الآن"}  # the one tool it matches


@pytest.mark.parametrize("language", ["en", "ar"])
def test_an_officer_watches_a_search_and_finds_it_on_their_page(new_page, live_site, csp, language):
    make_wizard_tool("Desert Lens", deployment=["offline-air-gapped"], analysis=["ar"])
    officer = make_officer(password=PASSWORD, language=language, name="Rana Reader")
    page = csp.watch(new_page(locale=language))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    log_in(page, live_site, officer, reverse("tools:catalogue"))
    page.goto(live_site + reverse("tools:catalogue") + "?deployment=offline-air-gapped&alang=ar")

    form = page.locator("form.watch-form")
    form.locator('input[name="frequency"][value="weekly"]').check()
    assert_no_axe_violations(page)
    submit(page, form.locator("button"))

    watch = Watch.objects.get(owner=officer)
    assert (watch.frequency, watch.query) == ("weekly", "deployment=offline-air-gapped&alang=ar")
    assert page.locator("h1").inner_text() == watch.name
    assert page.locator('input[name="frequency"][value="weekly"]').is_checked()
    assert_no_axe_violations(page)

    page.goto(live_site + reverse("me"))
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
        language,
        DIRECTION[language],
    )
    listed = page.locator(f"#watch-{watch.pk}")
    assert listed.locator("a").get_attribute("href") == watch.get_absolute_url()
    assert listed.locator("a").inner_text() == watch.name
    assert ONE_TOOL[language] in listed.locator(".meta").inner_text()
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    assert not csp.violations
