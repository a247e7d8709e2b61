"""Time zones are places named in the reader's language, and dates follow the CLDR's patterns for it
(Arabic above all, whose Django formats put an English order on dates with a time)."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.community.factories import make_event
from tests.factories import make_officer
from tests.hub.person import PASSWORD, log_in

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 5, 14, 30, tzinfo=UTC)


def officer_reading(client, language: str):
    officer = make_officer(password=PASSWORD, language=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    log_in(client, officer)
    return officer


def options(html: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.mark.parametrize(
    ("language", "dakar", "new_york"),
    [
        ("en", "Senegal", "United States (New York)"),
        ("fr", "Sénégal", "États-Unis (New York)"),
        ("ar", "السنغال", "الولايات المتحدة (نيويورك)"),
        ("zh-hans", "塞内加尔", "美国（纽约）"),
    ],
)
def test_the_time_zone_select_names_places_in_the_readers_language(
    client, language, dakar, new_york
):
    officer_reading(client, language)

    zones = options(client.get(reverse("community:my_events")).content.decode(), "time_zone")

    assert zones["Africa/Dakar"] == dakar
    assert zones["America/New_York"] == new_york
    assert zones["UTC"] == "UTC"
    assert not [label for label in zones.values() if "/" in label or "_" in label]
    # Old names of a zone are not offered again under the same place.
    assert "US/Eastern" not in zones and "Asia/Calcutta" not in zones
    assert len(set(zones.values())) == len(zones)


def test_a_chosen_time_zone_is_saved_and_shown_by_name(client):
    officer_reading(client, "fr")
    page = client.get(reverse("community:my_events"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())

    client.post(
        reverse("community:my_events"),
        {"time_zone": "Africa/Dakar", "csrfmiddlewaretoken": token.group(1)},
    )

    mine = client.get(reverse("community:my_events")).content.decode()
    assert re.findall(r'<option value="([^"]*)" selected>([^<]*)<', mine) == [
        ("Africa/Dakar", "Sénégal")
    ]
    events = client.get(reverse("community:events")).content.decode()
    assert "Sénégal" in events
    assert "Africa/Dakar" not in events


def test_an_event_in_arabic_shows_its_date_the_cldr_way_and_its_zone_by_name(client):
    event = make_event("Clinic", start=START, time_zone="Africa/Dakar")
    officer_reading(client, "ar")

    html = client.get(reverse("community:event", args=[event.pk])).content.decode()

    assert ">5 مارس 2027، 2:30 م</time>" in html
    assert "(السنغال)" in html
    assert "Africa/Dakar" not in html and "Africa/Dakar".replace("_", " ") not in html


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("ar", "5 مارس 2027، 2:30 م"),  # Django's own Arabic would say "مارس 5, 2027, 2:30 م"
        ("fr", "5 mars 2027 14:30"),
        ("zh-hans", "2027年3月5日 14:30"),
    ],
)
def test_dates_written_with_djangos_formats_follow_the_cldr_order(client, language, written):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with time_machine.travel(START, tick=False):
        html = client.get(reverse("numbers")).content.decode()

    assert written in html
