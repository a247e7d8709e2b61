from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hub.core.demo import demo_seeders


class Command(BaseCommand):
    # The refusal in production comes first, whatever else the deployment checks would say.
    requires_system_checks = []
    help = (
        "Load the reference data, then the demo content and the demo accounts, whose passwords "
        "are published in the README. Refuses to run when HUB_ENV=production. Safe to run again: "
        "a second run changes nothing."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo does not run when HUB_ENV=production: it creates accounts whose "
                "passwords are published, a staff superuser among them. To load the taxonomies, "
                "the ethics question bank and the public pages, run load_reference_data."
            )
        call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)
        # Each app that has demo data answers hub.core.demo.register_demo_data.
        for seed in demo_seeders():
            with transaction.atomic():
                seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
