"""Languages by their ISO 639 codes: their names in the reader's language, and a form field for
lists of codes (the languages of a tool, of a learning resource).

Names are Babel's CLDR language names. No database access.
"""

import re
from functools import cache

from babel import Locale
from django import forms
from django.conf import settings
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _


def language_name(code: str, language: str) -> str:
    """The name of language ``code`` in the reader's language (CLDR names through Babel)."""
    try:
        return Locale.parse(to_locale(language)).languages.get(code) or code
    except (ValueError, TypeError):
        return code


# Codes that are ISO 639 but name no language a tool could work in.
_NOT_A_LANGUAGE = frozenset({"und", "mis", "mul", "zxx"})
_CODE = re.compile(r"[a-z]{2,3}")


@cache
def _known_language_codes() -> frozenset[str]:
    return frozenset(
        code
        for code in Locale("en").languages
        if _CODE.fullmatch(code) and code not in _NOT_A_LANGUAGE
    )


def language_names(codes: list[str], language: str | None = None) -> str:
    """ "English (en), French (fr)" in the active language (CLDR names through Babel)."""
    language = language or get_language() or settings.LANGUAGE_CODE
    return ", ".join(f"{language_name(code, language)} ({code})" for code in codes)


class LanguageCodesField(forms.CharField):
    """A JSON list of ISO 639 language codes, typed as "en, fr, ar"."""

    default_error_messages = {
        "invalid_codes": _(
            "Not an ISO 639 language code: %(codes)s. Use two- or three-letter codes such as "
            "en, fr, ar, zh, swh."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("ISO 639 codes separated by commas, for example: en, fr, ar, zh."),
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 60}))
        super().__init__(strip=True, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(code) for code in value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            return list(value)
        text = super().to_python(value) or ""
        codes: list[str] = []
        for code in re.split(r"[\s,;]+", text.lower()):
            if code and code not in codes:
                codes.append(code)
        return codes

    def validate(self, value) -> None:
        super().validate(value)
        known = _known_language_codes()
        invalid = [code for code in value if not _CODE.fullmatch(code) or code not in known]
        if invalid:
            raise forms.ValidationError(
                self.error_messages["invalid_codes"],
                code="invalid_codes",
                params={"codes": ", ".join(invalid)},
            )
