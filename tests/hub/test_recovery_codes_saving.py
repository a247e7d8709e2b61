"""New recovery codes can be saved as a text file or printed, right after they are shown, in the
session that made them with a current second factor; once the owner says they have saved them, or
a quarter of an hour later, neither the file nor the printable page gives them out again."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from hub.accounts import second_factor
from tests.factories import make_officer
from tests.hub.person import PASSWORD, csrf, log_in

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DOWNLOAD = reverse("mfa_recovery_codes_download")
PRINT = reverse("mfa_recovery_codes_print")
CODE = re.compile(r"[a-z0-9]{5}-[a-z0-9]{5}")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def new_codes(client, clock):
    """An officer logged in who made new codes with an old one; the page they were shown on."""
    officer = make_officer(password=PASSWORD)
    old = second_factor.recovery_codes_generate(user=officer)
    log_in(client, officer)
    devices = client.get(reverse("mfa_devices"))
    made = client.post(
        reverse("mfa_recovery_codes"),
        {"current_code": old[0], "csrfmiddlewaretoken": csrf(devices)},
        follow=True,
    )
    page = made.content.decode()
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(codes) == 10 and not set(codes) & set(old)
    return officer, codes, made


def test_the_codes_page_offers_a_text_file_and_a_printable_page(new_codes):
    _officer, _codes, made = new_codes
    page = made.content.decode()

    assert f'<a href="{DOWNLOAD}" download>Download as a text file</a>' in page
    assert f'<a href="{PRINT}">Print' in page


def test_the_text_file_holds_the_codes_and_is_not_stored(client, new_codes):
    officer, codes, _made = new_codes

    response = client.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="global-hub-recovery-codes.txt"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert CODE.findall(text) == codes
    assert f"Account: {officer.email}" in text
    assert "Made on March 2, 2026" in text
    assert "&" not in text and "<" not in text  # plain text, not HTML


def test_the_printable_page_holds_the_codes_without_the_sites_navigation(client, new_codes):
    _officer, codes, _made = new_codes

    response = client.get(PRINT)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", html) == codes
    assert "<h1>Your recovery codes</h1>" in html
    assert "<nav" not in html and "language-switcher" not in html
    assert "<script" not in html and " style=" not in html


def test_once_saved_the_codes_are_not_given_out_again(client, new_codes):
    _officer, _codes, made = new_codes

    done = client.post(
        reverse("mfa_recovery_codes_saved"),
        {"next": reverse("mfa_devices"), "csrfmiddlewaretoken": csrf(made)},
    )

    assert done["Location"] == reverse("mfa_devices")
    assert client.get(DOWNLOAD)["Location"] == reverse("mfa_devices")
    assert client.get(PRINT)["Location"] == reverse("mfa_devices")
    assert client.get(reverse("mfa_recovery_codes"))["Location"] == reverse("mfa_devices")


def test_a_quarter_of_an_hour_later_the_codes_are_not_given_out(client, new_codes, clock):
    clock.shift(timedelta(minutes=14))
    assert client.get(DOWNLOAD).status_code == 200

    clock.shift(timedelta(minutes=2))

    assert client.get(DOWNLOAD)["Location"] == reverse("mfa_devices")
    assert client.get(PRINT)["Location"] == reverse("mfa_devices")


def test_another_session_of_the_same_officer_gets_no_codes(client, new_codes, clock):
    officer, _codes, _made = new_codes
    clock.shift(timedelta(seconds=30))  # a fresh authenticator code for the second login
    other = Client()
    log_in(other, officer)

    assert other.get(DOWNLOAD)["Location"] == reverse("mfa_devices")
    assert other.get(PRINT)["Location"] == reverse("mfa_devices")
