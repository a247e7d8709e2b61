"""GIN indexes for full-text search, on PostgreSQL only (SQLite uses a simpler match)."""

from django.db import migrations

LANGUAGES = ["en", "ar", "zh_hans", "fr", "ru", "es"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS tools_catalog_tool_search_{code}_gin "
            f"ON tools_catalog_tool USING gin (search_{code})"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for code in LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS tools_catalog_tool_search_{code}_gin")


class Migration(migrations.Migration):
    dependencies = [("tools_catalog", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
