"""The catalogue's CSV download streams: the tools are read a chunk at a time while it is sent,
never all at once, and the rows are the catalogue's, in its order."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import login_verified, make_officer, make_tool
from tools_catalog import views

TOOLS = 23
CHUNK = 5


@pytest.fixture
def officer_client(db):
    return login_verified(Client(), make_officer())


@pytest.fixture
def tools(db):
    made = [
        make_tool(f"Tool {n:02d}", purposes=("hash-matching",), deployment=("offline",))
        for n in range(TOOLS)
    ]
    make_tool("Hidden Draft", status="draft", purposes=("hash-matching",))
    return made


def _tool_reads(queries) -> int:
    """How many times the tools' own rows were read (one query per chunk)."""
    return sum(
        1
        for query in queries
        if re.match(r'SELECT .* FROM "tools_catalog_tool" INNER JOIN', query["sql"])
        and " IN (" in query["sql"]
    )


def test_the_unfiltered_export_streams_the_tools_in_chunks(officer_client, tools, monkeypatch):
    monkeypatch.setattr(views, "CSV_CHUNK", CHUNK)

    response = officer_client.get(reverse("tools:csv"))

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    with CaptureQueriesContext(connection) as queries:
        parts = iter(response.streaming_content)
        start = [next(parts) for _ in range(3)]  # the UTF-8 mark, the header, the first row
        read_at_first = _tool_reads(queries.captured_queries)
        rest = list(parts)
    assert read_at_first == 1  # one chunk read so far, not the whole catalogue
    assert _tool_reads(queries.captured_queries) == -(-TOOLS // CHUNK)

    text = b"".join([*start, *rest]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Name", "Provider"]
    # Every published tool once, in the catalogue's own order (its first page shows 20).
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == [f"Tool {n:02d}" for n in range(TOOLS)]
    page = officer_client.get(reverse("tools:catalogue")).content.decode()
    shown = re.findall(r'<h2[^>]*>\s*<a href="/tools/[^"]+/">([^<]+)</a>', page)
    assert names[: len(shown)] == shown and len(shown) == 20
    by_name = {tool.name: tool for tool in tools}
    for row in rows[1:]:
        tool = by_name[row[0]]
        assert row[1] == tool.provider.name
        assert row[-1] == f"http://testserver{tool.get_absolute_url()}"
