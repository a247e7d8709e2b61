"""The client's address, as every part of the hub sees it: rate limits, the audit log, logs.

Behind the TLS proxy the README requires, every request arrives from the proxy's address and the
client's real address is the one the proxy appended to ``X-Forwarded-For``. ``TRUSTED_PROXY_COUNT``
says how many proxies under the operator's control sit in front of the hub: the client is the
address that many places from the end of the header. Anything further left was written by the
client and is never believed. With no trusted proxy the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.9:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if trusted > 0 else ""
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    if len(hops) >= trusted > 0:
        address = _clean(hops[-trusted])
        if address:
            return address
    # No header, or a shorter one than the proxies would have written: the request did not come
    # through them, so the connection's own address is the only one to believe.
    return _clean(request.META.get("REMOTE_ADDR", "")) or None
