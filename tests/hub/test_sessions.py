"""Sessions end after the idle timeout and the absolute lifetime, and nothing typed is lost when they
do: a form sent into an ended session comes back, filled in, once its author has logged in again.

Everything here goes through real requests: the login form and the authenticator code, a clock
that moves (time-machine), and forms sent as a browser sends them (with the page's CSRF token when
the client checks it).
"""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from community import services as community
from community.models import Post
from hub.models import AuditEvent
from questionnaires.models import ToolRevision
from tests.community.factories import make_thread
from tests.factories import make_officer, make_provider, make_staff
from tests.hub.person import PASSWORD, csrf, log_in
from tests.questionnaires.factories import make_draft, make_question_set

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 16, 12, tzinfo=UTC)
KEPT = "Your session had ended; what you typed has been kept. Check it and save again."
TYPED = "Forty minutes of careful writing about the training data."


def next_of(response) -> str:
    """The page a redirect to the login form will return to."""
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login"), response["Location"]
    return parse_qs(location.query).get("next", [""])[0]


def form_owner(response) -> str:
    match = re.search(r'name="hub_form_owner" value="([0-9a-f]{64})"', response.content.decode())
    assert match, "the page's form carries no session notice"
    return match.group(1)


def textarea(response, name: str) -> str:
    match = re.search(
        rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', response.content.decode(), re.S
    )
    assert match, f"no textarea {name}"
    return unescape(match.group(1)).strip()


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


# The idle timeout and the absolute lifetime -------------------------------------------------------


def test_an_idle_session_ends_at_the_next_request(client, clock, settings):
    officer = make_officer(password=PASSWORD)
    assert log_in(client, officer).status_code == 200
    clock.shift(timedelta(seconds=settings.SESSION_IDLE_SECONDS - 60))
    assert client.get("/").status_code == 200

    clock.shift(timedelta(seconds=settings.SESSION_IDLE_SECONDS + 1))
    response = client.get(reverse("tools:catalogue"))

    assert response.status_code == 302
    assert next_of(response) == reverse("tools:catalogue")
    assert not signed_in(client)
    assert AuditEvent.objects.filter(event="session_expired", actor=officer).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Your session has ended. Please log in again." in page


def test_activity_keeps_a_session_open_until_its_absolute_lifetime(client, clock, settings):
    officer = make_officer(password=PASSWORD)
    log_in(client, officer)
    lifetime = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    elapsed = timedelta()

    # A request every 20 minutes: two hours, and on to the end of the absolute lifetime.
    while elapsed + timedelta(minutes=20) <= lifetime:
        clock.shift(timedelta(minutes=20))
        elapsed += timedelta(minutes=20)
        assert client.get("/").status_code == 200, f"signed out after {elapsed}"
    assert elapsed >= timedelta(hours=2)

    clock.shift(timedelta(minutes=20))
    response = client.get("/")

    assert response.status_code == 302
    assert not signed_in(client)


def test_an_idle_staff_session_no_longer_opens_the_admin(client, clock):
    staff = make_staff(password=PASSWORD)
    assert log_in(client, staff, "/admin/").request["PATH_INFO"] == "/admin/"
    for _ in range(3):
        clock.shift(timedelta(minutes=20))
        assert client.get("/admin/").status_code == 200

    clock.shift(timedelta(minutes=37))
    response = client.get("/admin/")

    assert response.status_code == 302
    assert next_of(response) == "/admin/"
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302


# Nothing typed is lost ----------------------------------------------------------------------------


@pytest.fixture
def provider():
    make_question_set()
    return make_provider(password=PASSWORD)


def _section(revision: ToolRevision) -> str:
    return reverse("provider:ethics_section", args=[revision.tool_id, "data"])


def _answers(revision: ToolRevision) -> dict:
    revision.refresh_from_db()
    return {answer.question.key: answer.value for answer in revision.answers.all()}


def test_a_section_sent_into_an_ended_session_comes_back_after_logging_in(client, clock, provider):
    revision = make_draft(provider)
    url = _section(revision)
    page = log_in(client, provider, url)
    assert page.request["PATH_INFO"] == url

    clock.shift(timedelta(minutes=40))  # writing, without a request
    sent = {
        "training_data": TYPED,
        "data_lawful": "yes",
        "then": "stay",
        "hub_form_owner": form_owner(page),
        "csrfmiddlewaretoken": csrf(page),
    }
    response = client.post(url, sent)

    assert response.status_code == 302
    assert next_of(response) == url
    assert not signed_in(client)
    assert "training_data" not in _answers(revision)
    login_page = client.get(response["Location"]).content.decode()
    assert "what you typed has been kept" in login_page

    back = log_in(client, provider, next_of(response))

    assert back.request["PATH_INFO"] == url
    assert textarea(back, "training_data") == TYPED
    assert re.search(
        r'<input type="radio" name="data_lawful" value="yes"[^>]*checked', back.content.decode()
    )
    assert KEPT in back.content.decode()
    assert "training_data" not in _answers(revision)  # nothing is saved until the person saves

    # Used once: the next visit shows the saved state only.
    again = client.get(url)
    assert textarea(again, "training_data") == ""
    assert KEPT not in again.content.decode()

    saved = client.post(url, sent | {"csrfmiddlewaretoken": csrf(back)})
    assert saved.status_code == 302
    assert _answers(revision)["training_data"] == TYPED


def test_a_form_sent_after_logging_out_in_another_tab_comes_back(clock):
    """The session cookie no longer opens a session: the form arrives from a visitor."""
    make_question_set()
    provider = make_provider(password=PASSWORD)
    revision = make_draft(provider)
    url = _section(revision)
    browser = Client(enforce_csrf_checks=True)
    page = log_in(browser, provider, url)
    browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": csrf(page)})
    assert not signed_in(browser)

    response = browser.post(
        url,
        {
            "training_data": TYPED,
            "then": "stay",
            "hub_form_owner": form_owner(page),
            "csrfmiddlewaretoken": csrf(page),
        },
    )
    assert next_of(response) == url
    clock.shift(timedelta(minutes=2))
    back = log_in(browser, provider, next_of(response))

    assert back.request["PATH_INFO"] == url
    assert textarea(back, "training_data") == TYPED
    assert KEPT in back.content.decode()


def test_what_one_account_typed_is_never_shown_to_another(client, clock, provider):
    colleague = make_provider(password=PASSWORD, organisation=provider.organisation)
    revision = make_draft(provider)
    url = _section(revision)
    page = log_in(client, provider, url)
    client.post(reverse("account_logout"))
    response = client.post(
        url, {"training_data": TYPED, "then": "stay", "hub_form_owner": form_owner(page)}
    )
    assert next_of(response) == url
    assert "what you typed has been kept" in client.get(response["Location"]).content.decode()

    # A colleague logs in next, in the same browser, and opens the same section.
    shown = log_in(client, colleague, url)

    assert shown.request["PATH_INFO"] == url
    assert TYPED not in shown.content.decode()
    assert KEPT not in shown.content.decode()
    client.post(reverse("account_logout"))
    clock.shift(timedelta(minutes=2))
    assert TYPED not in log_in(client, provider, url).content.decode()


def test_a_form_another_site_sends_into_an_ended_session_is_not_kept(clock, provider):
    revision = make_draft(provider)
    url = _section(revision)
    browser = Client(enforce_csrf_checks=True)
    page = log_in(browser, provider, url)
    clock.shift(timedelta(minutes=40))

    # Same browser, so the same cookies, but no CSRF token: the form came from elsewhere.
    response = browser.post(
        url, {"training_data": "Planted text.", "then": "stay", "hub_form_owner": form_owner(page)}
    )

    assert response["Location"] == reverse("account_login")
    assert not signed_in(browser)
    back = log_in(browser, provider, url)
    assert "Planted text." not in back.content.decode()
    assert KEPT not in back.content.decode()


def test_passwords_codes_and_tokens_are_never_kept(client, clock, provider):
    revision = make_draft(provider)
    url = _section(revision)
    page = log_in(client, provider, url)
    clock.shift(timedelta(minutes=40))
    client.post(
        url,
        {
            "training_data": TYPED,
            "then": "stay",
            "password": "Correct-horse-battery-2026",
            "recovery_code": "abcde-12345",
            "token": "123456",
            "new_password2": "Correct-horse-battery-2026",
            "submission_token": "x" * 43,
            "csrfmiddlewaretoken": csrf(page),
            "hub_form_owner": form_owner(page),
            "passport_country": "KE",
            "postcode": "00100",
        },
    )

    back = log_in(client, provider, url)

    restored = back.wsgi_request.POST  # what the page's form was filled with
    assert restored["training_data"] == TYPED
    # Words, not letters, decide: "passport" and "postcode" are no secrets. The form's one-time
    # submission token comes back too, so that saving the restored form creates once.
    assert set(restored) == {
        "training_data",
        "then",
        "passport_country",
        "postcode",
        "submission_token",
    }


def test_the_pages_of_credentials_are_never_kept(client, clock, provider):
    revision = make_draft(provider)
    page = log_in(client, provider, _section(revision))
    clock.shift(timedelta(minutes=40))
    change = reverse("account_change_password")

    response = client.post(
        change,
        {
            "oldpassword": PASSWORD,
            "password1": "Another-long-passphrase-2026",
            "password2": "Another-long-passphrase-2026",
            "hub_form_owner": form_owner(page),
        },
    )

    assert response["Location"] == reverse("account_login")
    assert KEPT not in log_in(client, provider, change).content.decode()


def test_a_forum_reply_sent_into_an_ended_session_comes_back(client, clock):
    officer = make_officer(password=PASSWORD)
    thread = make_thread(author=make_officer())
    url = thread.get_absolute_url()
    page = log_in(client, officer, url)
    clock.shift(timedelta(minutes=45))

    response = client.post(
        url,
        {
            "body": "A long and thoughtful reply.",
            "csrfmiddlewaretoken": csrf(page),
            "hub_form_owner": form_owner(page),
        },
    )
    back = log_in(client, officer, next_of(response))

    assert textarea(back, "body") == "A long and thoughtful reply."
    assert KEPT in back.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1  # only the opening post


# When the session will end ------------------------------------------------------------------------


def test_a_long_form_says_when_the_session_ends_if_idle(client, clock, provider):
    revision = make_draft(provider)

    page = log_in(client, provider, _section(revision)).content.decode()

    assert "If you stay inactive, your session ends at" in page
    assert '<time datetime="2026-03-02T16:42:00+00:00">' in page
    assert "(UTC)" in page


def test_the_session_end_is_shown_in_the_officers_own_time_zone(client, clock):
    officer = make_officer(password=PASSWORD)
    community.profile_time_zone_set(
        profile=community.profile_ensure(user=officer), time_zone="Europe/Paris"
    )
    thread = make_thread(author=make_officer())

    page = log_in(client, officer, thread.get_absolute_url()).content.decode()

    assert '<time datetime="2026-03-02T17:42:00+01:00">' in page
    assert "(France)" in page


def test_near_the_absolute_lifetime_the_form_says_so(client, clock, provider, settings):
    revision = make_draft(provider)
    url = _section(revision)
    log_in(client, provider, url)
    lifetime = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for _ in range(int(lifetime / timedelta(minutes=25))):
        clock.shift(timedelta(minutes=25))
        client.get("/")

    page = client.get(url).content.decode()

    ends = (START + lifetime).isoformat()
    assert f'<time datetime="{ends}">' in page
    assert "however active you are" in page
