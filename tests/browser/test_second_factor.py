"""Changing the second factor in a real Chromium: adding an authenticator, removing one and making
new recovery codes, each with a code from the current factor; axe-core on every page, errors
included, in English and Arabic."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.accounts.second_factor import recovery_codes_generate
from hub.models import Notice
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.factories import make_officer

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
DEVICES = reverse("mfa_devices")


def code_of(device: TOTPDevice) -> str:
    """The device's code now, or the next one if the current one was already used."""
    device.refresh_from_db()
    step_now = (int(time.time()) - device.t0) // device.step
    drift = 1 if device.last_t >= step_now else 0
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def check_page(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").count() == 1, page.url
    assert_no_axe_violations(page)


def button(page, action: str):
    return page.locator(f'main form[action="{action}"] button[type="submit"]')


@pytest.mark.parametrize("language", ["en", "ar"])
def test_changing_the_second_factor(new_page, live_site, csp, language):
    officer = make_officer(password=PASSWORD, language=language, name="Rana Reader")
    first_app = TOTPDevice.objects.get(user=officer, confirmed=True)
    recovery_codes = recovery_codes_generate(user=officer)
    page = csp.watch(new_page(locale=language))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    log_in(page, live_site, officer, DEVICES)
    check_page(page, language)

    # Adding an authenticator: a wrong current code first, then the right one.
    page.goto(live_site + reverse("mfa_setup"))
    check_page(page, language)
    new_app = TOTPDevice.objects.get(user=officer, confirmed=False)
    page.fill("#id_token", code_of(new_app))
    page.fill("#id_name", "Spare phone")
    page.fill("#id_current_code", "000000")
    submit(page, button(page, reverse("mfa_setup")))
    assert page.locator("#id_current_code").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_current_code_error").is_visible()
    check_page(page, language)
    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    page.fill("#id_token", code_of(new_app))
    page.fill("#id_current_code", code_of(first_app))
    submit(page, button(page, reverse("mfa_setup")))
    assert path_of(page) == DEVICES
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 2
    check_page(page, language)

    # Removing the first one: the button asks for a code on a page of its own.
    remove = reverse("mfa_device_remove", args=[first_app.pk])
    submit(page, button(page, remove))
    assert path_of(page) == remove
    check_page(page, language)
    page.fill("#id_current_code", "000000")
    submit(page, button(page, remove))
    assert page.locator("#id_current_code_error").is_visible()
    check_page(page, language)
    page.wait_for_timeout(1100)
    page.fill("#id_current_code", code_of(new_app))
    submit(page, button(page, remove))
    assert path_of(page) == DEVICES
    assert not TOTPDevice.objects.filter(pk=first_app.pk).exists()

    # New recovery codes, with one of the old ones.
    page.fill("#id_current_code", "abcde-fghij")
    submit(page, button(page, reverse("mfa_recovery_codes")))
    assert page.locator("#id_current_code_error").is_visible()
    check_page(page, language)
    page.wait_for_timeout(1100)
    page.fill("#id_current_code", recovery_codes[0])
    submit(page, button(page, reverse("mfa_recovery_codes")))
    assert path_of(page) == reverse("mfa_recovery_codes")
    codes = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator("main ol").inner_text())
    assert len(codes) == 10 and recovery_codes[0] not in codes
    check_page(page, language)

    # Each change left a notice.
    page.goto(live_site + reverse("notices"))
    assert Notice.objects.filter(user=officer).count() == 3
    check_page(page, language)
    assert not csp.violations, csp.violations
