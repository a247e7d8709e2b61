"""The one place where rich text from people is made safe.

Rich text is cleaned once, on the way in (on save), and rendered with normal auto-escaping turned off
only for fields that went through :func:`sanitize_html`.
"""

import bleach
from bleach.css_sanitizer import CSSSanitizer

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "code", "pre",
        "ul", "ol", "li", "h2", "h3", "h4", "a", "abbr", "dl", "dt", "dd", "hr",
        "table", "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "lang", "hreflang"],
    "abbr": ["title"],
    "th": ["scope"],
    "*": ["lang", "dir"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(allowed_css_properties=()),
)


def _link_attributes(attrs: dict, new: bool = False) -> dict:
    # Links leaving the hub must not hand it the opener or the referrer.
    href = attrs.get((None, "href"), "")
    if href.startswith(("http://", "https://")):
        attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs


_linker = bleach.linkifier.Linker(callbacks=[_link_attributes], skip_tags={"pre", "code"})


def sanitize_html(html: str | None) -> str:
    """Return ``html`` reduced to simple formatting and http/https/mailto links."""
    if not html:
        return ""
    return _linker.linkify(_cleaner.clean(html)).strip()
