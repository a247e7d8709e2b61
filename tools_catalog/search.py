"""Search of the catalogue in any of the hub's languages.

An officer finds a tool by a word in any language the hub holds for it: on PostgreSQL each
language's search document (``Tool.search_<language>``, stemmed with that language's configuration)
is searched, and the matches in the officer's own language come first. Chinese and Japanese are
written without spaces, so their runs of characters are also indexed and searched as overlapping
pairs of characters (天网识别 → 天网 网识 识别): a search for 天网 finds 天网识别.

Elsewhere (SQLite on a bare machine) every word must occur somewhere in the tool's name, provider
or texts in any language, and matches in the officer's language (or untranslated English) come first.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q

from .models import SEARCH_CONFIGS, Tool

# Han ideographs (with the compatibility block and extension A), hiragana and katakana.
CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK_CLASS}]{{2,}}")
# The database function that does what with_cjk_pairs does (migration 0008).
CJK_FUNCTION = "tools_catalog_with_cjk_pairs"
# The database function that searches the whole catalogue (migration 0010).
SEARCH_FUNCTION = "tools_catalog_search"
# How many words of a search are used: more would only slow the database down.
WORDS_MAX = 8


def cjk_pairs(text: str) -> str:
    """Each run of Chinese or Japanese characters as its overlapping pairs, space-separated."""
    return " ".join(run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1))


def with_cjk_pairs(text: str) -> str:
    """A document's text followed by the pairs of its Chinese or Japanese runs."""
    return f"{text} {cjk_pairs(text)}"


def search_text(text: str) -> str:
    """The search as the database's parser should read it: runs of Chinese or Japanese
    characters become their pairs (each pair must occur), everything else is left alone."""
    return CJK_RUN.sub(lambda match: f" {cjk_pairs(match.group())} ", text).strip()


@dataclass(frozen=True)
class SearchMatch:
    ids: list[int]  # every published tool that matches, in any language
    preferred: frozenset[int]  # those of ``ids`` that match in the officer's language


def _field(language: str) -> str:
    return language.replace("-", "_")


def search_published(text: str, language: str, among: Iterable[int] | None = None) -> SearchMatch:
    """The published tools (of ``among``, if given) that match the search."""
    tools = Tool.objects.published().rewrite(False)
    if among is not None:
        tools = tools.filter(pk__in=sorted(among))
    if connection.vendor == "postgresql" and among is None:
        rows = _postgresql_everywhere(text, language)
    elif connection.vendor == "postgresql":
        rows = _postgresql(tools, text, language)
    else:
        rows = _elsewhere(tools, text, language)
    ids, preferred = [], set()
    for pk, in_language in rows:
        ids.append(pk)
        if in_language:
            preferred.add(pk)
    return SearchMatch(ids, frozenset(preferred))


def _postgresql_everywhere(text: str, language: str):
    """The whole catalogue, through the database function ``tools_catalog_search`` (migration
    0010): the matches come from the languages' GIN indexes, never from reading every tool's
    search documents, which the planner would otherwise do for a common word."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tool_id, in_language FROM {SEARCH_FUNCTION}(%s, %s)",  # noqa: S608
            [search_text(" ".join(text.split()[:WORDS_MAX])), language],
        )
        return cursor.fetchall()


def _postgresql(tools, text: str, language: str):
    """A few tools (those changed since a search was cached): the planner reads them by id."""
    text = search_text(" ".join(text.split()[:WORDS_MAX]))
    matches = {
        code: Q(
            **{
                f"search_{_field(code)}": SearchQuery(
                    text, config=SEARCH_CONFIGS[code], search_type="websearch"
                )
            }
        )
        for code, _name in settings.LANGUAGES
    }
    anywhere = Q()
    for match in matches.values():
        anywhere |= match
    in_language = ExpressionWrapper(matches[language], output_field=BooleanField())
    return tools.filter(anywhere).annotate(in_language=in_language).values_list("pk", "in_language")


def _elsewhere(tools, text: str, language: str):
    own = _field(language)
    source = _field(settings.LANGUAGE_CODE)
    codes = [_field(code) for code, _name in settings.LANGUAGES]
    anywhere, in_language = Q(), Q()
    for word in text.split()[:WORDS_MAX]:
        shared = Q(name__icontains=word) | Q(provider__name__icontains=word)
        any_language, own_language = shared, shared
        for name in ("summary", "description"):
            for code in codes:
                any_language |= Q(**{f"{name}_{code}__icontains": word})
            own_language |= Q(**{f"{name}_{own}__icontains": word})
            # Where the officer's language has no text, the English original is what they read.
            untranslated = Q(**{f"{name}_{own}__isnull": True}) | Q(**{f"{name}_{own}": ""})
            own_language |= untranslated & Q(**{f"{name}_{source}__icontains": word})
        anywhere &= any_language
        in_language &= own_language
    wrapped = ExpressionWrapper(in_language, output_field=BooleanField())
    return tools.filter(anywhere).annotate(in_language=wrapped).values_list("pk", "in_language")
