"""Glossary terms are linked where they appear, without ever breaking the page's HTML."""

import html as html_module
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.core.richtext import sanitize_html
from learning.glossary import GlossaryLinker
from learning.models import GlossaryTerm
from tests.factories import login_verified, make_officer

from .factories import make_resource, make_term

LINK = re.compile(r'<a class="glossary-link" href="#term-([\w-]+)">(.*?)</a>')


def term(slug: str, word: str, variants: str = "") -> GlossaryTerm:
    """An unsaved term: the linker needs no database."""
    return GlossaryTerm(slug=slug, term=word, variants=variants, definition="…")


TERMS = [
    term("ml", "machine learning"),
    term("learning", "learning"),
    term("ai", "artificial intelligence", "AI"),
    term("hash", "hash", "hashes, hash value"),
    term("bias", "bias"),
]


def link(html: str, terms=TERMS) -> tuple[str, list[str]]:
    linker = GlossaryLinker(terms)
    return linker.link(html), [used.slug for used in linker.used]


class _Structure(HTMLParser):
    """The tags (with attributes) and the text of a fragment, leaving out glossary links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if not (tag == "a" and ("class", "glossary-link") in attrs):
            self.tags.append(("start", tag, tuple(attrs)))
        else:
            self.tags.append(("glossary",))

    def handle_endtag(self, tag):
        self.tags.append(("end", tag))

    def handle_data(self, data):
        self.text.append(data)


def structure(html: str) -> tuple[list, str]:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    tags = []
    for tag in parser.tags:
        if tag == ("glossary",):
            tags.append("G")  # its end tag follows; both are dropped below
        elif tag == ("end", "a") and tags and tags[-1] == "G":
            tags.pop()
        else:
            tags.append(tag)
    return [tag for tag in tags if tag != "G"], "".join(parser.text)


def test_the_first_appearance_of_a_term_is_linked_once():
    out, used = link("<p>Machine learning is one way. More machine learning later.</p>")
    assert LINK.findall(out) == [("ml", "Machine learning")]
    assert used == ["ml"]
    assert out.endswith("More machine learning later.</p>")


def test_the_longest_term_wins():
    out, used = link("<p>machine learning, then learning</p>")
    assert LINK.findall(out) == [("ml", "machine learning"), ("learning", "learning")]


def test_whole_words_only():
    out, used = link("<p>She said the AIM of hashing is unbiased.</p>")
    assert used == []
    assert out == "<p>She said the AIM of hashing is unbiased.</p>"


def test_other_forms_link_to_the_same_term():
    out, used = link("<p>Known hashes are compared. A hash is short.</p>")
    assert LINK.findall(out) == [("hash", "hashes")]
    assert used == ["hash"]


def test_a_term_inside_an_attribute_is_left_alone():
    source = '<p><a href="/x" title="machine learning">see</a> and <abbr title="bias">b</abbr> machine learning</p>'
    out, used = link(source)
    assert 'title="machine learning"' in out and 'title="bias"' in out
    assert LINK.findall(out) == [("ml", "machine learning")]
    assert out.startswith('<p><a href="/x" title="machine learning">see</a>')


def test_a_term_inside_a_link_is_not_linked_again():
    source = '<p><a href="https://example.org/">machine learning</a> and machine learning</p>'
    out, used = link(source)
    assert out.count("<a ") == 2
    assert out.startswith('<p><a href="https://example.org/">machine learning</a> and <a class=')


def test_terms_in_code_and_headings_are_left_alone():
    source = "<h2>Machine learning</h2><pre>bias = 1</pre><p><code>hash</code> bias</p>"
    out, used = link(source)
    assert LINK.findall(out) == [("bias", "bias")]
    assert out.startswith("<h2>Machine learning</h2><pre>bias = 1</pre><p><code>hash</code> ")


def test_text_stays_escaped():
    source = "<p>AT&amp;T wrote &lt;script&gt; about bias &amp; AI</p>"
    out, used = link(source)
    assert "<script" not in out
    assert "&lt;script&gt;" in out and "AT&amp;T" in out
    assert LINK.findall(out) == [("bias", "bias"), ("ai", "AI")]


def test_terms_are_linked_once_across_several_texts():
    linker = GlossaryLinker(TERMS)
    first = linker.link("<p>bias</p>")
    second = linker.link("<p>bias and AI</p>")
    assert LINK.findall(first) == [("bias", "bias")]
    assert LINK.findall(second) == [("ai", "AI")]
    assert [used.slug for used in linker.used] == ["bias", "ai"]


def test_scripts_without_spaces_between_words():
    chinese = term("ml-zh", "机器学习")
    arabic = term("ai-ar", "الذكاء الاصطناعي")
    out, used = link("<p>使用机器学习的工具。يكتشف الذكاء الاصطناعي الأنماط</p>", [chinese, arabic])
    assert used == ["ml-zh", "ai-ar"]
    assert '<a class="glossary-link" href="#term-ml-zh">机器学习</a>' in out


def test_a_term_split_by_markup_is_simply_not_linked():
    out, used = link("<p>machine <em>learning</em></p>")
    assert used == ["learning"]  # "learning" alone, inside <em>; nothing is broken
    assert structure(out) == structure("<p>machine <em>learning</em></p>")


def test_empty_texts_and_no_terms():
    assert link("")[0] == ""
    assert GlossaryLinker([]).link("<p>bias</p>") == "<p>bias</p>"


# Whatever the body, linking adds links and changes nothing else. ---------------------------------------

WORDS = ["machine learning", "learning", "AI", "bias", "hash", "hashes", "plain", "AT&T", "<", ">",
         '"', "'", "&amp;", "&lt;b&gt;", " ", "\n", "é", "机器", "AIM"]  # fmt: skip
TAGS = ["p", "em", "strong", "a", "code", "h2", "li", "blockquote"]
ATTRIBUTE_VALUES = ["machine learning", "bias", "https://x.example/?q=bias&a=1", 'AI "quoted"']


@st.composite
def fragments(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attrs = ""
            if tag == "a":
                attrs = f' href="{html_module.escape(draw(st.sampled_from(ATTRIBUTE_VALUES)))}"'
            elif draw(st.booleans()):
                attrs = f' title="{html_module.escape(draw(st.sampled_from(ATTRIBUTE_VALUES)))}"'
            parts.append(f"<{tag}{attrs}>{draw(fragments(depth=depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.sampled_from(WORDS)))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments())
def test_linking_never_breaks_html(body):
    clean = sanitize_html(body)  # what the page really renders: sanitised on save
    out, used = link(clean)

    tags_before, text_before = structure(clean)
    tags_after, text_after = structure(out)
    assert tags_after == tags_before  # every original tag and attribute, in order
    assert text_after == text_before  # the same text
    assert len(LINK.findall(out)) == len(used) == len(set(used))
    # No glossary link inside another link.
    depth = 0
    for token in re.findall(r"<a\b|</a>", out):
        depth += 1 if token == "<a" else -1
        assert depth in (0, 1)


# On the page --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resource_page_defines_the_terms_it_uses():
    make_term("machine learning", "Software that learns from examples.", slug="machine-learning")
    make_term("deepfake", "Faked media.", slug="deepfake")
    resource = make_resource(
        "How tools learn", body="<p>Most tools use machine learning, and machine learning errs.</p>"
    )
    client = login_verified(Client(), make_officer())

    html = client.get(resource.get_absolute_url()).content.decode()

    assert html.count('href="#term-machine-learning"') == 1
    box = html[html.index('id="terms-title"') :]
    assert '<dt id="term-machine-learning">machine learning</dt>' in box
    assert "Software that learns from examples." in box
    assert "deepfake" not in box  # not used on this page
    assert f'href="{reverse("learning:glossary")}"' in box


@pytest.mark.django_db
def test_the_glossary_lists_every_term_alphabetically():
    for word in ("triage", "bias", "hash"):
        make_term(word, slug=word)
    client = login_verified(Client(), make_officer())
    html = client.get(reverse("learning:glossary")).content.decode()
    assert re.findall(r'<dt id="term-(\w+)"', html) == ["bias", "hash", "triage"]


@pytest.mark.django_db
def test_english_text_on_a_translated_page_links_english_terms():
    from django.utils import translation

    make_term("bias", "Unequal results.", slug="bias", term_fr="biais", definition_fr="Inégal.")
    with translation.override("fr"):
        terms = list(GlossaryTerm.objects.all())
        out, used = link("<p>Un biais ici. English fallback about bias.</p>", terms)
        assert LINK.findall(out) == [("bias", "biais")]
        out, used = link("<p>English fallback text about bias.</p>", terms)
        assert LINK.findall(out) == [("bias", "bias")]
        assert terms[0].term == "biais"  # defined in the reader's language
