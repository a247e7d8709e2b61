"""Chinese and Japanese in the search documents: runs of characters also as overlapping pairs.

On PostgreSQL, a function that the search documents are built with (``search.with_cjk_pairs`` is
the same in Python), and the documents of existing tools gain the pairs of their texts.
"""

from django.db import migrations

LANGUAGES = {
    "en": "english",
    "ar": "arabic",
    "zh_hans": "simple",
    "fr": "french",
    "ru": "russian",
    "es": "spanish",
}

CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION tools_catalog_with_cjk_pairs(doc text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT doc || ' ' || coalesce((
    SELECT string_agg(substr(run[1], i, 2), ' ' ORDER BY n, i)
    FROM regexp_matches(
      doc, '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,})', 'g'
    ) WITH ORDINALITY AS runs(run, n),
    generate_series(1, char_length(run[1]) - 1) AS i
  ), '')
$$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION)
    for field, config in LANGUAGES.items():
        schema_editor.execute(
            f"UPDATE tools_catalog_tool SET search_{field} = coalesce(search_{field}, '')"
            f" || to_tsvector('{config}', tools_catalog_with_cjk_pairs(concat_ws(' ', name,"
            f" summary_{field}, summary_en, description_{field}, description_en)))"
            f" WHERE concat_ws(' ', name, summary_{field}, summary_en, description_{field},"
            f" description_en) ~ '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]'"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS tools_catalog_with_cjk_pairs(text)")


class Migration(migrations.Migration):
    dependencies = [("tools_catalog", "0007_catalogue_changes")]

    operations = [migrations.RunPython(forwards, backwards)]
