# A form sent again finds what its first sending created through hub.SubmissionToken: the service's
# dotted path and the content type of what it made. Both named the catalogue app while the
# shortlists lived there; the form tokens of the last week are brought over, so that a shortlist
# form shown before the upgrade and sent twice after it still creates one shortlist. The old content
# type rows stay (nothing else refers to them).
#
# Plain SQL on the form tokens' table: this migration must not depend on which app owns that model.

from django.db import migrations

TOKENS = "hub_submissiontoken"
MODELS = ("shortlist", "shortlistitem")
ACTIONS = ("shortlist_save", "shortlist_share")


def _move(apps, schema_editor, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    with schema_editor.connection.cursor() as cursor:
        for name in ACTIONS:
            cursor.execute(
                f"UPDATE {TOKENS} SET action = %s WHERE action = %s",
                [f"{target}.services.{name}", f"{source}.services.{name}"],
            )
        for model in MODELS:
            old = ContentType.objects.using(db).filter(app_label=source, model=model).first()
            if old is None:
                continue
            cursor.execute(f"SELECT 1 FROM {TOKENS} WHERE content_type_id = %s", [old.pk])
            if cursor.fetchone() is None:
                continue
            new, _created = ContentType.objects.using(db).get_or_create(
                app_label=target, model=model
            )
            cursor.execute(
                f"UPDATE {TOKENS} SET content_type_id = %s WHERE content_type_id = %s",
                [new.pk, old.pk],
            )


def forwards(apps, schema_editor):
    _move(apps, schema_editor, "tools_catalog", "wizard")


def backwards(apps, schema_editor):
    _move(apps, schema_editor, "wizard", "tools_catalog")


class Migration(migrations.Migration):

    dependencies = [
        ('wizard', '0001_initial'),
        ('hub', '0006_submission_token'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
