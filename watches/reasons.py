"""A change on a watch in plain words, in the reader's language: "now matches: Offline or
air-gapped, analyses Arabic".

A change keeps its reasons as codes and facet keys (WatchChange.reasons); they are put into words
when shown, so a notice, the /me/ page and a digest each speak their reader's language.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from hub.core.languages import language_name
from hub.core.regions import region_name
from hub.models import OrganisationType
from tools_catalog.selectors import taxonomy_snapshot, term_lookup

# Reason codes (the first item of each reason).
MATCHES, LISTED, GAINED, LOST, VERIFIED, ETHICS, UNMATCHED = (
    "matches", "listed", "gained", "lost", "verified", "ethics", "unmatched",
)  # fmt: skip
SUSPENDED, REMOVED, UNPUBLISHED = "suspended", "removed", "unpublished"


def key_labels(keys: list[str], language: str) -> list[str]:
    """Each facet key ("deployment:4", "alang:ar") as the reader calls it."""
    terms = term_lookup(taxonomy_snapshot(language))
    types = dict(OrganisationType.choices)
    labels = []
    with translation.override(language):
        for key in keys:
            facet, _sep, value = key.partition(":")
            if key in terms:
                labels.append(terms[key].name)
            elif facet == "alang":
                labels.append(
                    _("analyses %(language)s") % {"language": language_name(value, language)}
                )
            elif facet == "ilang":
                labels.append(
                    _("interface in %(language)s") % {"language": language_name(value, language)}
                )
            elif facet == "region":
                labels.append(region_name(value, language))
            elif facet == "ptype" and value in types:
                labels.append(str(types[value]))
    return labels


def reason_text(reasons: list, language: str) -> str:
    """The reasons of one change as one line."""
    parts = []
    with translation.override(language):
        for reason in reasons:
            code, keys = reason[0], reason[1] if len(reason) > 1 else []
            names = ", ".join(key_labels(keys, language))
            if code == MATCHES:
                parts.append(_("now matches: %(values)s") % {"values": names} if names
                             else _("now matches"))  # fmt: skip
            elif code == LISTED:
                parts.append(_("in the shortlist"))
            elif code == GAINED:
                parts.append(_("now also: %(values)s") % {"values": names})
            elif code == LOST:
                parts.append(_("no longer: %(values)s") % {"values": names})
            elif code == VERIFIED:
                parts.append(_("verified again by the hub team"))
            elif code == ETHICS:
                parts.append(_("new ethics answers"))
            elif code == UNMATCHED:
                parts.append(
                    _("no longer matches: %(values)s") % {"values": names} if names
                    else _("no longer matches")
                )  # fmt: skip
            elif code == SUSPENDED:
                parts.append(_("suspended by the hub team"))
            elif code == REMOVED:
                parts.append(_("removed from the hub"))
            elif code == UNPUBLISHED:
                parts.append(_("no longer listed"))
    return "; ".join(parts)
