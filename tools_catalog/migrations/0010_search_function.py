"""The catalogue's search as a database function that answers from the search indexes alone.

The planner does not count the cost of unpacking each row's search documents (stored out of
line): left to itself, for a word in a tenth to a third of the tools it reads and matches every
row (100-150 ms at 10,000 tools, growing with the catalogue) rather than OR the languages' GIN
indexes (3-20 ms). The function turns plain scans off for its own queries only, so the matches
come from the indexes and whether a tool matches in the reader's language is read from that
language's index too: no search document is unpacked.
"""

from django.db import migrations

LANGUAGES = {
    "en": "english",
    "ar": "arabic",
    "zh-hans": "simple",
    "fr": "french",
    "ru": "russian",
    "es": "spanish",
}


def _match(code: str, config: str) -> str:
    return f"search_{code.replace('-', '_')} @@ websearch_to_tsquery('{config}', search_query)"


OWN = "\n    UNION ALL ".join(
    f"SELECT id FROM tools_catalog_tool WHERE reader_language = '{code}' AND "  # noqa: S608
    f"{_match(code, config)}"
    for code, config in LANGUAGES.items()
)
ANY = "\n    OR ".join(_match(code, config) for code, config in LANGUAGES.items())

# Built from the constants above only.
CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION tools_catalog_search(search_query text, reader_language text)
RETURNS TABLE(tool_id bigint, in_language boolean)
LANGUAGE sql STABLE
SET enable_seqscan = off
SET enable_indexscan = off
AS $$
  WITH own AS MATERIALIZED (
    {OWN}
  )
  SELECT id, id IN (SELECT id FROM own) FROM tools_catalog_tool
  WHERE status = 'published' AND (
    {ANY}
  )
$$
"""  # noqa: S608


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS tools_catalog_search(text, text)")


class Migration(migrations.Migration):
    dependencies = [("tools_catalog", "0009_decision_contests")]

    operations = [migrations.RunPython(forwards, backwards)]
