from django.core.management.base import BaseCommand
from django.db import transaction

from hub.core.reference import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the reference data from the files in <app>/reference/: the catalogue's taxonomies, "
        "learning topics, forum categories, the ethics question bank and the public pages. "
        "Safe in production and on every release: creates what is missing, updates what changed "
        "in the files, deletes nothing and creates no account."
    )

    def handle(self, *args, **options):
        # All or nothing: a release never runs with half of the new reference data.
        with transaction.atomic():
            tallies = reference_data_load()
        for tally in tallies:
            self.stdout.write(f"  {tally}")
            for warning in tally.warnings:
                self.stderr.write(f"  {warning}")
        self.stdout.write(self.style.SUCCESS("Reference data is in place."))
