"""Tools and taxonomy values for the selection wizard's tests, with the catalogue's real slugs."""

from django.test import Client
from django.utils import timezone

from tests.factories import make_tool
from tools_catalog.models import CostModel, DeploymentOption, Maturity, MediaType, Purpose
from tools_catalog.selectors import catalogue_changed
from tools_catalog.services import tool_index_refresh
from wizard.selectors import PARAMETERS

TAXONOMY = {
    Purpose: ["hash-matching", "device-triage", "victim-identification", "grooming-sextortion"],
    MediaType: ["images", "video", "text-chat", "audio"],
    DeploymentOption: [
        "on-premises",
        "offline-air-gapped",
        "cloud-service",
        "hybrid",
        "mobile-field",
    ],
    CostModel: ["free-for-law-enforcement", "open-source", "paid-licence", "price-on-request"],
    Maturity: ["research-prototype", "pilot-in-development", "in-production-use"],
}
PRODUCTION, PILOT, PROTOTYPE = "in-production-use", "pilot-in-development", "research-prototype"


def wizard_taxonomy() -> None:
    """Every value the wizard's questions refer to, in list order (maturity: least mature first)."""
    for model, slugs in TAXONOMY.items():
        for position, slug in enumerate(slugs, start=1):
            model.objects.get_or_create(
                slug=slug,
                defaults={"name": slug.replace("-", " ").capitalize(), "position": position * 10},
            )


def make_wizard_tool(
    name: str,
    *,
    purposes=(),
    media=(),
    deployment=(),
    cost=(),
    maturity: str | None = None,
    interface=("en",),
    analysis=(),
    status: str = "published",
    **fields,
):
    """A tool described by taxonomy slugs (see :data:`TAXONOMY`), indexed for the catalogue."""
    wizard_taxonomy()
    tool = make_tool(
        name,
        purposes=tuple(purposes),
        media=tuple(media),
        deployment=tuple(deployment),
        interface_languages=tuple(interface),
        analysis_languages=tuple(analysis),
        status=status,
        maturity=Maturity.objects.get(slug=maturity) if maturity else None,
        last_verified_at=fields.pop("last_verified_at", timezone.now()),
        **fields,
    )
    tool.cost_models.set(CostModel.objects.filter(slug__in=cost))
    tool_index_refresh(tool=tool)
    # The index's own signal fires after commit, which never comes inside a test's transaction.
    catalogue_changed()
    return tool


def reindex(tool) -> None:
    """After changing a tool's taxonomy values in a test: what the provider portal's save does."""
    tool_index_refresh(tool=tool)
    catalogue_changed()


def result_slugs(response) -> list[str]:
    """The tools on a results page, in their order (from the cards' ids)."""
    import re

    return re.findall(
        r'<article class="tool-card wizard-card" id="tool-([^"]+)"', response.content.decode()
    )


def signed_in(user) -> Client:
    from tests.factories import login_verified

    return login_verified(Client(), user)


# Forms as a browser submits them --------------------------------------------------------------------


class _FormReader:
    """The controls of the first ``<form class="wizard-form">`` of a page, in document order."""

    def __init__(self, html: str, css_class: str = "wizard-form"):
        from html.parser import HTMLParser

        reader = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                attrs = {k: (v if v is not None else "") for k, v in attrs}
                if (
                    tag == "form"
                    and css_class in attrs.get("class", "").split()
                    and reader.action is None
                ):
                    reader.action, reader.inside = attrs.get("action", ""), True
                elif reader.inside and tag in ("input", "select", "button"):
                    reader.controls.append((tag, attrs))

            def handle_endtag(self, tag):
                if tag == "form":
                    reader.inside = False

        self.action: str | None = None
        self.inside = False
        self.controls: list[tuple[str, dict]] = []
        Parser().feed(html)
        assert self.action is not None, "no wizard form on the page"

    def names(self) -> set[str]:
        return {
            a["name"]
            for tag, a in self.controls
            if tag == "input" and a.get("type") != "hidden" and "name" in a
        }

    def submit(self, chosen: dict[str, set[str]]) -> str:
        """The URL the form's main button goes to, with the boxes in ``chosen`` ticked.

        ``chosen`` maps a visible field's name to the values to tick (for a radio, the one value;
        for a lone checkbox, {"on"}); fields not named keep their state as rendered.
        """
        from urllib.parse import urlencode

        pairs = []
        for tag, attrs in self.controls:
            name = attrs.get("name")
            if tag != "input" or not name:
                continue
            kind = attrs.get("type", "text")
            value = attrs.get("value", "on" if kind == "checkbox" else "")
            if kind == "hidden":
                pairs.append((name, value))
            elif kind in ("checkbox", "radio"):
                ticked = value in chosen[name] if name in chosen else "checked" in attrs
                if ticked:
                    pairs.append((name, value))
        return f"{self.action}?{urlencode(pairs)}"


def choices_for(criteria) -> dict[str, set[str]]:
    """A Criteria as the boxes and radios to tick in the wizard's forms."""
    chosen = {}
    for name in PARAMETERS:
        value = getattr(criteria, name)
        if isinstance(value, tuple):
            chosen[name] = set(value)
        elif isinstance(value, bool):
            chosen[name] = {"on"} if value else set()
        else:
            chosen[name] = {value}
    return chosen


def read_form(response, css_class: str = "wizard-form") -> _FormReader:
    return _FormReader(response.content.decode(), css_class)


def result_cards(response) -> dict[str, str]:
    """Each result card's HTML, by tool slug."""
    html = response.content.decode()
    cards = {}
    for part in html.split('<article class="tool-card wizard-card" id="tool-')[1:]:
        slug, rest = part.split('"', 1)
        cards[slug] = rest[: rest.index("</article>")]
    return cards


def result_scores(response) -> dict[str, int | None]:
    """Each result's match score in percent (None: no preferences, so no score)."""
    import re

    scores = {}
    for slug, card in result_cards(response).items():
        match = re.search(r"<strong>(\d+)%</strong>", card)
        scores[slug] = int(match.group(1)) if match else None
    return scores
