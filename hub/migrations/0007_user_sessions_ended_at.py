from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0006_submission_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sessions_ended_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="Every session opened before this time has ended.",
                null=True,
                verbose_name="sessions ended",
            ),
        ),
    ]
