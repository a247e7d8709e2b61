"""The help text under the forum's reply box: plain words, in the reader's language, and markup
that neither shows as written nor leaks into the rest of the form."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.community.factories import make_thread
from tests.factories import login_verified, make_officer

pytestmark = pytest.mark.django_db


class ReplyForm(HTMLParser):
    """The help text of the reply box, and the bold or italic elements still open at its button
    (an open ``<strong>`` in the help text makes the browser set everything after it in bold)."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.in_help = 0
        self.help = ""
        self.around_button: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.in_help:
            self.help += self.get_starttag_text()
            self.in_help += tag == "div"
        elif tag == "div" and "helptext" in classes:
            self.in_help = 1
        if tag in ("strong", "em", "b", "i"):
            self.open.append(tag)
        if tag == "button" and self.around_button is None and self.help:
            self.around_button = list(self.open)

    def handle_endtag(self, tag):
        if self.in_help:
            if tag == "div":
                self.in_help -= 1
            if self.in_help:
                self.help += f"</{tag}>"
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data):
        if self.in_help:
            self.help += data

    def handle_entityref(self, name):
        if self.in_help:
            self.help += f"&{name};"


def reply_form(page: str) -> ReplyForm:
    reader = ReplyForm()
    reader.convert_charrefs = False
    reader.feed(page)
    return reader


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "You can use bold"), ("fr", "")],
)
def test_the_help_text_is_plain_and_leaves_the_reply_button_alone(language, words):
    thread = make_thread(author=make_officer())
    client = login_verified(Client(), make_officer())
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    form = reply_form(response.content.decode())
    assert form.help, "the reply box has its help text"
    assert words in form.help
    assert "&lt;" not in form.help and "&amp;lt;" not in form.help
    assert "<strong" not in form.help and "<em" not in form.help
    assert "<code>strong</code>" in form.help and "<code>em</code>" in form.help
    assert form.around_button == [], "the reply button is not set in bold or italic"
