"""Rendering of the hub's emails: subject, plain text and HTML, in the recipient's language."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def email_render(*, template: str, context: dict, language: str) -> RenderedEmail:
    """Render ``templates/emails/<template>/{subject.txt,body.txt,body.html}`` in ``language``."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}/subject.txt", context)
        text = render_to_string(f"emails/{template}/body.txt", context)
        html = render_to_string(f"emails/{template}/body.html", context)
    subject = " ".join(subject.split())
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    return RenderedEmail(subject=f"{prefix}{subject}", text=text.strip() + "\n", html=html)
