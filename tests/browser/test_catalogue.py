"""The AI tool catalogue in a real Chromium: an officer's use of it, axe-core, and no JavaScript.

The catalogue is the demo one (``tools_catalog.demo.seed``: the real taxonomies in six languages and
73 published fictional tools), so the pages are tested with realistic content. What the tests expect
is read from the database rather than written down, and elements are found by their ids, names and
form actions; only the texts the brief names (the save button) are checked in English.
"""

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import models
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_officer
from tools_catalog import services
from tools_catalog.models import Feedback, MediaType, Purpose, SavedTool, Tool

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
CATALOGUE = reverse("tools:catalogue")
COMPARE = reverse("tools:compare")

# Two values in different facets that several demo tools share, and a word only one of them has.
PURPOSE = "hash-matching"
MEDIA = "images"
SEARCH_WORD = "Kifaa"
SEARCHED_TOOL = "kifaa-triage-kit"
CSV_HEADER = [
    "Name",
    "Provider",
    "Summary",
    "Purposes",
    "Maturity",
    "Deployment",
    "Cost",
    "Country of origin",
    "Website",
    "Last verified",
    "Link",
]


@pytest.fixture
def catalogue_site(live_site) -> str:
    """The live server with the public pages and the demo catalogue."""
    from tools_catalog.demo import seed

    seed(stdout=io.StringIO())
    return live_site


# Helpers --------------------------------------------------------------------------------------------


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_page(new_page, site: str, language: str = "en", **context_options):
    """A fresh browser context in ``language`` (Accept-Language and the language cookie)."""
    page = new_page(locale=language, **context_options)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    return page


def log_in_to_catalogue(page, site: str, officer) -> None:
    log_in(page, site, officer, CATALOGUE)


def assert_language(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language, page.url
    assert html.get_attribute("dir") == DIRECTION[language], page.url


def filter_form(page):
    return page.locator("main form.catalogue__filters")


def tick_facet(page, param: str, value: str) -> None:
    """Open the facet's <details> (a click on its summary) and tick one of its values."""
    details = page.locator("details.facet", has=page.locator(f'input[name="{param}"]'))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    checkbox = details.locator(f'input[name="{param}"][value="{value}"]')
    checkbox.check()
    assert checkbox.is_checked()


def apply_filters(page) -> None:
    submit(page, filter_form(page).locator('button[type="submit"]'))
    assert path_of(page) == CATALOGUE


def result_count(page) -> int:
    """The number of matching tools the page announces."""
    number = re.search(r"\d+", page.locator(".result-count").inner_text())
    assert number, page.locator(".result-count").inner_text()
    return int(number.group())


def listed_slugs(page) -> list[str]:
    """The tools on this page of results, in their order (from the compare checkboxes)."""
    boxes = page.locator('form.compare-form input[name="tool"]')
    return [boxes.nth(i).get_attribute("value") for i in range(boxes.count())]


def listed_names(page) -> list[str]:
    return [page.locator(f"#tool-{slug}-title").inner_text().strip() for slug in listed_slugs(page)]


def chip_texts(page) -> list[str]:
    return [text.strip() for text in page.locator(".chips a.chip").all_inner_texts()]


def published():
    return Tool.objects.published()


def compare_columns(page) -> list[str]:
    return [
        text.strip()
        for text in page.locator('table.compare thead th[scope="col"]').all_inner_texts()
    ]


def tick_compare(page, slugs: list[str]) -> None:
    for slug in slugs:
        page.check(f"#compare-{slug}")
    submit(page, page.locator('form.compare-form > .actions button[type="submit"]'))
    assert path_of(page) == COMPARE
    assert query_of(page)["tool"] == slugs


# The officer's journey -------------------------------------------------------------------------------


def test_officer_uses_the_catalogue(new_page, catalogue_site):
    officer = make_officer(password=PASSWORD, name="Rania Analyst")
    page = open_page(new_page, catalogue_site)
    log_in_to_catalogue(page, catalogue_site, officer)
    total = published().count()
    assert result_count(page) == total
    assert not chip_texts(page)

    # 1. A purpose and a type of material, in two facets, then Apply.
    tick_facet(page, "purpose", PURPOSE)
    tick_facet(page, "media", MEDIA)
    apply_filters(page)

    assert query_of(page)["purpose"] == [PURPOSE]
    assert query_of(page)["media"] == [MEDIA]
    matching = published().filter(purposes__slug=PURPOSE).filter(media_types__slug=MEDIA)
    expected = sorted(matching.values_list("slug", flat=True))
    assert 1 < len(expected) < total
    assert result_count(page) == len(expected)
    assert sorted(listed_slugs(page)) == expected
    chips = chip_texts(page)
    assert len(chips) == 2, chips
    purpose_name = Purpose.objects.get(slug=PURPOSE).name_en
    media_name = MediaType.objects.get(slug=MEDIA).name_en
    assert any(purpose_name in chip for chip in chips), chips
    assert any(media_name in chip for chip in chips), chips
    filtered_url = page.url

    # 2. A search word that only one of them has.
    page.fill("#catalogue-q", SEARCH_WORD)
    apply_filters(page)
    assert query_of(page)["q"] == [SEARCH_WORD]
    assert listed_slugs(page) == [SEARCHED_TOOL]
    assert result_count(page) == 1
    assert len(chip_texts(page)) == 3  # the two filters and the search

    # 3. The tool's page; save it to My tools.
    tool = Tool.objects.get(slug=SEARCHED_TOOL)
    submit(page, page.locator(f"#tool-{SEARCHED_TOOL}-title a"))
    assert path_of(page) == tool.get_absolute_url()
    assert page.locator("h1").inner_text().strip() == tool.name
    save_form = page.locator(f'main form[action="{reverse("tools:save", args=[tool.slug])}"]')
    save_button = save_form.locator('button[type="submit"]')
    assert save_button.inner_text().strip() == "Save to My tools"
    submit(page, save_button)

    assert path_of(page) == tool.get_absolute_url()
    assert save_button.inner_text().strip() == "Remove from My tools"
    assert save_form.locator(".tool-card__saved").is_visible()
    assert page.locator(".messages .message--success").count() == 1
    assert SavedTool.objects.filter(user=officer, tool=tool).exists()

    page.goto(catalogue_site + reverse("tools:mine"))
    assert page.locator(".saved-list h2 a").all_inner_texts() == [tool.name]

    # 4. Back to the filtered list, where the card says it is saved; then clear the filters.
    page.goto(filtered_url)
    assert page.locator(f"#tool-{SEARCHED_TOOL} .tool-card__saved").is_visible()
    submit(page, page.locator(f'.chips a[href="{CATALOGUE}"]'))
    assert path_of(page) == CATALOGUE and not urlsplit(page.url).query
    assert not chip_texts(page)
    assert result_count(page) == total

    # 5. Compare three tools side by side.
    chosen = listed_slugs(page)[:3]
    names = {slug: page.locator(f"#tool-{slug}-title").inner_text().strip() for slug in chosen}
    tick_compare(page, chosen)
    assert compare_columns(page) == [names[slug] for slug in chosen]
    assert page.locator("table.compare tbody tr").count() > 10
    for row in page.locator("table.compare tbody tr").all()[:3]:
        assert row.locator("td").count() == 3

    # 6. From the table to one tool's page, and feedback on it.
    feedback_tool = Tool.objects.get(slug=chosen[0])
    submit(page, page.locator('table.compare thead th[scope="col"] a').first)
    assert path_of(page) == feedback_tool.get_absolute_url()
    assert page.locator("#feedback .feedback-post").count() == 0
    text = "Matched our hash list of 40,000 files in about ten minutes on a standard laptop."
    page.fill("#id_body", text)
    submit(page, page.locator('#feedback form button[type="submit"]'))

    assert path_of(page) == feedback_tool.get_absolute_url()
    assert urlsplit(page.url).fragment == "feedback"
    posts = page.locator("#feedback .feedback-list .feedback-post")
    assert posts.count() == 1
    assert text in posts.locator(".feedback-post__body").inner_text()
    assert officer.get_short_name() in posts.locator(".feedback-post__meta").inner_text()
    assert page.locator(".messages .message--success").count() == 1
    assert text in Feedback.objects.get(tool=feedback_tool, author=officer).body

    # 7. The catalogue's list, filtered, as a CSV file: the same tools in the same order.
    submit(page, page.locator(f'.breadcrumb a[href="{CATALOGUE}"]'))
    tick_facet(page, "purpose", PURPOSE)
    apply_filters(page)
    on_page = listed_names(page)
    assert len(on_page) == published().filter(purposes__slug=PURPOSE).count()
    export = page.locator(f'.catalogue__links a[href^="{reverse("tools:csv")}"]')
    with page.expect_download() as download_info:
        export.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".csv")
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets need
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == on_page
    assert all(len(row) == len(CSV_HEADER) for row in rows)
    links = {row[0]: row[-1] for row in rows[1:]}
    for tool in published().filter(purposes__slug=PURPOSE):
        assert links[tool.name] == catalogue_site + tool.get_absolute_url()


# Accessibility --------------------------------------------------------------------------------------


def check_page(page, language: str, path: str) -> None:
    assert path_of(page) == path, f"expected {path}, at {page.url}"
    assert_language(page, language)
    assert page.locator("h1").count() == 1, page.url
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_catalogue_pages_are_accessible(new_page, catalogue_site, csp, language):
    officer = make_officer(password=PASSWORD, language=language, name="Omar Officer")
    page = csp.watch(open_page(new_page, catalogue_site, language))
    log_in_to_catalogue(page, catalogue_site, officer)

    # The list with a value chosen in one facet: its <details> open, a chip, the results.
    tick_facet(page, "purpose", PURPOSE)
    apply_filters(page)
    assert len(chip_texts(page)) == 1
    assert page.locator("details.facet[open]").count() == 1
    check_page(page, language, CATALOGUE)

    # A tool page with feedback: another officer's post (with "Report") and the officer's own,
    # just posted (with "Edit", "Delete" and the confirmation message).
    tool_slug = listed_slugs(page)[0]
    tool = Tool.objects.get(slug=tool_slug)
    colleague = make_officer(name="Lina Colleague", language=language)
    services.feedback_post(
        tool=tool, author=colleague, body="<p>The hash import worked with our VICS export.</p>"
    )
    submit(page, page.locator(f"#tool-{tool_slug}-title a"))
    page.fill("#id_body", "Worked offline as described.")
    submit(page, page.locator('#feedback form button[type="submit"]'))
    assert page.locator("#feedback .feedback-post").count() == 2
    assert page.locator(".messages .message--success").count() == 1
    # The page is checked once the message has been shown: base.html's message list is a
    # <ul role="status">, whose role hides the list from its <li> items (axe "listitem"); that is
    # the base template's, not the catalogue's, and is reported separately.
    page.goto(catalogue_site + tool.get_absolute_url())
    assert page.locator("#feedback .feedback-post").count() == 2
    assert page.locator(".messages").count() == 0
    check_page(page, language, tool.get_absolute_url())

    # Three tools side by side.
    page.goto(catalogue_site + CATALOGUE)
    tick_compare(page, listed_slugs(page)[:3])
    assert len(compare_columns(page)) == 3
    check_page(page, language, COMPARE)

    # axe ran inside the pages under their unchanged policy, and nothing was refused.
    assert not csp.violations, csp.violations


# Without JavaScript -----------------------------------------------------------------------------------


def test_catalogue_works_without_javascript(new_page, catalogue_site):
    officer = make_officer(password=PASSWORD)
    page = open_page(new_page, catalogue_site, java_script_enabled=False)
    log_in_to_catalogue(page, catalogue_site, officer)

    # Filtering: the <details> open natively, the form is a plain GET form.
    tick_facet(page, "purpose", PURPOSE)
    tick_facet(page, "media", MEDIA)
    apply_filters(page)
    both = published().filter(purposes__slug=PURPOSE).filter(media_types__slug=MEDIA)
    assert sorted(listed_slugs(page)) == sorted(both.values_list("slug", flat=True))
    assert len(chip_texts(page)) == 2

    # Removing one chip keeps the other filter.
    media_name = MediaType.objects.get(slug=MEDIA).name_en
    submit(page, page.locator(".chips a.chip", has_text=media_name))
    assert path_of(page) == CATALOGUE
    assert query_of(page).get("purpose") == [PURPOSE]
    assert "media" not in query_of(page)
    chips = chip_texts(page)
    assert len(chips) == 1 and Purpose.objects.get(slug=PURPOSE).name_en in chips[0], chips
    purpose_only = published().filter(purposes__slug=PURPOSE)
    assert sorted(listed_slugs(page)) == sorted(purpose_only.values_list("slug", flat=True))
    assert result_count(page) == purpose_only.count()

    # Saving from a result card: the button belongs to its own form through the form attribute.
    slug = listed_slugs(page)[0]
    submit(page, page.locator(f'#tool-{slug} button[form="save"]'))
    assert path_of(page) == CATALOGUE
    assert query_of(page).get("purpose") == [PURPOSE]  # back on the same list
    assert page.locator(f"#tool-{slug} .tool-card__saved").is_visible()
    assert SavedTool.objects.filter(user=officer, tool__slug=slug).exists()

    # Comparing two tools.
    chosen = listed_slugs(page)[:2]
    tick_compare(page, chosen)
    names = [Tool.objects.get(slug=slug).name for slug in chosen]
    assert compare_columns(page) == names


# A small screen, and every facet value without JavaScript ----------------------------------------------

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_on_a_phone_the_results_are_one_link_away_and_every_value_is_reachable(
    new_page, catalogue_site, csp, language, tmp_path
):
    officer = make_officer(password=PASSWORD, language=language)
    page = csp.watch(
        open_page(new_page, catalogue_site, language, viewport=PHONE, java_script_enabled=False)
    )
    log_in_to_catalogue(page, catalogue_site, officer)
    assert_language(page, language)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    # The jump to the results is on the first screen, and takes the officer to the first card.
    jump = page.locator(".skip-to-results a")
    box = jump.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"]
    first_card = page.locator(".tool-card").first
    assert first_card.bounding_box()["y"] > PHONE["height"]  # below the filters until then
    jump.click()
    assert urlsplit(page.url).fragment == "results"
    card = first_card.bounding_box()
    assert 0 <= card["y"] < PHONE["height"]

    # The purposes: the panel shows some, and a link (no script) lists every one with its count.
    purposes = published().filter(purposes__isnull=False).values("purposes").distinct().count()
    details = page.locator("details#facet-purpose")
    details.locator("summary").click()
    shown = details.locator('input[name="purpose"]')
    assert 0 < shown.count() < purposes
    submit(page, details.locator(".facet__more a"))
    assert query_of(page)["more"] == ["purpose"]
    assert urlsplit(page.url).fragment == "facet-purpose"
    details = page.locator("details#facet-purpose")
    assert details.get_attribute("open") is not None
    every = details.locator('input[name="purpose"]')
    assert every.count() == purposes

    # Ticking one that the short panel did not show filters by it, and the panel then shows it.
    shown_values = set()
    for i in range(every.count()):
        shown_values.add(every.nth(i).get_attribute("value"))
    assert len(shown_values) == purposes
    rare = (
        Purpose.objects.filter(tool__status=Tool.Status.PUBLISHED)
        .annotate(tools=models.Count("tool"))
        .order_by("tools", "slug")
        .first()
    )
    details.locator(f'input[name="purpose"][value="{rare.slug}"]').check()
    apply_filters(page)
    assert query_of(page)["purpose"] == [rare.slug]
    assert "more" not in query_of(page)
    assert len(listed_slugs(page)) == rare.tools
    assert page.locator(f'details#facet-purpose input[value="{rare.slug}"]').is_checked()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / f"catalogue-phone-{language}.png"))
    assert not csp.violations, csp.violations
