"""At 320 CSS pixels (a small phone, or 1280 px zoomed to 400 %, WCAG 1.4.10 Reflow) the page does
not scroll sideways: a provider's long unbroken address wraps, and wide tables scroll in their own
box, which keyboard users can reach."""

import pytest
from django.urls import reverse

from tests.browser.journey import PASSWORD, log_in
from tests.factories import make_officer, make_tool

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 720}
LONG_URL = "https://tools.example/" + "a" * 178  # 200 characters, no place to break


def page_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_long_address_typed_by_the_provider_wraps_on_a_narrow_screen(
    new_page, live_site, csp, language
):
    assert len(LONG_URL) == 200
    tool = make_tool(
        "Longlink",
        summary=f"See {LONG_URL}",
        description=f'<p>Read more at {LONG_URL}</p><p><a href="{LONG_URL}">{LONG_URL}</a></p>',
        website=LONG_URL,
        integrations=LONG_URL,
        hardware_requirements=LONG_URL,
        first_built_for=LONG_URL,
        used_by_other_agencies="yes",
        used_by_details=LONG_URL,
    )
    officer = make_officer(password=PASSWORD, language=language)
    page = csp.watch(new_page(locale=language, viewport=NARROW))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])

    log_in(page, live_site, officer, tool.get_absolute_url())

    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_text(LONG_URL).count() >= 1
    assert page_width(page) <= 320
    assert not csp.violations, csp.violations


def test_the_tables_of_the_numbers_scroll_in_their_own_box_on_a_narrow_screen(
    new_page, live_site, csp
):
    for country in ("FR", "KE", "JP"):
        for _ in range(6):
            make_officer(country=country)
    for i in range(6):
        make_tool(f"Tool {i}", country="DE")
    page = csp.watch(new_page(viewport=NARROW))

    page.goto(live_site + reverse("numbers"))
    for summary in page.locator(".numbers-figure__table > summary").all():
        summary.click()

    tables = page.locator(".numbers-figure__table table")
    assert tables.count() >= 1
    assert page_width(page) <= 320
    for i in range(tables.count()):
        box = tables.nth(i).locator("xpath=..")
        # The table's box: a named region that takes the keyboard focus, so it can be scrolled.
        assert box.get_attribute("role") == "region"
        assert box.get_attribute("tabindex") == "0"
        caption_id = box.get_attribute("aria-labelledby")
        assert caption_id and page.locator(f"#{caption_id}").count() == 1
        assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
        assert box.evaluate("el => el.getBoundingClientRect().right") <= 320
    # The widest table (months by figure) is wider than the screen: its box scrolls, not the page.
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.numbers-figure__table table')]
                 .map(t => [t.parentElement.scrollWidth, t.parentElement.clientWidth])"""
    )
    assert any(scroll > client for scroll, client in widths), widths
    assert not csp.violations, csp.violations
