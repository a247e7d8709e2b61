from importlib import import_module

from django.core.management.base import BaseCommand
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
    help = "Load the demo data. Safe to run again: a second run changes nothing."

    def handle(self, *args, **options):
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
