"""Link glossary terms where they appear in a resource's (already sanitised) text.

The text is walked with the standard library's HTML parser: tags, attributes, comments and
character references are copied through unchanged, and only text between tags is searched. Text
inside a link, code, a heading or an abbreviation is left alone, so a term is never linked inside
another link or an attribute. Each term is linked once per page (its first appearance), and the
terms found are returned so the page can define them ("Terms used on this page").
"""

import re
import unicodedata
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

from .models import GlossaryTerm

# No links inside these (their content is not running text, or is a link already).
SKIP_TAGS = frozenset({"a", "code", "pre", "abbr", "dfn", "h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that have no end tag: entering one must not count as "inside" it.
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)  # fmt: skip


def _is_spaced_letter(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces (not Chinese or Japanese)."""
    if not char.isalnum():
        return False
    name = unicodedata.name(char, "")
    return not name.startswith(("CJK", "HIRAGANA", "KATAKANA"))


def _pattern(form: str) -> str:
    """A regular expression for one written form: whole words only, where words have spaces."""
    body = r"\s+".join(re.escape(part) for part in form.split())
    start = r"(?<!\w)" if _is_spaced_letter(form[0]) else ""
    end = r"(?!\w)" if _is_spaced_letter(form[-1]) else ""
    return f"{start}{body}{end}"


class GlossaryLinker:
    """Links the first appearance of each term across every text given to :meth:`link`."""

    def __init__(self, terms: Iterable[GlossaryTerm], *, href: str = "#{anchor}"):
        self.href = href
        self.terms_by_form: dict[str, GlossaryTerm] = {}
        for term in terms:
            for form in term.forms():
                self.terms_by_form.setdefault(form.casefold(), term)
        # Longest forms first, so that "machine learning" wins over "learning".
        forms = sorted(self.terms_by_form, key=len, reverse=True)
        self.regex = (
            re.compile("|".join(_pattern(form) for form in forms), re.IGNORECASE) if forms else None
        )
        self.used: list[GlossaryTerm] = []
        self._used_slugs: set[str] = set()

    def link(self, html: str) -> str:
        """``html`` with the first appearance of each not yet linked term made a link."""
        if not html or self.regex is None:
            return html or ""
        parser = _Parser(self)
        parser.feed(html)
        parser.close()
        return "".join(parser.out)

    def _term_for(self, text: str) -> GlossaryTerm | None:
        return self.terms_by_form.get(" ".join(text.split()).casefold())

    def link_text(self, text: str) -> str:
        """Escaped ``text`` (a text node, unescaped) with new terms linked."""
        out, position = [], 0
        for match in self.regex.finditer(text):
            term = self._term_for(match.group())
            if term is None or term.slug in self._used_slugs:
                continue
            self._used_slugs.add(term.slug)
            self.used.append(term)
            out.append(escape(text[position : match.start()], quote=False))
            href = escape(self.href.format(anchor=term.anchor, slug=term.slug))
            out.append(f'<a class="glossary-link" href="{href}">')
            out.append(escape(match.group(), quote=False))
            out.append("</a>")
            position = match.end()
        out.append(escape(text[position:], quote=False))
        return "".join(out)


class _Parser(HTMLParser):
    def __init__(self, linker: GlossaryLinker):
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.out: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in SKIP_TAGS and tag not in VOID_TAGS:
            self.skip_depth += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in SKIP_TAGS and self.skip_depth:
            self.skip_depth -= 1

    def handle_data(self, data):
        if self.skip_depth:
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self.linker.link_text(data))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")
