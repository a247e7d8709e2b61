"""The page that saves a shortlist has its headings in order, as screen reader users move by them."""

import itertools
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import make_officer

from .wizard_factories import make_wizard_tool, signed_in


def heading_levels(html: str) -> list[int]:
    """The levels of the headings in the page's main content, in order."""

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.in_main, self.levels = False, []

        def handle_starttag(self, tag, attrs):
            if tag == "main":
                self.in_main = True
            elif self.in_main and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                self.levels.append(int(tag[1]))

        def handle_endtag(self, tag):
            if tag == "main":
                self.in_main = False

    reader = Reader()
    reader.feed(html)
    return reader.levels


@pytest.mark.django_db
def test_the_save_a_shortlist_page_goes_from_h1_to_h2_without_skipping_a_level():
    make_wizard_tool("Field Kit", purposes=["hash-matching"])
    client = signed_in(make_officer())

    response = client.get(reverse("wizard:shortlist_new") + "?purpose=hash-matching")

    assert response.status_code == 200
    levels = heading_levels(response.content.decode())
    assert levels[:2] == [1, 2], levels
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels)), levels
