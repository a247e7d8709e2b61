"""The public pages in a real Chromium: languages, keyboard, footer, accessibility, network, CSP.

The page texts are being rewritten, so nothing here depends on their wording: pages are found by URL,
buttons by their ``value`` and links by their ``href``.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["home", "about", "principles", "report", "privacy", "terms"]
FOOTER_PAGES = ["about", "principles", "report", "privacy", "terms"]
MISSING_PATH = "/no-such-page/"
# Each page is also checked with the 404 page, which shares the base template.
PAGES = [(name, None) for name in PUBLIC_PAGES] + [("not-found", MISSING_PATH)]
DIRECTION = {"en": "ltr", "ar": "rtl", "fr": "ltr", "zh-hans": "ltr", "ru": "ltr", "es": "ltr"}


def page_path(name: str, path: str | None) -> str:
    return path or reverse(name)


def expected_status(path: str) -> int:
    return 404 if path == MISSING_PATH else 200


def assert_language(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]


def assert_one_h1(page) -> None:
    h1 = page.locator("h1")
    assert h1.count() == 1, f"{page.url} has {h1.count()} h1 elements"
    assert h1.inner_text().strip(), f"the h1 of {page.url} is empty"


def switch_language(page, language: str) -> None:
    """Press the switcher's button for ``language`` and wait for the page to come back."""
    button = page.locator(f'.language-switcher button[value="{language}"]')
    with page.expect_navigation() as navigation:
        button.click()
    assert navigation.value.ok, f"switching to {language}: HTTP {navigation.value.status}"


def assert_current_language_button(page, language: str) -> None:
    current = page.locator('.language-switcher button[aria-current="true"]')
    assert current.count() == 1
    assert current.get_attribute("value") == language
    assert current.get_attribute("lang") == language


def test_landing_page_in_english(page, live_site):
    response = page.goto(live_site + reverse("home"))

    assert response.status == 200
    assert_language(page, "en")
    assert_one_h1(page)
    assert_current_language_button(page, "en")
    assert page.title().strip()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, live_site):
    page.goto(live_site + reverse("home"))

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => ({cls: document.activeElement.className,"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}
    # Hidden off-screen until focused, then it must be visible inside the viewport.
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0 and box["x"] >= 0, box
    assert page.locator(".skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    assert urlsplit(page.url).fragment == "main"


def test_language_switcher_arabic_french_english(page, live_site):
    page.goto(live_site + reverse("home"))
    assert_language(page, "en")

    switch_language(page, "ar")
    assert urlsplit(page.url).path == reverse("home")
    assert_language(page, "ar")
    assert_current_language_button(page, "ar")
    assert_one_h1(page)

    switch_language(page, "fr")
    assert_language(page, "fr")
    assert_current_language_button(page, "fr")

    switch_language(page, "en")
    assert_language(page, "en")
    assert_current_language_button(page, "en")

    # The choice is kept: a new visit to another page stays in English.
    page.goto(live_site + reverse("about"))
    assert_language(page, "en")


def test_language_switcher_returns_to_the_same_page(page, live_site):
    page.goto(live_site + reverse("privacy"))

    switch_language(page, "ar")

    assert urlsplit(page.url).path == reverse("privacy")
    assert_language(page, "ar")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_footer_links(new_page, live_site, language):
    page = new_page(locale=language)
    page.goto(live_site + reverse("home"))
    assert_language(page, language)

    footer_links = page.locator("footer a")
    hrefs = [footer_links.nth(i).get_attribute("href") for i in range(footer_links.count())]
    assert hrefs == [reverse(name) for name in FOOTER_PAGES]

    for name in FOOTER_PAGES:
        link = page.locator(f'footer a[href="{reverse(name)}"]')
        assert link.inner_text().strip(), f"footer link to {name} has no text"
        with page.expect_navigation() as navigation:
            link.click()
        response = navigation.value
        assert response.status == 200, f"{name}: HTTP {response.status}"
        assert urlsplit(page.url).path == reverse(name)
        assert_language(page, language)
        assert_one_h1(page)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _path in PAGES])
def test_no_axe_violations(new_page, live_site, csp, name, path, language):
    page = csp.watch(new_page(locale=language))
    url = live_site + page_path(name, path)

    response = page.goto(url)

    assert response.status == expected_status(page_path(name, path))
    assert_language(page, language)
    assert_one_h1(page)
    assert_no_axe_violations(page)
    # axe ran inside the page under its unchanged policy, and caused no violation either.
    assert not csp.violations, csp.violations


def test_axe_runs_under_the_unweakened_policy(page, live_site, csp):
    """A control: the page's CSP really refuses inline script, and axe runs all the same."""
    csp.watch(page)
    response = page.goto(live_site + reverse("home"))
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy

    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__inlineRan = true";
          document.body.append(script);
        }"""
    )

    assert page.evaluate("() => window.__inlineRan") is None
    for _ in range(50):  # the report reaches the test asynchronously, through the binding
        if any(report.get("blocked") == "inline" for report in csp.violations):
            break
        page.wait_for_timeout(20)
    else:
        pytest.fail(f"the refused inline script was not reported: {csp.violations}")
    results = assert_no_axe_violations(page)
    assert "color-contrast" in results["passes"] or "color-contrast" in [
        rule["id"] for rule in results["incomplete"]
    ]


def test_axe_helper_reports_violations(page, live_site):
    """A control: the helper fails, and says why, when the page does have violations."""
    page.goto(live_site + reverse("home"))
    page.evaluate(
        """() => {
          const main = document.querySelector("main");
          main.append(document.createElement("button"));
          const faint = document.createElement("p");
          faint.textContent = "Faint text";
          faint.style.color = "#bbbbbb";
          main.append(faint);
        }"""
    )

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)

    message = str(failure.value)
    assert "button-name [critical]" in message
    assert "color-contrast [serious]" in message
    assert "#main > button" in message
    assert "#main > p" in message


_FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  // The ring is drawn outside the element, so it is seen against what lies behind the element;
  // the skip link appears over the header.
  const header = document.querySelector(".site-header");
  let behind = element.closest(".site-header") || element.matches(".skip-link")
    ? header : element.parentElement;
  let background = "rgb(255, 255, 255)";
  for (; behind; behind = behind.parentElement) {
    const colour = getComputedStyle(behind).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { background = colour; break; }
  }
  return {
    element: element.tagName.toLowerCase() + (element.className ? "." + element.className : "")
      + " " + (element.getAttribute("href") || element.getAttribute("value") || ""),
    ring: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    background,
  };
}"""


def _luminance(rgb: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str) -> float:
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_focus_ring_is_visible_everywhere(new_page, live_site, language):
    """Every keyboard stop shows a ring of at least 3:1 against what is behind it (WCAG 1.4.11).

    axe does not check focus indicators; the header is brand blue, the body white, the footer grey.
    """
    page = new_page(locale=language)
    page.goto(live_site + reverse("home"))

    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        focused = page.evaluate(_FOCUSED)
        if stops and focused["element"] == stops[0]["element"]:
            break
        stops.append(focused)

    assert len(stops) >= 10, stops  # skip link, site name, nav, six languages, content, footer
    weak = [
        f"{stop['element']}: {stop['ring']} {stop['width']}px {stop['colour']} on "
        f"{stop['background']} = {contrast(stop['colour'], stop['background']):.2f}:1"
        for stop in stops
        if stop["ring"] == "none"
        or stop["width"] < 2
        or contrast(stop["colour"], stop["background"]) < 3
    ]
    assert not weak, "weak focus rings:\n" + "\n".join(weak)


def test_language_switcher_works_without_javascript(new_page, live_site):
    page = new_page(java_script_enabled=False)
    page.goto(live_site + reverse("about"))
    assert_language(page, "en")

    switch_language(page, "ar")

    assert urlsplit(page.url).path == reverse("about")
    assert_language(page, "ar")
    assert_current_language_button(page, "ar")

    switch_language(page, "en")
    assert_language(page, "en")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_request_leaves_the_hub(new_page, live_site, language):
    page = new_page(locale=language)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    for name, path in PAGES:
        response = page.goto(live_site + page_path(name, path), wait_until="networkidle")
        assert response.status == expected_status(page_path(name, path))

    assert requests, "no request was recorded"
    outside = [url for url in requests if not url.startswith(live_site + "/")]
    assert not outside, f"requests left the hub: {outside}"
    # The stylesheet really was fetched (and from the hub), so the check saw sub-resources too.
    assert any(urlsplit(url).path.endswith(".css") for url in requests), requests


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_csp_violation_on_public_pages(new_page, live_site, csp, language):
    page = csp.watch(new_page(locale=language))

    for name, path in PAGES:
        page.goto(live_site + page_path(name, path), wait_until="networkidle")
        assert_language(page, language)

    assert not csp.violations, csp.violations
