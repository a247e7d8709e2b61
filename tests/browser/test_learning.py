"""The learning centre in a real Chromium: an officer works through the eight-stage workflow, leaves and
comes back to find their ticks; plays the demo video with captions (seeking through range requests);
and axe-core checks the pages in English and Arabic.

The content is the demo one (``learning.demo.seed``, with the catalogue's demo tools), and the video
files are copied into a temporary MEDIA_ROOT, from which only the access-checked view serves them.
"""

import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from learning.models import ChecklistTick, LearningPath, Resource
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_officer

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
LEARN = reverse("learning:home")
WORKFLOW = "eight-stage-workflow"
VIDEO = "video-what-is-ai"


@pytest.fixture
def learning_site(live_site, settings, tmp_path) -> str:
    """The live server with the public pages, the demo catalogue and the demo learning centre."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from learning.demo import seed as learning_seed
    from tools_catalog.demo import seed as catalogue_seed

    catalogue_seed(stdout=io.StringIO())
    learning_seed(stdout=io.StringIO())
    return live_site


def open_page(new_page, site: str, language: str = "en"):
    page = new_page(locale=language)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    return page


def log_out(page) -> None:
    submit(page, page.locator(f'.site-nav form[action="{reverse("account_logout")}"] button'))


def progress(page, element_id: str = "progress-path") -> tuple[int, int]:
    bar = page.locator(f"#{element_id}")
    return int(bar.get_attribute("value")), int(bar.get_attribute("max"))


def checked_items(page) -> set[str]:
    boxes = page.locator('input[form="path-progress"][name="item"]')
    return {
        boxes.nth(i).get_attribute("value")
        for i in range(boxes.count())
        if boxes.nth(i).is_checked()
    }


# The officer's journey ------------------------------------------------------------------------------


def test_progress_on_the_workflow_is_kept_across_sessions(new_page, learning_site, csp):
    officer = make_officer(password=PASSWORD, name="Rania Analyst")
    page = csp.watch(open_page(new_page, learning_site))
    log_in(page, learning_site, officer, LEARN)

    # From /learn/ to the workflow path.
    path = LearningPath.objects.get(slug=WORKFLOW)
    submit(page, page.locator(f'#path-{WORKFLOW}-title a[href="{path.get_absolute_url()}"]'))
    assert path_of(page) == path.get_absolute_url()
    steps = list(path.steps.order_by("position"))
    assert page.locator("ol.path-steps > li").count() == 8
    done, total = progress(page)
    assert done == 0 and total == sum(step.items.count() for step in steps)

    # Tick every item of stage 1 and one of stage 4, then save from stage 4.
    define, select = steps[0], steps[3]
    for item in define.items.all():
        page.check(f"#item-{item.pk}")
    chosen = select.items.order_by("position")[1]
    page.check(f"#item-{chosen.pk}")
    submit(page, page.locator(f'#step-{select.pk} button[form="path-progress"]'))

    assert path_of(page) == path.get_absolute_url()
    assert urlsplit(page.url).fragment == f"step-{select.pk}"
    expected = {str(item.pk) for item in define.items.all()} | {str(chosen.pk)}
    assert checked_items(page) == expected
    assert progress(page) == (len(expected), total)
    assert page.locator(f"#step-{define.pk} .path-step__done").is_visible()
    assert ChecklistTick.objects.filter(user=officer).count() == len(expected)

    # Leave, come back in a new session: the ticks and the progress are there.
    log_out(page)
    assert page.locator(".site-nav").get_by_role("link", name="Log in").count() == 1
    log_in(page, learning_site, officer, LEARN)
    resume = page.locator(".learn-resume a.button")
    assert f"#step-{steps[1].pk}" in resume.get_attribute("href")
    assert progress(page, f"progress-{WORKFLOW}") == (len(expected), total)
    submit(page, resume)
    assert path_of(page) == path.get_absolute_url()
    assert checked_items(page) == expected
    assert progress(page) == (len(expected), total)

    # Unticking is saved the same way.
    page.uncheck(f"#item-{chosen.pk}")
    submit(page, page.locator(f'#step-{select.pk} button[form="path-progress"]'))
    assert checked_items(page) == expected - {str(chosen.pk)}

    assert not csp.violations, csp.violations


def test_the_video_plays_with_captions_and_seeks(new_page, learning_site, csp):
    officer = make_officer(password=PASSWORD)
    resource = Resource.objects.get(slug=VIDEO)
    page = csp.watch(open_page(new_page, learning_site))
    media_answers = []
    page.on(
        "response",
        lambda response: (
            media_answers.append((response.status, response.headers))
            if "/learn/media/learning/videos/" in response.url
            else None
        ),
    )
    log_in(page, learning_site, officer, resource.get_absolute_url())

    video = page.locator("video#resource-video")
    assert video.locator("track[default]").count() == 1
    assert video.locator("track[default]").get_attribute("srclang") == "en"
    assert video.locator("track").count() == 4

    # The default track is showing once its cues have loaded (from the members-only view).
    page.wait_for_function(
        """() => {
          const track = [...document.querySelector('#resource-video').textTracks]
            .find((t) => t.language === 'en');
          return track && track.mode === 'showing' && track.cues && track.cues.length === 3;
        }"""
    )
    page.wait_for_function("() => document.querySelector('#resource-video').readyState >= 1")
    assert page.evaluate(
        "() => document.querySelector('#resource-video').duration"
    ) == pytest.approx(9, abs=0.2)

    # Seek into the middle: the browser fetches that part with a range request.
    page.evaluate(
        """() => new Promise((resolve) => {
          const video = document.querySelector('#resource-video');
          video.addEventListener('seeked', resolve, {once: true});
          video.currentTime = 4.5;
        })"""
    )
    assert page.evaluate("() => document.querySelector('#resource-video').currentTime") == (
        pytest.approx(4.5, abs=0.5)
    )
    cue = page.evaluate(
        """() => {
          const track = [...document.querySelector('#resource-video').textTracks]
            .find((t) => t.language === 'en');
          return [...track.activeCues].map((c) => c.text).join(' ');
        }"""
    )
    assert "AI finds patterns" in cue

    # And it plays (muted: there is no sound track anyway).
    page.evaluate(
        """async () => {
          const video = document.querySelector('#resource-video');
          video.muted = true;
          await video.play();
        }"""
    )
    page.wait_for_function("() => document.querySelector('#resource-video').currentTime > 5")
    page.evaluate("() => document.querySelector('#resource-video').pause()")

    statuses = {status for status, _headers in media_answers}
    assert 206 in statuses, media_answers
    assert all(headers.get("accept-ranges") == "bytes" for _status, headers in media_answers)
    assert page.locator("#transcript-title").is_visible()
    assert not csp.violations, csp.violations


def test_outsiders_get_no_video(new_page, learning_site):
    resource = Resource.objects.get(slug=VIDEO)
    page = open_page(new_page, learning_site)
    response = page.request.get(learning_site + resource.video.url, max_redirects=0)
    assert response.status == 302
    assert response.headers["location"].startswith(reverse("account_login"))
    assert b"WEBVTT" not in response.body() and len(response.body()) < 1000


# Accessibility --------------------------------------------------------------------------------------


def check_page(page, language: str, path: str) -> None:
    assert path_of(page) == path, f"expected {path}, at {page.url}"
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").count() == 1, page.url
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_learning_pages_are_accessible(new_page, learning_site, csp, language):
    officer = make_officer(password=PASSWORD, language=language, name="Omar Officer")
    page = csp.watch(open_page(new_page, learning_site, language))
    path = LearningPath.objects.get(slug=WORKFLOW)
    log_in(page, learning_site, officer, path.get_absolute_url())

    # Some progress, so that every state shows: done, partly ticked, not started.
    first = path.steps.order_by("position").first()
    for item in first.items.all():
        page.check(f"#item-{item.pk}")
    submit(page, page.locator(f'#step-{first.pk} button[form="path-progress"]'))
    # Checked after reloading: the message list of base.html is reported separately (see
    # tests/browser/test_catalogue.py).
    page.goto(learning_site + path.get_absolute_url())
    check_page(page, language, path.get_absolute_url())

    # /learn/ with a filter applied: the path card with progress, the resource list.
    page.goto(learning_site + LEARN + "?topic=responsible-ai")
    assert page.locator(".resource-list > li").count() >= 2
    assert page.locator(".learn-resume").count() == 1
    check_page(page, language, LEARN)

    # A resource with the video, captions, transcript and glossary terms.
    video = Resource.objects.get(slug=VIDEO)
    page.goto(learning_site + video.get_absolute_url())
    page.wait_for_function("() => document.querySelector('#resource-video').readyState >= 1")
    check_page(page, language, video.get_absolute_url())

    # An explainer with glossary links and its "Terms used on this page".
    explainer = Resource.objects.get(slug="what-is-ai")
    page.goto(learning_site + explainer.get_absolute_url())
    assert page.locator("a.glossary-link").count() >= 1
    check_page(page, language, explainer.get_absolute_url())

    # The glossary.
    page.goto(learning_site + reverse("learning:glossary"))
    check_page(page, language, reverse("learning:glossary"))

    assert not csp.violations, csp.violations
