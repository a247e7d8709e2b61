# A form sent again finds what its first sending created through hub.SubmissionToken, by the dotted
# path of the service that created it. The application services moved from hub.services to
# hub.accounts.services; the form tokens of the last week are brought over, so that an application
# form shown and sent before the upgrade, and sent again after it, still makes one account.
#
# Plain SQL on the form tokens' table, like the wizard's own move of its tokens.

from django.db import migrations

TOKENS = "hub_submissiontoken"
SERVICES = ("officer_apply", "provider_apply")


def _move(schema_editor, source: str, target: str) -> None:
    with schema_editor.connection.cursor() as cursor:
        for name in SERVICES:
            cursor.execute(
                f"UPDATE {TOKENS} SET action = %s WHERE action = %s",
                [f"{target}.{name}", f"{source}.{name}"],
            )


def forwards(apps, schema_editor):
    _move(schema_editor, "hub.services", "hub.accounts.services")


def backwards(apps, schema_editor):
    _move(schema_editor, "hub.accounts.services", "hub.services")


class Migration(migrations.Migration):

    dependencies = [
        ('hub', '0007_user_sessions_ended_at'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
