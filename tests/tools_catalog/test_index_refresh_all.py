"""tools_index_refresh_all() leaves the catalogue's index exactly as tool_index_refresh() on each tool."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from tests.factories import make_organisation, make_tool
from tools_catalog.models import (
    CostModel,
    Maturity,
    OperatingSystem,
    Purpose,
    Technology,
    Tool,
    ToolFacet,
)
from tools_catalog.services import tool_index_refresh, tools_index_refresh_all

SEARCH_COLUMNS = ["search_en", "search_ar", "search_zh_hans", "search_fr", "search_ru", "search_es"]


def _index() -> dict:
    """Every facet row, and on PostgreSQL every search document as text."""
    state = {"facets": sorted(ToolFacet.objects.values_list("tool_id", "key"))}
    if connection.vendor == "postgresql":
        columns = ", ".join(f"{column}::text" for column in SEARCH_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {columns} FROM tools_catalog_tool ORDER BY id")  # noqa: S608
            state["search"] = cursor.fetchall()
    return state


def _forget_index() -> None:
    """Damage the index: missing rows, stale rows, no search documents."""
    first, second = Tool.objects.order_by("pk")[:2]
    ToolFacet.objects.filter(tool=first).delete()
    ToolFacet.objects.filter(tool=second, key__startswith="purpose:").delete()
    ToolFacet.objects.create(tool=second, key="purpose:999999")
    ToolFacet.objects.create(tool=second, key="ilang:xx")
    Tool.objects.update(**dict.fromkeys(SEARCH_COLUMNS))


@pytest.fixture
def tools(db):
    """Tools that exercise every part of the index: all taxonomies, translations, rich text."""
    purposes = [
        Purpose.objects.create(
            slug="hash-matching", position=1, name_en="Hash matching", name_fr="Hachage"
        ),
        Purpose.objects.create(
            slug="grooming-detection", position=0, name_en="Grooming detection", name_ar=""
        ),
    ]
    technology = Technology.objects.create(
        slug="vision", name_en="Computer vision", name_ru="Компьютерное зрение"
    )
    system = OperatingSystem.objects.create(slug="linux", name_en="Linux")
    cost = CostModel.objects.create(slug="free", name_en="Free of charge", name_es="Gratuito")
    maturity = Maturity.objects.create(slug="production", name_en="In production")
    academia = make_organisation(name="Université Exemple", type="academia", country="FR")

    hashwell = make_tool(
        "Hashwell",
        summary="Finds known images in seized devices.",
        description='<p>Matches <a href="https://hashwell.example" title="a>b">hashes</a>.</p>'
        "<p>Works offline</p><ul><li>fast</li></ul>",
        purposes=("hash-matching", "grooming-detection"),
        media=("images", "video"),
        deployment=("offline",),
        analysis_languages=("ar", "en"),
        interface_languages=("en", "fr"),
        country="DE",
        integrations="CAID & VICS",
        maturity=maturity,
    )
    hashwell.summary_fr = "Trouve les images connues."
    hashwell.description_fr = "<p>Compare les empreintes</p><p>hors ligne</p>"
    hashwell.save()
    hashwell.technologies.add(technology)
    hashwell.operating_systems.add(system)
    hashwell.cost_models.add(cost)

    chatguard = make_tool(
        "Chatguard",
        provider=academia,
        summary="Flags grooming in chat logs.",
        description="",
        purposes=("grooming-detection",),
        media=("text",),
        country="SN",
        interface_languages=(),
    )
    make_tool("Draft Tool", status="draft", purposes=("hash-matching",), country="XK")
    plain = make_tool("Plain", summary="Nothing else.", description="<p>x</p>", country="BR")
    plain.purposes.set([purposes[0]])

    for tool in Tool.objects.all():
        tool_index_refresh(tool=Tool.objects.get(pk=tool.pk))
    return {"hashwell": hashwell, "chatguard": chatguard, "plain": plain}


def test_a_damaged_index_is_rebuilt_as_the_per_tool_refresh_leaves_it(tools):
    expected = _index()
    assert expected["facets"]

    _forget_index()
    tools_index_refresh_all()

    assert _index() == expected


def test_changes_to_tools_are_picked_up_like_the_per_tool_refresh(tools):
    hashwell, chatguard = tools["hashwell"], tools["chatguard"]
    hashwell.purposes.clear()
    hashwell.analysis_languages = ["ru"]
    hashwell.save()
    chatguard.maturity = Maturity.objects.get()
    chatguard.summary_es = "Detecta el grooming."
    chatguard.save()
    Purpose.objects.filter(slug="grooming-detection").update(name_zh_hans="诱骗检测")

    tools_index_refresh_all()
    all_at_once = _index()
    for tool in Tool.objects.all():
        tool_index_refresh(tool=tool)

    assert _index() == all_at_once


def test_refreshing_twice_changes_nothing(tools):
    tools_index_refresh_all()
    first = _index()
    ids = set(ToolFacet.objects.values_list("pk", flat=True))

    tools_index_refresh_all()

    assert _index() == first
    assert set(ToolFacet.objects.values_list("pk", flat=True)) == ids  # no row rewritten


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search documents: PostgreSQL only")
def test_search_documents_are_filled_for_every_language(tools):
    _forget_index()
    tools_index_refresh_all()

    hashwell = Tool.objects.filter(pk=tools["hashwell"].pk)
    assert hashwell.filter(search_en=SearchQuery("hash", config="english")).exists()
    assert hashwell.filter(search_fr=SearchQuery("connues", config="french")).exists()
    assert hashwell.filter(search_ru=SearchQuery("зрение", config="russian")).exists()
    assert not Tool.objects.filter(search_ar__isnull=True).exists()
