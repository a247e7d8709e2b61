"""A small scripted browser for the rehearsals: it keeps cookies, reads the hub's HTML forms as a
browser does (hidden fields, the CSRF token, selected options, ticked boxes) and sends them back,
and logs in with password and authenticator code like a person.

Only the standard library and ``requests`` (in the project's environment)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests


def totp(secret: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code of a base32 secret as the hub shows it (grouped by spaces, no padding)."""
    compact = "".join(secret.split()).upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._option: list | None = None
        self._textarea: list | None = None

    @property
    def _form(self) -> Form | None:
        return self.forms[-1] if self.forms and not getattr(self, "_closed", True) else None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self.forms.append(
                Form(
                    action=attributes.get("action", ""),
                    method=attributes.get("method", "get").lower(),
                    enctype=attributes.get("enctype", ""),
                )
            )
            self._closed = False
            return
        form = self._form
        if form is None:
            return
        name = attributes.get("name")
        disabled = "disabled" in attributes
        if tag == "input" and name and not disabled:
            kind = attributes.get("type", "text").lower()
            if kind in {"submit", "image"}:
                form.buttons.append((name, attributes.get("value", "")))
            elif kind == "file":
                form.files.append(name)
            elif kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    form.fields.append((name, attributes.get("value", "on")))
            elif kind not in {"button", "reset"}:
                form.fields.append((name, attributes.get("value", "")))
        elif tag == "button" and name and not disabled:
            if attributes.get("type", "submit").lower() == "submit":
                form.buttons.append((name, attributes.get("value", "")))
        elif tag == "select" and name and not disabled:
            self._select = (name, "multiple" in attributes, [])
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value"), "selected" in attributes, ""]
        elif tag == "textarea" and name and not disabled:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        form = self._form
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[2].append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not multiple:
                chosen = [options[0][0]]
            if form is not None:
                form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            if form is not None:
                form.fields.append((name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._closed = True


@dataclass
class Page:
    url: str
    status: int
    text: str
    headers: dict

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    def forms(self) -> list[Form]:
        parser = _FormParser()
        parser.feed(self.text)
        return parser.forms

    def form(self, action_contains: str = "", *, having: str | None = None) -> Form:
        """The first form whose action contains ``action_contains`` (and a field ``having``)."""
        for form in self.forms():
            names = {name for name, _value in form.fields} | set(form.files)
            if action_contains in urljoin(self.url, form.action) and (
                having is None or having in names
            ):
                return form
        raise AssertionError(f"no form for {action_contains!r} on {self.url} ({self.status})")

    def links(self, pattern: str) -> list[str]:
        return [
            urljoin(self.url, unescape(href))
            for href in re.findall(r'href="([^"]+)"', self.text)
            if re.search(pattern, unescape(href))
        ]


class Browser:
    """Cookies shared by every address it visits, as one browser on one person's machine."""

    def __init__(self, *, verify: bool | str = True):
        self.session = requests.Session()
        # Given with every request: a session's own `verify` loses to REQUESTS_CA_BUNDLE.
        self.verify = verify
        self.session.headers["User-Agent"] = "hub-rehearsal/1"

    def get(self, url: str, **kwargs) -> Page:
        response = self.session.get(url, timeout=60, verify=self.verify, **kwargs)
        return Page(response.url, response.status_code, response.text, dict(response.headers))

    def raw(self, url: str, **kwargs) -> requests.Response:
        return self.session.get(url, timeout=60, verify=self.verify, **kwargs)

    def submit(
        self,
        page: Page,
        form: Form,
        values: dict[str, str | list[str]] | None = None,
        *,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        button: str | None = None,
    ) -> Page:
        """Send ``form`` as a browser would, with ``values`` typed over what it held."""
        values = values or {}
        data = [(name, value) for name, value in form.fields if name not in values]
        for name, value in values.items():
            data += [(name, item) for item in value] if isinstance(value, list) else [(name, value)]
        if button is not None:
            data += [item for item in form.buttons if item[0] == button][:1]
        target = urljoin(page.url, form.action) or page.url
        # The Referer a browser sends: Django's CSRF check over HTTPS compares it with the host.
        headers = {"Referer": page.url}
        origin = urlsplit(page.url)
        headers["Origin"] = f"{origin.scheme}://{origin.netloc}"
        if form.method == "post":
            response = self.session.post(
                target,
                data=data,
                files=files or None,
                headers=headers,
                timeout=120,
                verify=self.verify,
            )
        else:
            response = self.session.get(
                target, params=data, headers=headers, timeout=60, verify=self.verify
            )
        return Page(response.url, response.status_code, response.text, dict(response.headers))

    def login(self, base: str, email: str, password: str, secret: str | None = None) -> str:
        """Log in with password and authenticator code; enrol an authenticator at the first login.
        Returns the authenticator's secret (to log in again elsewhere)."""
        page = self.get(f"{base}/accounts/login/")
        page = self.submit(
            page,
            page.form("/accounts/login/", having="password"),
            {"login": email, "password": password},
        )
        if page.path == "/mfa/setup/":
            match = re.search(r'<p class="secret"><code[^>]*>([A-Z2-7 ]+)</code>', page.text)
            if not match:
                raise AssertionError(f"no authenticator secret on {page.url}")
            secret = match.group(1)
            page = self.submit(
                page,
                page.form("/mfa/setup/", having="token"),
                {"token": totp(secret), "name": "Rehearsal"},
            )
        elif page.path == "/mfa/verify/":
            if secret is None:
                raise AssertionError(f"{email} has an authenticator the rehearsal does not know")
            page = self.submit(
                page, page.form("/mfa/verify/", having="token"), {"token": totp(secret)}
            )
        else:
            raise AssertionError(f"login of {email} ended on {page.url} ({page.status})")
        if page.status != 200 or page.path.startswith(
            ("/accounts/login", "/mfa/setup", "/mfa/verify")
        ):
            raise AssertionError(
                f"the code was not accepted for {email}: {page.url} ({page.status})"
            )
        return secret
