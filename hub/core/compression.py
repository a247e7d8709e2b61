"""Pages and downloads are sent gzip-compressed to browsers that accept it, on any server.

Django's ``GZipMiddleware`` pads every compressed body with random bytes (since Django 4.2), which
defeats BREACH-style guessing of secrets in a compressed page. It is left out where compression
would do harm: a response that answers or offers byte ranges (a video, resumed by the browser) must
stay byte for byte the file, and files that are already compressed (images, videos, archives) only
grow. Static files never reach it: whitenoise answers them earlier, with their own .br and .gz
copies.

Before that, a page's indentation between tags goes: a run of blank space with a line break
between two tags becomes one line break, which a browser renders exactly as it did (outside
preformatted elements, left as they are). Templates stay indented for their readers; the pages
are a few kilobytes lighter for slow links, compressed or not.
"""

import re

from django.http import FileResponse
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/xhtml+xml",
    "application/rss+xml",
    "application/atom+xml",
    "image/svg+xml",
)


def compressible(response) -> bool:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        content_type.startswith(COMPRESSIBLE_TYPES)
        and response.status_code != 206
        and not response.has_header("Accept-Ranges")
        and not response.has_header("Content-Range")
        and not isinstance(response, FileResponse)
    )


# Elements whose text is shown or run as written: their blank space is kept.
_VERBATIM = re.compile(
    rb"(<(?:pre|textarea|script|style)\b.*?</(?:pre|textarea|script|style)\s*>)", re.I | re.S
)
# Blank space with a line break between two tags.
_INDENTATION = re.compile(rb">[ \t\r\n]*\n[ \t\r\n]*<")


def html_trimmed(content: bytes) -> bytes:
    """``content`` without the indentation between tags (outside verbatim elements)."""
    parts = _VERBATIM.split(content)
    last = len(parts) - 1
    for k in range(0, len(parts), 2):
        # The tags around a verbatim element count: "> <pre>" loses its blank space too.
        left, right = (b">" if k else b""), (b"<" if k < last else b"")
        trimmed = _INDENTATION.sub(b">\n<", left + parts[k] + right)
        parts[k] = trimmed[len(left) : len(trimmed) - len(right)]
    return b"".join(parts)


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Encoding")
        ):
            response.content = html_trimmed(response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        if not compressible(response):
            return response
        return super().process_response(request, response)
