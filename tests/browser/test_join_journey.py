"""Joining the hub in a real Chromium: apply, confirm the address, vetting, enrolment, members' home.

Also the account pages under axe-core in English and Arabic, and the application form without
JavaScript. As in test_public_pages.py, nothing depends on the pages' wording except where the
journey has to recognise a state: fields are found by their ids, buttons by their forms.
"""

import base64
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.models import OfficerApplication, Status, User
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import path_of, submit
from tests.factories import make_applicant, make_officer, make_staff

pytestmark = pytest.mark.browser

PASSWORD = "Amber-lantern-harbour-2026"
DIRECTION = {"en": "ltr", "ar": "rtl"}
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")
ADMIN_APPLICATIONS = "admin:hub_officerapplication_changelist"

APPLICATION = {
    "name": "Nadia Investigator",
    "email": "nadia.investigator@police.example",
    "agency": "Example National Police",
    "unit": "Online child protection unit",
    "position": "Detective sergeant",
    "areas_of_work": "Victim identification and digital forensics.",
    "verifier_name": "Sam Supervisor",
    "verifier_email": "sam.supervisor@police.example",
    "intended_use": "To find tools for triaging seized material.",
}


# Helpers --------------------------------------------------------------------------------------------


def form_button(page, action: str):
    """The submit button of the page's form that posts to ``action`` (not the header's forms)."""
    return page.locator(f'main form[action="{action}"] button[type="submit"]')


def fill_application(page, data: dict, *, password2: str = PASSWORD) -> None:
    for field in ("name", "email", "agency", "unit", "position", "areas_of_work"):
        page.fill(f"#id_{field}", data[field])
    page.check('input[name="gender"][value="woman"]')
    page.select_option("#id_country", "FR")
    page.fill("#id_verifier_name", data["verifier_name"])
    page.fill("#id_verifier_email", data["verifier_email"])
    page.check('input[name="languages"][value="en"]')
    page.check('input[name="languages"][value="fr"]')
    page.fill("#id_intended_use", data["intended_use"])
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", password2)
    page.check("#id_accept_terms")


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the hub's login form; the page ends wherever the hub sends the person."""
    if path_of(page) != reverse("account_login"):
        page.goto(base + reverse("account_login"))
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    submit(page, form_button(page, reverse("account_login")))


def totp_code(key: bytes, drift: int = 0) -> str:
    return f"{totp(key, drift=drift):06d}"


def key_from_secret(secret: str) -> bytes:
    """The raw key of a base32 secret as shown to people: grouped by spaces, without padding."""
    compact = "".join(secret.split()).upper()
    return base64.b32decode(compact + "=" * (-len(compact) % 8))


def wrong_code(key: bytes) -> str:
    """A 6-digit code that the device does not accept now (nor one step either side)."""
    accepted = {totp_code(key, drift) for drift in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def assert_language(page, language: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language, page.url
    assert html.get_attribute("dir") == DIRECTION[language], page.url


def messages_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


# The journey ----------------------------------------------------------------------------------------


def test_officer_journey_from_application_to_members_home(new_page, live_site):
    email = APPLICATION["email"]
    officer_page = new_page()

    # 1. The officer applies.
    officer_page.goto(live_site + reverse("join"))
    fill_application(officer_page, APPLICATION)
    submit(officer_page, form_button(officer_page, reverse("join")))

    assert path_of(officer_page) == reverse("account_email_verification_sent")
    assert officer_page.locator("h1").inner_text().strip()
    application = OfficerApplication.objects.select_related("user").get(user__email=email)
    assert application.user.status == Status.PENDING
    assert application.agency == APPLICATION["agency"]
    assert application.country == "FR"
    assert application.languages == ["en", "fr"]
    assert application.gender == OfficerApplication.Gender.WOMAN

    # 2. The link in the email confirms the address; then the applicant logs in to the status page.
    (confirmation,) = messages_to(email)
    link = CONFIRM_LINK.search(confirmation.body)
    assert link, confirmation.body
    officer_page.goto(live_site + link.group(1))
    # The page's form carries a key of its own (allauth signs it afresh, with a new timestamp).
    submit(
        officer_page, officer_page.locator('main form[action^="/accounts/confirm-email/"] button')
    )
    assert EmailAddress.objects.get(email=email).verified

    log_in(officer_page, live_site, email)
    assert path_of(officer_page) == reverse("application_status")
    assert "being reviewed" in officer_page.locator("h1").inner_text().lower()

    # 3. Staff log in with their second factor in a browser of their own, and approve.
    staff = make_staff(password=PASSWORD)
    staff_device = TOTPDevice.objects.get(user=staff, confirmed=True)
    staff_page = new_page()
    applications_url = reverse(ADMIN_APPLICATIONS)
    staff_page.goto(live_site + applications_url)
    assert path_of(staff_page) == reverse("account_login")  # sent to log in, and back afterwards
    log_in(staff_page, live_site, staff.email)
    assert path_of(staff_page) == reverse("mfa_verify")
    staff_page.fill("#id_token", totp_code(staff_device.bin_key))
    submit(staff_page, form_button(staff_page, reverse("mfa_verify")))
    assert path_of(staff_page) == applications_url

    staff_page.check(f'input[name="_selected_action"][value="{application.pk}"]')
    staff_page.select_option('select[name="action"]', "approve")
    submit(staff_page, staff_page.locator('#changelist-form button[name="index"]'))
    assert path_of(staff_page) == applications_url
    success = staff_page.locator(".messagelist .success")
    assert success.count() == 1, staff_page.locator(".messagelist").all_inner_texts()
    assert success.inner_text().strip()
    assert User.objects.get(email=email).status == Status.APPROVED

    # 4. The officer, still logged in, is sent to set up an authenticator, with the secret as text.
    officer_page.reload()
    assert path_of(officer_page) == reverse("mfa_setup")
    secret = officer_page.locator(".secret code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret), secret
    officer_page.fill("#id_token", totp_code(key_from_secret(secret)))
    officer_page.fill("#id_name", "Work phone")
    submit(officer_page, form_button(officer_page, reverse("mfa_setup")))

    assert path_of(officer_page) == reverse("mfa_recovery_codes")
    codes = officer_page.locator("ol.recovery-codes li").all_inner_texts()
    assert len(codes) == 10, codes
    assert all(re.fullmatch(r"[a-z0-9]{5}-[a-z0-9]{5}", code.strip()) for code in codes), codes
    assert StaticToken.objects.filter(device__user__email=email).count() == 10
    submit(officer_page, officer_page.locator("main form.actions button[type=submit]"))

    # 5. The members' home.
    assert path_of(officer_page) == reverse("home")
    heading = officer_page.locator("h1")
    assert heading.count() == 1
    assert APPLICATION["name"] in heading.inner_text()
    assert TOTPDevice.objects.get(user__email=email, confirmed=True).name == "Work phone"

    # 6. The approval was emailed to the officer, and so was the new authenticator.
    later = [m for m in messages_to(email) if m is not confirmation]
    approvals = [m for m in later if "authenticator" not in m.subject]
    assert len(approvals) == 1, [m.subject for m in messages_to(email)]
    assert [m for m in later if "new authenticator was added" in m.subject]
    assert "approved" in approvals[0].subject.lower()
    assert reverse("account_login") in approvals[0].body


# Accessibility of the account pages ----------------------------------------------------------------


def open_page(new_page, live_site, csp, language: str):
    """A fresh browser context in ``language`` (Accept-Language and the language cookie)."""
    page = csp.watch(new_page(locale=language))
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_site}])
    return page


def check_page(page, language: str, path: str) -> None:
    assert path_of(page) == path, f"expected {path}, at {page.url}"
    assert_language(page, language)
    assert page.locator("h1").count() == 1, page.url
    assert_no_axe_violations(page)


def submit_without_browser_checks(page, action: str) -> None:
    """Submit a form as it is, letting the server (not the browser's own checks) find the errors."""
    page.locator(f'main form[action="{action}"]').evaluate("(form) => { form.noValidate = true; }")
    submit(page, form_button(page, action))
    assert page.locator(".form-errors").is_visible(), page.url
    assert page.locator(".field--invalid").count() > 0, page.url


@pytest.mark.parametrize("language", ["en", "ar"])
def test_account_pages_are_accessible(new_page, live_site, csp, language):
    # Visitors: the two application forms, empty and sent back with errors, and the login page.
    page = open_page(new_page, live_site, csp, language)
    for name in ("join", "provider_join"):
        page.goto(live_site + reverse(name))
        check_page(page, language, reverse(name))
        submit_without_browser_checks(page, reverse(name))
        check_page(page, language, reverse(name))

    page.goto(live_site + reverse("account_login"))
    check_page(page, language, reverse("account_login"))
    page.fill("#id_login", "nobody@police.example")
    page.fill("#id_password", "not-the-password")
    submit(page, form_button(page, reverse("account_login")))
    assert page.locator(".form-errors").is_visible()
    check_page(page, language, reverse("account_login"))

    # An applicant waiting for vetting.
    applicant = make_applicant(password=PASSWORD, language=language)
    page = open_page(new_page, live_site, csp, language)
    log_in(page, live_site, applicant.email)
    check_page(page, language, reverse("application_status"))

    # An approved officer without an authenticator: the enrolment page, and a wrong code.
    officer = make_officer(password=PASSWORD, language=language)
    TOTPDevice.objects.filter(user=officer).delete()
    page = open_page(new_page, live_site, csp, language)
    log_in(page, live_site, officer.email)
    check_page(page, language, reverse("mfa_setup"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    page.fill("#id_token", wrong_code(device.bin_key))
    submit(page, form_button(page, reverse("mfa_setup")))
    assert page.locator("#id_token").get_attribute("aria-invalid") == "true"
    check_page(page, language, reverse("mfa_setup"))

    # An officer with an authenticator: the code prompt, and a wrong code.
    member = make_officer(password=PASSWORD, language=language)
    page = open_page(new_page, live_site, csp, language)
    log_in(page, live_site, member.email)
    check_page(page, language, reverse("mfa_verify"))
    device = TOTPDevice.objects.get(user=member, confirmed=True)
    page.fill("#id_token", wrong_code(device.bin_key))
    submit(page, form_button(page, reverse("mfa_verify")))
    assert page.locator("#id_token").get_attribute("aria-invalid") == "true"
    check_page(page, language, reverse("mfa_verify"))

    # axe ran inside the pages under their unchanged policy, and nothing was refused.
    assert not csp.violations, csp.violations


# Without JavaScript -----------------------------------------------------------------------------------


def test_application_form_errors_without_javascript(new_page, live_site):
    page = new_page(java_script_enabled=False)
    page.goto(live_site + reverse("join"))

    fill_application(page, APPLICATION, password2=PASSWORD + "-typo")
    submit(page, form_button(page, reverse("join")))

    # Sent back to the form, with the error beside the second password field.
    assert path_of(page) == reverse("join")
    assert not User.objects.filter(email=APPLICATION["email"]).exists()
    field = page.locator(".field--invalid")
    assert field.count() == 1
    assert field.locator("#id_password2").count() == 1
    error = page.locator("#id_password2_error")
    assert error.is_visible() and error.inner_text().strip()
    password2 = page.locator("#id_password2")
    assert password2.get_attribute("aria-invalid") == "true"
    assert "id_password2_error" in (password2.get_attribute("aria-describedby") or "").split()
    # The summary at the top links to the field.
    assert page.locator('.form-errors a[href="#id_password2"]').count() == 1

    # What was typed is kept, except the passwords.
    for name in ("name", "email", "agency", "unit", "position", "verifier_name"):
        assert page.input_value(f"#id_{name}") == APPLICATION[name], name
    assert page.input_value("#id_areas_of_work") == APPLICATION["areas_of_work"]
    assert page.input_value("#id_country") == "FR"
    assert page.is_checked('input[name="gender"][value="woman"]')
    assert page.is_checked('input[name="languages"][value="fr"]')
    assert page.is_checked("#id_accept_terms")
    assert page.input_value("#id_password1") == ""
    assert page.input_value("#id_password2") == ""
