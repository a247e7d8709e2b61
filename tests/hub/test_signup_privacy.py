"""Nobody learns who is a member: applying to join (officers and providers), logging in and asking
for a new password answer alike for a member's address and an unknown one. The owner of a taken
address hears of the attempt by email, in their language, at most once an hour."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from hub.accounts import services
from hub.models import (
    AuditEvent,
    Consent,
    OfficerApplication,
    Organisation,
    OutboxEmail,
    User,
)
from tests.factories import make_officer, make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-battery-2026"
ADDRESS = "nadia.haddad@police.example"


def officer_form(email: str) -> dict:
    return {
        "name": "Nadia Haddad",
        "email": email,
        "agency": "Example National Police",
        "unit": "Online child protection unit",
        "country": "JO",
        "position": "Investigator",
        "areas_of_work": "Victim identification",
        "verifier_name": "Omar Khalil",
        "verifier_email": "o.khalil@police.example",
        "intended_use": "Find tools that analyse Arabic chat logs.",
        "languages": ["ar", "en"],
        "gender": "woman",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    }


def provider_form(email: str) -> dict:
    return {
        "name": "Clearwater Labs",
        "type": "company",
        "country": "IN",
        "website": "https://clearwater.example",
        "user_name": "Nadia Haddad",
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    }


FORMS = {"join": officer_form, "provider_join": provider_form}


@pytest.fixture(autouse=True)
def _pages(public_pages):
    """The terms and privacy notice an applicant accepts."""


@pytest.fixture
def apply(deliver):
    """Send an application form from a fresh browser; returns the answer and the page it leads to,
    as that browser sees them."""

    def send(url_name: str, email: str, *, language: str = "en"):
        browser = Client()
        browser.cookies["django_language"] = language
        with deliver():
            answer = browser.post(reverse(url_name), FORMS[url_name](email))
        next_page = browser.get(answer["Location"]) if answer.status_code == 302 else None
        return answer, next_page

    return send


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# What differs between two answers by design: CSRF tokens, CSP nonces, and the clock (the dates in
# "Expires" headers and cookies, the time a signed cookie was signed).
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1"'),
    (re.compile(r'(nonce=")[^"]*"'), r'\1"'),
    (re.compile(r"('nonce-)[^']*'"), r"\1'"),
]


def _stable(text: str, address: str | None = None) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    if address:
        text = re.sub(re.escape(address), "ADDRESS", text, flags=re.IGNORECASE)
    return text


def _cookie_value(name: str, value: str) -> str:
    if name == "csrftoken":
        return ""
    if name == "messages":
        return value.rsplit(":", 2)[0]  # the messages, without the signing time and signature
    return value


def comparable(response) -> dict:
    """Everything a browser gets from ``response``, less what differs by design; and the page
    templates it was made with (not the emails the request wrote)."""
    return {
        "status": response.status_code,
        "headers": {
            name: _stable(value)
            for name, value in response.headers.items()
            # a fresh request id for every request, whoever asks
            if name not in {"Set-Cookie", "Expires", "X-Request-ID"}
        },
        "cookies": {
            name: (
                _cookie_value(name, morsel.value),
                {key: value for key, value in morsel.items() if key != "expires"},
            )
            for name, morsel in response.cookies.items()
        },
        "templates": [t.name for t in response.templates if not t.name.startswith("emails/")],
        "body": _stable(response.content.decode()),
    }


def shown(response, address: str) -> dict:
    """What ``comparable`` gives, with the address the visitor typed (and sees again) blanked."""
    answer = comparable(response)
    answer["body"] = _stable(answer["body"], address)
    return answer


def _approve(user: User) -> None:
    services.user_decide(user=user, action="approve", by=make_staff())


def _stock() -> dict:
    """How much of everything an application creates there is."""
    return {
        "users": User.objects.count(),
        "applications": OfficerApplication.objects.count(),
        "organisations": Organisation.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "consents": Consent.objects.count(),
    }


# Applying -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["join", "provider_join"])
@pytest.mark.parametrize("typed", [ADDRESS, ADDRESS.upper(), "Nadia.Haddad@Police.Example"])
def test_a_members_address_gets_the_very_answer_a_new_address_got(apply, url_name, typed):
    # The address is new: an account is made and the applicant is told to check their email.
    first, first_page = apply(url_name, ADDRESS)
    member = User.objects.get(email=ADDRESS)
    _approve(member)
    assert mail.outbox[0].to == [ADDRESS]
    stock = _stock()
    mail.outbox.clear()

    # Now it is a member's address, typed in any letter case.
    second, second_page = apply(url_name, typed)

    assert second.status_code == 302
    assert second["Location"] == reverse("account_email_verification_sent")
    assert comparable(second) == comparable(first)
    assert comparable(second_page) == comparable(first_page)
    assert _stock() == stock  # nothing was created
    assert [m.to for m in mail.outbox] == [[ADDRESS]]  # only the owner hears of it
    assert OutboxEmail.objects.filter(template="application_address_taken").count() == 1


def test_a_provider_application_with_an_officers_address_creates_nothing(apply):
    make_officer(ADDRESS)
    stock = _stock()

    answer, _page = apply("provider_join", ADDRESS)

    assert answer["Location"] == reverse("account_email_verification_sent")
    assert _stock() == stock
    assert not Organisation.objects.filter(name="Clearwater Labs").exists()
    assert OutboxEmail.objects.get().template == "application_address_taken"


@time_machine.travel(datetime(2026, 3, 14, 10, 30, tzinfo=UTC), tick=False)
def test_the_owner_is_told_in_their_language_with_the_date(apply):
    owner = make_officer(ADDRESS, language="es", name="Nadia Haddad")

    apply("join", ADDRESS, language="en")

    told = OutboxEmail.objects.get()
    assert (told.recipient, told.to, told.language) == (owner, ADDRESS, "es")
    assert "14 de marzo de 2026" in told.body_text and "10:30" in told.body_text
    assert reverse("account_login") in told.body_text
    assert reverse("account_reset_password") in told.body_text
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    assert mail.outbox[0].alternatives  # an HTML body as well
    # Staff can see the attempt, with the account it aimed at.
    entry = AuditEvent.objects.get(event="application_submitted")
    assert (entry.target_id, entry.actor) == (str(owner.pk), None)
    assert entry.details == {"address_taken": True, "owner_told": True}


def test_the_owner_is_told_at_most_once_an_hour(apply):
    make_officer(ADDRESS)
    with time_machine.travel(datetime(2026, 3, 14, 10, 0, tzinfo=UTC), tick=False) as clock:
        apply("join", ADDRESS)
        clock.shift(timedelta(minutes=30))
        apply("provider_join", ADDRESS)
        clock.shift(timedelta(minutes=29))
        apply("join", ADDRESS.upper())
        assert len(mail.outbox) == 1

        clock.shift(timedelta(minutes=2))  # more than an hour after the email
        answer, _page = apply("join", ADDRESS)

    assert answer["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 2
    assert User.objects.count() == 1


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    hashed: list[str] = []

    def encode(self, password, salt):
        self.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def hashed(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed.clear()
    return CountingHasher.hashed


@pytest.mark.parametrize("url_name", ["join", "provider_join"])
def test_both_answers_cost_the_same_password_hashing(apply, hashed, url_name):
    """Hashing the password is what takes time in an application (a fraction of a second in
    production): a taken address costs it too, so the answer's timing gives nothing away."""
    apply(url_name, "someone.new@police.example")
    for_a_new_address = list(hashed)
    make_officer(ADDRESS)
    hashed.clear()

    apply(url_name, ADDRESS)

    assert for_a_new_address == [PASSWORD]
    assert hashed == [PASSWORD]


# Logging in and a new password: already alike, and kept so ------------------------------------------

UNKNOWN = "samir.kassem@police.example"  # as long as ADDRESS: the pages are as long too


def test_a_wrong_password_and_an_unknown_address_get_the_same_login_answer(hashed):
    make_officer(ADDRESS, password=PASSWORD)
    hashed.clear()

    known = Client().post(reverse("account_login"), {"login": ADDRESS, "password": "Wrong-one-1"})
    hashed_for_member = len(hashed)
    hashed.clear()
    unknown = Client().post(reverse("account_login"), {"login": UNKNOWN, "password": "Wrong-one-1"})

    assert known.status_code == 200
    assert shown(known, ADDRESS) == shown(unknown, UNKNOWN)
    assert hashed_for_member == len(hashed) > 0


def test_asking_for_a_new_password_answers_alike_and_only_mail_differs(deliver):
    make_officer(ADDRESS)

    with deliver():
        known = Client().post(reverse("account_reset_password"), {"email": ADDRESS})
        unknown = Client().post(reverse("account_reset_password"), {"email": UNKNOWN})

    assert known.status_code == 302
    assert shown(known, ADDRESS) == shown(unknown, UNKNOWN)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ADDRESS, UNKNOWN])
