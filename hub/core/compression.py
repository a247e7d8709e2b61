"""Pages and downloads are sent gzip-compressed to browsers that accept it, on any server.

Django's ``GZipMiddleware`` pads every compressed body with random bytes (since Django 4.2), which
defeats BREACH-style guessing of secrets in a compressed page. It is left out where compression
would do harm: a response that answers or offers byte ranges (a video, resumed by the browser) must
stay byte for byte the file, and files that are already compressed (images, videos, archives) only
grow. Static files never reach it: whitenoise answers them earlier, with their own .br and .gz
copies.
"""

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


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not compressible(response):
            return response
        return super().process_response(request, response)
