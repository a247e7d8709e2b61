# The shortlists now belong to the wizard app (wizard/migrations/0001_initial.py), which keeps their
# tables: only the catalogue's record of them goes, no table is dropped.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tools_catalog', '0005_reserved_tool_addresses'),
        ('wizard', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ShortlistItem'),
                migrations.DeleteModel(name='Shortlist'),
            ],
            database_operations=[],
        ),
    ]
