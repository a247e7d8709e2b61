"""The box an applicant ticks to accept the terms is labelled in the language of the page."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

LABELS = {
    "en": "I accept the",
    "fr": "J’accepte les",
    "es": "Acepto las",
    "ar": "أوافق على",
    "ru": "Я принимаю",
    "zh-hans": "我接受",
}


@pytest.mark.parametrize("url_name", ["join", "provider_join"])
@pytest.mark.parametrize("language", sorted(LABELS))
def test_the_consent_label_is_in_the_page_language(client, public_pages, url_name, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse(url_name)).content.decode()

    label = html[html.index('<label for="id_accept_terms"') :]
    label = label[: label.index("</label>")]
    assert LABELS[language] in label
    # The links to the two documents survive the translation.
    assert f'href="{reverse("terms")}"' in label
    assert f'href="{reverse("privacy")}"' in label
    if language != "en":
        assert "I accept" not in label
