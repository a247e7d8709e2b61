"""The community in a real Chromium: consent and contact through the hub, the waiting list of a
full event, and axe-core on the directory, an event and a thread in English and Arabic."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from community import services
from community.models import CommunityProfile, Conversation, Event, Registration
from tests.browser.axe import assert_no_axe_violations
from tests.browser.journey import PASSWORD, log_in, path_of, submit
from tests.community.factories import make_category, make_event, make_listed_officer
from tests.factories import make_officer

pytestmark = pytest.mark.browser

DIRECTION = {"en": "ltr", "ar": "rtl"}
DIRECTORY = reverse("community:directory")
PROFILE = reverse("community:profile")


def open_page(new_page, site: str, language: str = "en", **options):
    page = new_page(locale=language, **options)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": site}])
    return page


def set_checkbox(page, field: str, on: bool) -> None:
    box = page.locator(f"#id_{field}")
    if box.is_checked() != on:
        box.click()
    assert box.is_checked() == on


def test_an_officer_consents_and_another_writes_to_them_through_the_hub(new_page, live_site):
    first = make_officer(
        "nadia.first@police-one.example",
        password=PASSWORD,
        name="Nadia First",
        agency="Cyber Unit Alpha",
        unit="Hidden Unit Name",
        country="KE",
    )
    second = make_officer("omar.second@police-two.example", password=PASSWORD, name="Omar Second")

    # 1. The first officer lists themselves, showing their name, agency and country only.
    page = open_page(new_page, live_site)
    log_in(page, live_site, first, PROFILE)
    shown = {"show_name", "show_agency", "show_country"}
    for field in ("show_name", "show_agency", "show_unit", "show_country", "show_languages",
                  "show_expertise", "show_tools", "show_email", "show_phone"):  # fmt: skip
        set_checkbox(page, field, field in shown)
    set_checkbox(page, "listed", True)
    submit(page, page.locator('main form[action="/community/me/"] button[type="submit"]'))
    profile = CommunityProfile.objects.get(user=first)
    assert profile.listed and set(profile.visible_fields()) == {"name", "agency", "country"}

    # 2. The second officer finds them by agency and sends a message.
    other = open_page(new_page, live_site)
    log_in(other, live_site, second, DIRECTORY)
    other.fill("#id_q", "Alpha")
    submit(other, other.locator("main form.catalogue__filters button[type='submit']"))
    card = other.locator(".entry-card", has_text="Nadia First")
    assert card.count() == 1
    assert "Cyber Unit Alpha" in card.inner_text() and "Kenya" in card.inner_text()
    html = other.content()
    assert "Hidden Unit Name" not in html and first.email not in html
    submit(other, card.locator("h2 a"))
    other.fill("#id_body", "Hello Nadia, may I ask how you triage seized phones?")
    submit(other, other.locator("#write button[type='submit']"))
    conversation = Conversation.objects.get()
    assert path_of(other) == conversation.get_absolute_url()
    assert first.email not in other.content()

    # 3. The first officer receives it by email, without the sender's address.
    assert [m.to for m in mail.outbox] == [[first.email]]
    email = mail.outbox[0]
    assert "Omar Second" in email.body and "how you triage seized phones" in email.body
    assert second.email not in email.body + email.subject + email.alternatives[0][0]
    link = re.search(r"https?://\S+(/community/messages/\d+/)", email.body).group(1)
    page.goto(live_site + link)
    assert "how you triage seized phones" in page.locator(".message-list").inner_text()


def test_an_officer_registering_for_a_full_event_joins_the_waiting_list(new_page, live_site):
    event = make_event("Full workshop", capacity=1, kind=Event.Kind.WORKSHOP)
    services.event_register(event=event, user=make_officer(name="Early Bird"))
    officer = make_officer(password=PASSWORD, name="Late Comer")
    page = open_page(new_page, live_site)
    log_in(page, live_site, officer, event.get_absolute_url())
    assert "https://meet.example" not in page.content()
    submit(
        page,
        page.locator(
            f'form[action="{reverse("community:event_register", args=[event.pk])}"] button'
        ),
    )
    registration = Registration.objects.get(event=event, user=officer)
    assert registration.state == Registration.State.WAITING
    assert "waiting list (number 1)" in page.locator("#registration-title + *").inner_text()
    assert "https://meet.example" not in page.content()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_community_pages_are_accessible(new_page, live_site, csp, language):
    officer = make_officer(password=PASSWORD, language=language, name="Rana Reader")
    _colleague, colleague = make_listed_officer(
        name="Listed Colleague", agency="Agency Beta", language="ar", country="EG"
    )
    make_listed_officer(name="Second Colleague", shows={"show_email": False}, country="PE")
    event = make_event(
        "Accessible training",
        time_zone="Africa/Cairo",
        start=timezone.now() + timedelta(days=5),
        capacity=20,
        description="<p>Plain <strong>rich</strong> text.</p>",
    )
    thread_author = make_officer(name="Thread Author")
    thread = services.thread_start(
        category=make_category(name="Tools"),
        author=thread_author,
        title="Which hash lists do you use?",
        body="<p>We use <em>two</em> lists.</p><ul><li>One</li><li>Two</li></ul>",
    )
    services.post_reply(thread=thread, author=officer, body="<p>We use one.</p>")
    message = services.conversation_start(sender=officer, profile=colleague, body="Hello!")
    services.event_register(event=event, user=officer)

    page = csp.watch(open_page(new_page, live_site, language))
    log_in(page, live_site, officer, DIRECTORY)
    # The three pages the brief names first, then the community's other pages.
    paths = [
        DIRECTORY,
        event.get_absolute_url(),
        thread.get_absolute_url(),
        colleague.get_absolute_url(),
        PROFILE,
        reverse("community:inbox"),
        message.conversation.get_absolute_url(),
        reverse("community:events"),
        reverse("community:my_events"),
        reverse("community:forum"),
        thread.category.get_absolute_url(),
        reverse("community:thread_new", args=[thread.category.slug]),
    ]
    for path in paths:
        page.goto(live_site + path)
        html = page.locator("html")
        assert html.get_attribute("lang") == language
        assert html.get_attribute("dir") == DIRECTION[language]
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)
    assert not csp.violations, csp.violations
