from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hub.personal_data.retention import retention_run

# How many of each kind, in plain words, and what one of them is called in the list below.
KINDS = {
    "users": (
        lambda n: ngettext("%(count)d account", "%(count)d accounts", n),
        gettext_lazy("account"),
    ),
    "organisations": (
        lambda n: ngettext("%(count)d organisation", "%(count)d organisations", n),
        gettext_lazy("organisation"),
    ),
    "exports": (
        lambda n: ngettext("%(count)d export", "%(count)d exports", n),
        gettext_lazy("export"),
    ),
    "audit_entries": (
        lambda n: ngettext("%(count)d audit log entry", "%(count)d audit log entries", n),
        gettext_lazy("audit log entry"),
    ),
    "submission_tokens": (
        lambda n: ngettext("%(count)d form token", "%(count)d form tokens", n),
        gettext_lazy("form token"),
    ),
}


class Command(BaseCommand):
    help = (
        "Apply the retention rules now (they also run every night). With --dry-run, only show "
        "what would go: nothing is changed and no email is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would go, change nothing.",
        )

    def handle(self, *args, dry_run: bool, **options):
        now = timezone.now()
        results = retention_run(now=now, dry_run=dry_run)
        if dry_run:
            heading = _("Retention rules as of %(now)s, dry run: nothing has been changed.")
        else:
            heading = _("Retention rules applied at %(now)s.")
        self.stdout.write(heading % {"now": f"{now:%Y-%m-%d %H:%M} UTC"})
        # Accounts are named by id and role, never by email address: this output may end up in
        # logs. Look an id up in the admin when you need to know who it is.
        for result in results:
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING(result.title))
            counts = result.counts
            if not any(counts.values()):
                self.stdout.write("  " + _("Nothing to do."))
                continue
            summary = ", ".join(KINDS[kind][0](n) % {"count": n} for kind, n in counts.items())
            self.stdout.write(f"  {result.would if dry_run else result.done}: {summary}")
            for item in result.items:
                self.stdout.write(f"    {KINDS[item.kind][1]} {item.pk}: {item.note}")
        if not dry_run:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(_("Written to the audit log.")))
