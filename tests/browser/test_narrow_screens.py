"""At 320 CSS pixels (a small phone, or 1280 px zoomed to 400 %, WCAG 1.4.10 Reflow) the page does
not scroll sideways: a provider's long unbroken address wraps, and wide tables scroll in their own
box, which keyboard users can reach. On a 390 px phone, in English and Arabic: text shown in English
says so, dates and time zones read the reader's way, and new recovery codes can be downloaded and
printed."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse

from hub.accounts.second_factor import recovery_codes_generate
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.community.factories import make_event
from tests.factories import make_officer, make_tool

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 720}
PHONE = {"width": 390, "height": 844}
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


def test_an_event_in_english_on_an_arabic_phone_says_so_and_reads_the_arabic_way(
    new_page, live_site, csp
):
    event = make_event(
        "Hash matching clinic",
        start=datetime(2031, 3, 5, 14, 30, tzinfo=UTC),
        time_zone="Africa/Dakar",
    )
    officer = make_officer(password=PASSWORD, language="ar")
    page = csp.watch(new_page(locale="ar", viewport=PHONE))
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_site}])

    log_in(page, live_site, officer, event.get_absolute_url())

    title = page.locator("h1")
    assert title.locator('[lang="en"][dir="auto"]').inner_text() == "Hash matching clinic"
    assert title.locator(".in-english").is_visible()
    assert title.locator(".in-english").get_attribute("lang") is None  # in the page's language
    assert "5 مارس 2031، 2:30 م" in page.locator("main").inner_text()
    assert "(السنغال)" in page.locator("main").inner_text()
    assert page_width(page) <= PHONE["width"]
    assert_no_axe_violations(page)
    assert not csp.violations, csp.violations


@pytest.mark.parametrize("language", ["en", "ar"])
def test_new_recovery_codes_are_downloaded_and_printed_on_a_phone(
    new_page, live_site, csp, language
):
    officer = make_officer(password=PASSWORD, language=language)
    old = recovery_codes_generate(user=officer)
    page = csp.watch(new_page(locale=language, viewport=PHONE, accept_downloads=True))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    log_in(page, live_site, officer, reverse("mfa_devices"))

    page.fill("#id_current_code", old[0])
    new_codes = f'main form[action="{reverse("mfa_recovery_codes")}"] button[type="submit"]'
    submit(page, page.locator(new_codes))
    assert path_of(page) == reverse("mfa_recovery_codes")
    codes = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator("main ol").inner_text())
    assert len(codes) == 10
    assert page_width(page) <= PHONE["width"]
    assert_no_axe_violations(page)

    download_link = page.locator(f'main a[href="{reverse("mfa_recovery_codes_download")}"]')
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "global-hub-recovery-codes.txt"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    saved = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", text)
    assert saved == codes

    submit(page, page.locator(f'main a[href="{reverse("mfa_recovery_codes_print")}"]'))
    assert re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator("main ol").inner_text()) == codes
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".site-header").count() == 0
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    assert not page.locator(".print-view__back").is_visible()
    assert page.locator("main ol").is_visible()
    assert not csp.violations, csp.violations
