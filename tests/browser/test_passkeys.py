"""A passkey in a real Chromium, with its virtual authenticator (DevTools' WebAuthn domain): added
with a code, used at the code prompt after logging out and in again, then removed; axe-core on
every page, no CSP violation, in English and Arabic."""

import pytest
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from hub.accounts.second_factor import recovery_codes_generate
from hub.models import Notice
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, fresh_code, log_in, path_of, submit
from tests.factories import make_officer

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
DEVICES = reverse("mfa_devices")


def check_page(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == DIRECTION[language]
    assert page.locator("h1").count() == 1, page.url
    assert_no_axe_violations(page)


def virtual_authenticator(page) -> tuple:
    """A passkey-capable platform authenticator that says yes without asking, as Chromium's
    DevTools protocol offers for testing."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    answer = session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return session, answer["authenticatorId"]


def ceremony(page, button) -> None:
    """Press a passkey button: the script talks to the authenticator, then opens the next page."""
    with page.expect_navigation():
        button.click()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_passkey_from_adding_to_removal(new_page, live_site, csp, settings, language):
    # The live server's own origin is the relying party (SITE_URL derives it in production).
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_site]
    assert live_site.startswith("http://localhost:")
    officer = make_officer(password=PASSWORD, language=language, name="Rana Reader")
    recovery_codes = recovery_codes_generate(user=officer)
    page = csp.watch(new_page(locale=language))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    session, authenticator = virtual_authenticator(page)
    log_in(page, live_site, officer, DEVICES)
    check_page(page, language)

    # Adding: a name and a code, then the browser creates the passkey.
    submit(page, page.locator(f'main a[href="{reverse("mfa_passkey_add")}"]'))
    check_page(page, language)
    page.fill("#id_name", "Work laptop")
    page.fill("#id_current_code", fresh_code(officer))
    submit(page, page.locator(f'main form[action="{reverse("mfa_passkey_add")}"] [type="submit"]'))
    create = page.locator('button[data-passkey="register"]')
    assert create.is_visible()
    check_page(page, language)
    ceremony(page, create)
    assert path_of(page) == DEVICES
    passkey = WebAuthnCredential.objects.get(user=officer)
    assert passkey.name == "Work laptop"
    assert page.locator(f"#passkey-{passkey.pk}").inner_text() == "Work laptop"
    check_page(page, language)
    credentials = session.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1

    # Logging out, then in with the password and the passkey instead of a code.
    submit(page, page.locator(f'header form[action="{reverse("account_logout")}"] button'))
    page.goto(live_site + DEVICES)
    page.fill("#id_login", officer.email)
    page.fill("#id_password", PASSWORD)
    submit(page, page.locator(f'main form[action="{reverse("account_login")}"] [type="submit"]'))
    assert path_of(page) == reverse("mfa_verify")
    check_page(page, language)
    use = page.locator('button[data-passkey="authenticate"]')
    assert use.is_visible()
    ceremony(page, use)
    assert path_of(page) == DEVICES
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    check_page(page, language)

    # Removing it: the list's button opens the confirmation, which asks for a code (a passkey
    # does not confirm its own removal); a recovery code, as the app's codes were used above.
    remove = reverse("mfa_passkey_remove", args=[passkey.pk])
    submit(page, page.locator(f'main form[action="{remove}"] button'))
    assert path_of(page) == remove
    check_page(page, language)
    page.fill("#id_current_code", recovery_codes[0])
    submit(page, page.locator(f'main form[action="{remove}"] [type="submit"]'))
    assert path_of(page) == DEVICES, page.locator("main").inner_text()
    assert not WebAuthnCredential.objects.filter(user=officer).exists()
    check_page(page, language)
    assert Notice.objects.filter(user=officer).count() == 2  # added, removed
    assert not csp.violations, csp.violations


def test_without_javascript_the_code_prompt_still_works(new_page, live_site, settings):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_site]
    officer = make_officer(password=PASSWORD, name="Rana Reader")
    passkey = WebAuthnCredential.objects.create(
        user=officer, name="Old key", credential_id=b"k" * 16, public_key=b"p" * 77
    )
    page = new_page(java_script_enabled=False)
    log_in(page, live_site, officer, DEVICES)  # password, then a code: no script needed
    assert page.locator(f"#passkey-{passkey.pk}").is_visible()
