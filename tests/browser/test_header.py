"""The header on a phone (390 CSS pixels): the site's name and two buttons, "Menu" and the current
language, instead of the whole menu and six language buttons taking a third of the screen. Both
open without JavaScript (<details>), with the keyboard too, and the no-script language switch still
works from inside. On a wide screen everything is shown at once and the buttons are not."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_officer

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}
SHOTS = Path("/tmp/shots")  # noqa: S108 - where the screenshots are looked at
LOCAL_NAME = {"en": "English", "ar": "العربيّة"}


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def open_page(new_page, live_site, language: str, **options):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(locale=language, **options)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    return page


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_header_is_one_row_and_opens_on_demand(new_page, live_site, csp, language):
    page = csp.watch(open_page(new_page, live_site, language, viewport=PHONE))
    page.goto(live_site + reverse("home"))
    header = page.locator(".site-header")
    menu = header.locator(".site-menu > summary")
    languages = header.locator(".site-languages > summary")
    page.locator(".site-header").screenshot(path=SHOTS / f"header-390-{language}.png")

    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    # The name, the menu button and the language button: an eighth of the screen at most.
    assert header_height(page) <= PHONE["height"] / 8, header_height(page)
    assert menu.is_visible() and languages.is_visible()
    assert LOCAL_NAME[language] in languages.inner_text()
    assert (
        not header.get_by_role("link", name="About")
        .or_(header.get_by_role("link", name="حول"))
        .first.is_visible()
    )
    assert not header.locator(".language-switcher button").first.is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    # The keyboard opens the menu: its links are shown below the header, over the page.
    menu.focus()
    page.keyboard.press("Enter")
    nav = header.locator(".site-nav")
    assert nav.is_visible()
    links = nav.get_by_role("link")
    assert links.count() == 4  # a visitor: about, numbers, join, log in
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 24 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.site-nav') !== null")
    page.screenshot(
        path=SHOTS / f"header-390-{language}-menu.png",
        clip={"x": 0, "y": 0, "width": PHONE["width"], "height": 420},
    )
    assert_no_axe_violations(page)

    languages.click()
    buttons = header.locator(".language-switcher button")
    assert buttons.count() == 6 and all(buttons.nth(i).is_visible() for i in range(6))
    assert_no_axe_violations(page)
    assert not csp.violations, csp.violations


def test_on_a_phone_the_language_switch_works_without_javascript(new_page, live_site):
    page = open_page(new_page, live_site, "en", viewport=PHONE, java_script_enabled=False)
    page.goto(live_site + reverse("about"))

    page.locator(".site-languages > summary").click()
    submit(page, page.locator('.language-switcher button[value="ar"]'))

    assert page.locator("html").get_attribute("lang") == "ar"
    assert path_of(page) == reverse("about")
    assert "العربيّة" in page.locator(".site-languages > summary").inner_text()
    assert not page.locator(".language-switcher button").first.is_visible()


def test_on_a_phone_a_member_reaches_every_menu_link(new_page, live_site, csp):
    officer = make_officer(password=PASSWORD, language="ar")
    page = csp.watch(open_page(new_page, live_site, "ar", viewport=PHONE))
    log_in(page, live_site, officer, reverse("me"))

    assert header_height(page) <= PHONE["height"] / 8
    page.locator(".site-menu > summary").click()
    nav = page.locator(".site-header .site-nav")
    items = nav.locator("li")
    assert items.count() >= 8  # home, the four rooms, your data, notices, security, log out
    for i in range(items.count()):
        assert items.nth(i).is_visible()
    assert nav.bounding_box()["y"] + nav.bounding_box()["height"] <= PHONE["height"]
    assert_no_axe_violations(page)
    assert not csp.violations, csp.violations


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_wide_screen_everything_is_shown_and_the_buttons_are_not(
    new_page, live_site, csp, language
):
    page = csp.watch(open_page(new_page, live_site, language, viewport=WIDE))
    page.goto(live_site + reverse("home"))
    header = page.locator(".site-header")
    header.screenshot(path=SHOTS / f"header-1280-{language}.png")

    assert not header.locator(".site-menu > summary").is_visible()
    assert not header.locator(".site-languages > summary").is_visible()
    assert header.locator(".site-nav").get_by_role("link").count() == 4
    assert all(link.is_visible() for link in header.locator(".site-nav").get_by_role("link").all())
    buttons = header.locator(".language-switcher button")
    assert all(buttons.nth(i).is_visible() for i in range(6))
    # The links are in the tab order although their <details> is closed.
    page.locator(".site-name").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.site-nav') !== null")
    assert header_height(page) <= 100
    assert_no_axe_violations(page)
    assert not csp.violations, csp.violations
