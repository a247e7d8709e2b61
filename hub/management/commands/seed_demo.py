from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app that has demo data offers ``<app>.demo.seed(*, stdout)``; order matters (people, then
# tools, then what refers to tools).
DEMO_MODULES = [
    "hub.demo",
    "tools_catalog.demo",
    "questionnaires.demo",
    "learning.demo",
    "community.demo",
]


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
        for module_name in DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
