from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    # The database may be empty: the system checks that read it would fail before the restore.
    requires_system_checks = []
    help = (
        "Restore a backup made by `manage.py backup` into the EMPTY database DATABASE_URL names, "
        "and its members-only files into the private storage. Then run `manage.py release` to "
        "bring the database up to this release's migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="the folder `manage.py backup` wrote")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest, restored = backup_restore(folder=folder.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"  database ({manifest['engine']}) from the backup of {manifest['created']}\n"
            f"  private files: {restored}"
        )
        self.stdout.write(self.style.SUCCESS("Restored. Run `manage.py release` next."))
