"""Hub in numbers in a real Chromium: accessibility in English and Arabic, charts, no JavaScript needed."""

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations
from tests.factories import make_officer, make_tool

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}


@pytest.fixture
def numbers_url(live_site) -> str:
    """The page with enough officers and tools for every chart and breakdown to be drawn."""
    for country, count in (("FR", 6), ("KE", 5), ("JP", 2)):
        for _ in range(count):
            make_officer(country=country)
    for country, count in (("DE", 6), ("SN", 5)):
        for i in range(count):
            make_tool(f"Tool {country} {i}", country=country)
    return live_site + reverse("numbers")


def open_every_table(page) -> None:
    summaries = page.locator(".numbers-figure__table > summary")
    assert summaries.count() == 5
    for i in range(summaries.count()):
        summaries.nth(i).click()
    assert page.locator(".numbers-figure__table table:visible").count() == 5


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_axe_violations(new_page, numbers_url, csp, language):
    page = csp.watch(new_page(locale=language))

    response = page.goto(numbers_url)

    assert response.status == 200
    assert page.locator("html").get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").count() == 1
    assert page.locator("svg[role=img]").count() == 5
    assert_no_axe_violations(page)  # with the tables folded away ...
    open_every_table(page)
    assert_no_axe_violations(page)  # ... and shown
    assert not csp.violations, csp.violations


def test_charts_are_drawn_in_the_page_font(page, numbers_url):
    page.goto(numbers_url)

    chart = page.locator("#officers-by-region-heading ~ .numbers-figure__chart svg")
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 50
    fonts = page.evaluate(
        """() => [getComputedStyle(document.body).fontFamily,
                  getComputedStyle(document.querySelector("svg text")).fontFamily]"""
    )
    assert fonts[0] == fonts[1]
    # The bars are drawn in the brand blue, at least 3:1 against the white page.
    fill = page.evaluate("() => getComputedStyle(document.querySelector('.chart__bar')).fill")
    assert fill == "rgb(11, 79, 138)"


def test_in_arabic_time_runs_from_right_to_left(new_page, numbers_url):
    page = new_page(locale="ar")
    page.goto(numbers_url)

    labels = page.locator("#growth-officers-heading ~ .numbers-figure__chart svg .chart__axis text")
    months = [
        labels.nth(i)
        for i in range(labels.count())
        if labels.nth(i).get_attribute("text-anchor") == "middle"
    ]
    first, last = months[0].bounding_box(), months[-1].bounding_box()
    assert first["x"] > last["x"]
    # Bar labels start at the right-hand edge of their chart, as Arabic text does.
    chart = page.locator("#officers-by-region-heading ~ .numbers-figure__chart svg")
    label = chart.locator(".chart__label").first
    chart_box, label_box = chart.bounding_box(), label.bounding_box()
    assert chart_box["x"] + chart_box["width"] - (label_box["x"] + label_box["width"]) < 20


def test_the_tables_open_without_javascript(new_page, numbers_url):
    page = new_page(java_script_enabled=False)
    page.goto(numbers_url)

    open_every_table(page)

    table = page.locator("#officers-by-region-heading ~ .numbers-figure__table table")
    assert table.locator("tbody tr").all_inner_texts() == [
        "Europe\t6",
        "Other regions together\t7",
    ]
