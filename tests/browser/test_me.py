"""The member's own data in a real Chromium: a copy of the data asked for and downloaded, the
deletion asked for and cancelled, new terms accepted, and axe-core on every page of it in English and
Arabic."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.accounts.second_factor import recovery_codes_generate
from hub.models import DataExport, DeletionRequest, Page, PageVersion
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, fresh_code, log_in, path_of, submit
from tests.factories import make_officer

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
ME = reverse("me")


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def open_page(new_page, site: str, language: str = "en", **options):
    page = new_page(locale=language, **options)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    return page


def check_page(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").count() == 1, page.url
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_member_s_data_pages_are_accessible(new_page, live_site, csp, language):
    officer = make_officer(password=PASSWORD, language=language, name="Rana Reader")
    page = csp.watch(open_page(new_page, live_site, language, accept_downloads=True))
    log_in(page, live_site, officer, ME)
    check_page(page, language)

    # A copy of the data: asked for, ready at once here (tasks run in-process), downloaded.
    submit(page, page.locator(f'main form[action="{reverse("me_export")}"] button'))
    assert path_of(page) == ME
    export = DataExport.objects.get(user=officer)
    link = page.locator(f'main a[href="{reverse("me_export_download", args=[export.pk])}"]')
    with page.expect_download() as download:
        link.click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["hub"]["profile"]["email"] == officer.email
    check_page(page, language)  # with the messages and the "ready" state

    # Deleting the account: a wrong code first, then the right one, then changing one's mind.
    page.goto(live_site + reverse("me_delete"))
    check_page(page, language)
    page.locator("#id_understood").check()
    page.fill("#id_code", "000000")
    submit(page, page.locator(f'main form[action="{reverse("me_delete")}"] button'))
    assert page.locator("#id_code_error").is_visible()
    check_page(page, language)  # with the errors
    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    page.fill("#id_code", fresh_code(officer))
    submit(page, page.locator(f'main form[action="{reverse("me_delete")}"] button'))
    assert path_of(page) == ME
    assert DeletionRequest.objects.get(user=officer).cancelled_at is None
    check_page(page, language)  # with the banner
    submit(page, page.locator(f'main form[action="{reverse("me_delete_cancel")}"] button'))
    assert DeletionRequest.objects.get(user=officer).cancelled_at is not None

    # New terms: asked for on the next page, accepted, and the member goes on.
    terms = Page.objects.get(slug=Page.Slug.TERMS)
    PageVersion.objects.create(
        page=terms,
        version=2,
        title="Terms of engagement",
        summary="A plain summary of what changed.",
        body="<p>Full text.</p>",
        published_at=timezone.now() - timedelta(minutes=1),
    )
    fresh = csp.watch(open_page(new_page, live_site, language))
    log_in_to_consents(fresh, live_site, officer)
    check_page(fresh, language)
    fresh.locator("#id_accept").check()
    submit(fresh, fresh.locator(f'main form[action="{reverse("me_consents")}"] button'))
    assert path_of(fresh) == reverse("learning:home")
    assert not csp.violations, csp.violations


def log_in_to_consents(page, site: str, user) -> None:
    """Log in on the way to the learning centre, and be stopped by the new terms. (A recovery
    code: the authenticator's codes of this minute have been used already.)"""
    target = reverse("learning:home")
    page.goto(site + target)
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    submit(page, page.locator(f'main form[action="{reverse("account_login")}"] [type="submit"]'))
    page.fill("#id_token", recovery_codes_generate(user=user)[0])
    submit(page, page.locator(f'main form[action="{reverse("mfa_verify")}"] [type="submit"]'))
    assert path_of(page) == reverse("me_consents"), page.url
