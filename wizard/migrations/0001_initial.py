# The shortlists move from the catalogue app to the wizard's own app. Their tables stay where they
# are (tools_catalog_shortlist, tools_catalog_shortlistitem): only Django's idea of which app owns
# them changes, so no row is copied or lost.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('tools_catalog', '0005_reserved_tool_addresses'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Shortlist',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=150, verbose_name='name')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('criteria', models.JSONField(blank=True, default=dict, verbose_name='answers')),
                        ('sort', models.CharField(default='match', max_length=12, verbose_name='order')),
                        ('saved_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                        ('read_only', models.BooleanField(default=False, verbose_name='read-only copy')),
                        ('shared_at', models.DateTimeField(blank=True, null=True, verbose_name='shared')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='shortlists', to=settings.AUTH_USER_MODEL)),
                        ('shared_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='shared by')),
                    ],
                    options={
                        'verbose_name': 'shortlist',
                        'verbose_name_plural': 'shortlists',
                        'db_table': 'tools_catalog_shortlist',
                        'ordering': ['-saved_at', '-pk'],
                        'indexes': [models.Index(fields=['owner', 'saved_at'], name='tools_catal_owner_i_9409d8_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='ShortlistItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveIntegerField(verbose_name='position')),
                        ('tool_name', models.CharField(max_length=150, verbose_name='tool')),
                        ('provider_name', models.CharField(max_length=200, verbose_name='provider')),
                        ('score', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='match score (%)')),
                        ('shortlist', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='wizard.shortlist')),
                        ('tool', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='shortlist_items', to='tools_catalog.tool')),
                    ],
                    options={
                        'verbose_name': 'tool in a shortlist',
                        'verbose_name_plural': 'tools in shortlists',
                        'db_table': 'tools_catalog_shortlistitem',
                        'ordering': ['shortlist', 'position'],
                        'constraints': [models.UniqueConstraint(fields=('shortlist', 'tool'), name='unique_shortlist_tool')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
