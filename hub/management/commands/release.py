from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepare the database and files for a new release, once per release and before any web "
        "server or worker of that release starts: run the deployment checks (an error stops the "
        "release before anything changes), apply the migrations, load the reference data and "
        "collect the static files. Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-collectstatic",
            action="store_true",
            help="Leave the static files alone (they were collected when the image was built).",
        )

    def handle(self, *args, skip_collectstatic: bool = False, **options):
        out = {"stdout": self.stdout, "stderr": self.stderr}
        self.stdout.write(self.style.MIGRATE_HEADING("Release: deployment checks"))
        # Warnings are printed for the operator; an error raises SystemCheckError, and the command
        # (and with it the compose service every server waits on) fails before the database or the
        # static files change.
        call_command("check", deploy=True, fail_level="ERROR", **out)
        self.stdout.write(self.style.MIGRATE_HEADING("Release: migrations"))
        call_command("migrate", interactive=False, **out)
        self.stdout.write(self.style.MIGRATE_HEADING("Release: reference data"))
        call_command("load_reference_data", **out)
        if not skip_collectstatic:
            self.stdout.write(self.style.MIGRATE_HEADING("Release: static files"))
            call_command("collectstatic", interactive=False, verbosity=1, **out)
        self.stdout.write(self.style.SUCCESS("The release is in place."))
