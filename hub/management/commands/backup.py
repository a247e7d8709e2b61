from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the hub into a new folder: the database (pg_dump's custom format, or a copy of "
        "the SQLite file) and every members-only file of the private storage (disk or S3), with a "
        "manifest. Restore with `manage.py restore FOLDER` into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="a new or empty folder")

    def handle(self, *args, output: Path, **options):
        try:
            summary = backup_create(folder=output.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"  database ({summary.engine}): {summary.database_bytes} bytes\n"
            f"  private files: {summary.files} ({summary.file_bytes} bytes)"
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {summary.folder}"))
