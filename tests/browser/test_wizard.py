"""The selection wizard in a real Chromium with JavaScript off, used with the keyboard alone.

An officer answers the guided questions (Tab to move, Space to tick, arrow keys to choose among
radio buttons, Enter to go on), goes back once, skips a question, sorts the results, saves them as
a shortlist and reopens it. axe-core checks every page on the way, in English and in Arabic.
The catalogue is the demo one (``tools_catalog.demo.seed``); what the pages should list is
computed with the wizard's own function for the same answers, in the officer's fair order.
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of
from tests.factories import make_officer
from tools_catalog import selectors
from tools_catalog.models import Tool
from wizard import selectors as wizard
from wizard.forms import STEPS
from wizard.models import Shortlist

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
START = reverse("wizard:start")
RESULTS = reverse("wizard:results")
SHORTLISTS = reverse("wizard:shortlists")
TAB_LIMIT = 300


@pytest.fixture
def catalogue_site(live_site) -> str:
    from tools_catalog.demo import seed

    seed(stdout=io.StringIO())
    return live_site


def step_path(slug: str) -> str:
    return reverse("wizard:step", args=[slug])


# The keyboard ------------------------------------------------------------------------------------------


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator) -> None:
    """Press Tab until ``locator`` has the focus (it must be reachable by the keyboard)."""
    assert locator.count() == 1, locator
    for _press in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} cannot be reached with Tab on {page.url}")


def press_enter_on(page, locator) -> None:
    """Tab to a link or button and press Enter; wait for the next page."""
    tab_to(page, locator)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    assert response is not None and response.status < 400, page.url


def tick(page, name: str, value: str) -> None:
    box = page.locator(f'main input[name="{name}"][value="{value}"]')
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()


def choose_radio(page, name: str, value: str) -> None:
    """Tab into a radio group (the focus lands on the checked radio), then arrow to ``value``."""
    group = page.locator(f'main input[type="radio"][name="{name}"]')
    target = page.locator(f'main input[type="radio"][name="{name}"][value="{value}"]')
    tab_to(page, page.locator(f'main input[type="radio"][name="{name}"]:checked'))
    for _press in range(group.count()):
        if target.is_checked():
            return
        page.keyboard.press("ArrowDown")
    assert target.is_checked(), f"{name}={value} could not be chosen with the arrow keys"


def continue_button(page):
    return page.locator("main form.wizard-form .wizard-form__actions button:not([formaction])")


def back_button(page):
    return page.locator("main form.wizard-form button[formaction]")


# Checks --------------------------------------------------------------------------------------------------


class Checker:
    """Checks each page the officer sees: language, direction, one h1, and axe-core.

    axe-core needs JavaScript (it waits on timers), so it runs on the same address in a second
    browser context of the same session, with JavaScript on: every page of the wizard has its own
    GET address, so the second context sees exactly what the officer sees.
    """

    def __init__(self, new_page, language: str):
        self.language = language
        self.axe_page = new_page(locale=language)

    def signed_in_as(self, page) -> None:
        self.axe_page.context.add_cookies(page.context.cookies())

    def __call__(self, page) -> None:
        html = page.locator("html")
        assert html.get_attribute("lang") == self.language, page.url
        assert html.get_attribute("dir") == DIRECTION[self.language], page.url
        assert page.locator("h1").count() == 1, page.url
        self.axe_page.goto(page.url)
        assert self.axe_page.url == page.url
        assert_no_axe_violations(self.axe_page)


def check_step(page, check, slug: str, number: int) -> None:
    assert path_of(page) == step_path(slug), page.url
    progress = page.locator("main progress")
    assert progress.get_attribute("value") == str(number)
    assert progress.get_attribute("max") == str(len(STEPS))
    assert f"{number}" in page.locator("#wizard-progress-label").inner_text()
    check(page)


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=False)


def listed(page) -> list[str]:
    cards = page.locator("main article.wizard-card")
    return [cards.nth(i).get_attribute("id").removeprefix("tool-") for i in range(cards.count())]


def expected_slugs(officer, query: dict[str, list[str]], sort: str) -> list[str]:
    snapshot = selectors.taxonomy_snapshot("en")
    criteria = wizard.criteria_from(query, snapshot)
    found = wizard.wizard_results(
        criteria,
        snapshot=snapshot,
        seed=selectors.fair_seed(officer, timezone.localdate()),
        sort=sort,
    )
    slugs = dict(Tool.objects.filter(pk__in=found.ids).values_list("pk", "slug"))
    return [slugs[pk] for pk in found.ids[: wizard.PAGE_SIZE]]


# The journey ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_guided_wizard_with_the_keyboard_and_without_javascript(
    new_page, catalogue_site, language
):
    officer = make_officer(password=PASSWORD, language=language, name="Nadia Officer")
    page = new_page(locale=language, java_script_enabled=False)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": catalogue_site}]
    )
    log_in(page, catalogue_site, officer, START)
    check = Checker(new_page, language)
    check.signed_in_as(page)
    check(page)

    # 1. What you need to do: two tasks.
    press_enter_on(page, page.locator(f'main a[href^="{step_path("tasks")}"]'))
    check_step(page, check, "tasks", 1)
    tick(page, "purpose", "hash-matching")
    tick(page, "purpose", "device-triage")
    press_enter_on(page, continue_button(page))

    # 2. Material: images; then back, and forward again: nothing is lost either way.
    check_step(page, check, "material", 2)
    tick(page, "media", "images")
    press_enter_on(page, back_button(page))
    check_step(page, check, "tasks", 1)
    assert page.locator('main input[name="purpose"][value="hash-matching"]').is_checked()
    assert page.locator('main input[name="purpose"][value="device-triage"]').is_checked()
    press_enter_on(page, continue_button(page))
    check_step(page, check, "material", 2)
    assert page.locator('main input[name="media"][value="images"]').is_checked()
    press_enter_on(page, continue_button(page))

    # 3. Where it runs: it must work offline (a requirement).
    check_step(page, check, "where", 3)
    choose_radio(page, "offline", "must")
    press_enter_on(page, continue_button(page))

    # 4. Languages: skipped.
    check_step(page, check, "languages", 4)
    press_enter_on(page, page.locator("main a.wizard-skip"))

    # 5. Budget: free preferred. 6. Maturity: skipped. 7. Hardware: a standard laptop.
    check_step(page, check, "budget", 5)
    choose_radio(page, "budget", "prefer-free")
    press_enter_on(page, continue_button(page))
    check_step(page, check, "maturity", 6)
    press_enter_on(page, page.locator("main a.wizard-skip"))
    check_step(page, check, "hardware", 7)
    choose_radio(page, "capacity", "laptop")
    press_enter_on(page, continue_button(page))

    # The results: exactly what the wizard computes for these answers, best match first.
    assert path_of(page) == RESULTS
    query = query_of(page)
    assert sorted(query["purpose"]) == ["device-triage", "hash-matching"]
    assert query["media"] == ["images"] and query["offline"] == ["must"]
    assert query["budget"] == ["prefer-free"] and query["capacity"] == ["laptop"]
    assert "alang" not in query and "maturity" not in query
    by_match = expected_slugs(officer, query, "match")
    assert len(by_match) > 2
    assert listed(page) == by_match
    check(page)

    # Sort by name with the keyboard: focus the list box, arrow down once, then "Sort".
    select = page.locator("#wizard-sort")
    tab_to(page, select)
    page.keyboard.press("ArrowDown")
    assert select.input_value() == "name"
    press_enter_on(page, page.locator("main form.wizard-sort button"))
    assert query_of(page)["sort"] == ["name"]
    by_name = expected_slugs(officer, query, "name")
    assert listed(page) == by_name != by_match
    check(page)

    # Save it as a shortlist: name and notes typed, then Enter on the save button.
    name_field = page.locator("#save-name")
    tab_to(page, name_field)
    page.keyboard.press("Control+A")
    page.keyboard.type("Offline triage kits")
    page.keyboard.press("Tab")
    assert is_focused(page.locator("#save-notes"))
    page.keyboard.type("For the field unit's procurement file.")
    press_enter_on(page, page.locator('main form[method="post"] button[type="submit"]'))
    shortlist = Shortlist.objects.get(owner=officer)
    assert path_of(page) == shortlist.get_absolute_url()
    assert shortlist.name == "Offline triage kits" and shortlist.sort == "name"
    assert (
        list(
            shortlist.items.order_by("position").values_list("tool__slug", flat=True)[
                : len(by_name)
            ]
        )
        == by_name
    )
    assert page.locator("h1").inner_text().strip() == "Offline triage kits"

    # Reopen it from the list of shortlists, with the keyboard.
    press_enter_on(page, page.locator(f'main .breadcrumb a[href="{SHORTLISTS}"]'))
    assert path_of(page) == SHORTLISTS
    check(page)
    press_enter_on(page, page.locator(f'main a[href="{shortlist.get_absolute_url()}"]'))
    assert path_of(page) == shortlist.get_absolute_url()
    assert listed(page) == by_name  # the saved order, on today's catalogue
    assert page.locator(".shortlist-changes ul").count() == 0  # nothing changed since
    assert "For the field unit's procurement file." in page.locator("main").inner_text()
    check(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_other_wizard_pages_are_accessible(new_page, catalogue_site, language):
    officer = make_officer(password=PASSWORD, language=language)
    page = new_page(locale=language, java_script_enabled=False)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": catalogue_site}]
    )
    log_in(page, catalogue_site, officer, START)
    check = Checker(new_page, language)
    check.signed_in_as(page)

    for path in (
        reverse("wizard:parameters") + "?purpose=hash-matching&alang=ar",
        reverse("wizard:how"),
    ):
        page.goto(catalogue_site + path)
        check(page)
    # A step with every kind of field: checkboxes in columns, a lone checkbox, languages by name.
    page.goto(catalogue_site + step_path("languages") + "?ilang=fr&ilang_required=on&alang=ar")
    assert page.locator('main input[name="ilang_required"]').is_checked()
    check_step(page, check, "languages", 4)
    # A results page with nothing found.
    page.goto(
        catalogue_site
        + RESULTS
        + "?alang=ar&alang=ru&alang=sw&offline=must&maturity=in-production-use"
    )
    assert listed(page) == []
    check(page)
