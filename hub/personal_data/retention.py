"""Retention: the hub keeps personal data only as long as it needs it (SPEC §9).

Each rule is one function, ``<noun>_<verb>(*, now, dry_run=False) -> RuleResult``, that finds what
its ``RETENTION_*`` setting says has been kept long enough and, unless ``dry_run``, acts on it. The
result names what went (or would go) by id and role, never by name or email address.
:func:`retention_run` runs every rule in one transaction and writes one ``RETENTION`` audit entry
with what each rule did. A dry run writes nothing, deletes nothing and sends nothing.

The rules:

- sign-ups whose email address was never confirmed are removed ``RETENTION_UNVERIFIED_DAYS`` after
  signing up, with the provider organisation they created;
- rejected applications are removed ``RETENTION_REJECTED_DAYS`` after the decision: the account,
  its application and (for providers) the organisation, unless tools or other people still use it;
- members who have not logged in for ``RETENTION_INACTIVE_WARN_DAYS`` are warned by email once,
  and deactivated after ``RETENTION_INACTIVE_DEACTIVATE_DAYS``, never sooner than the difference
  of the two after the warning. Deactivated accounts cannot log in; a superuser re-activates one
  by ticking "active" on the account in the admin. Staff accounts are never deactivated here;
- data exports past their download period are deleted with their files;
- audit log entries older than ``RETENTION_AUDIT_DAYS`` are deleted, retention entries included;
- the one-time tokens of sent forms (double-submission guard) go after
  ``RETENTION_SUBMISSION_TOKEN_DAYS``.

Accounts are removed with :func:`hub.personal_data.erasure.account_erase`, as when members ask for it
themselves: the audit log keeps a pseudonym in place of name and address.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.models import Organisation, Role, Status, User, VettingDecision
from hub.audit.models import AuditEvent
from hub.audit.services import audit_record
from hub.core.models import SubmissionToken
from hub.outbox.models import OutboxEmail
from hub.outbox.services import email_queue

from .erasure import account_erase
from .export import files_delete_after_commit
from .models import DataExport

WARNING_TEMPLATE = "inactivity_warning"
DEACTIVATED_TEMPLATE = "inactivity_deactivated"
APPLICANT_ROLES = (Role.OFFICER, Role.PROVIDER)


@dataclass(frozen=True)
class Item:
    """One thing a rule acted on (or would), described without personal data."""

    kind: str  # "users", "organisations", "exports"
    pk: int
    note: str = ""


@dataclass
class RuleResult:
    rule: str
    title: str
    done: str  # what happened to the items, in a few words
    would: str  # the same, for a dry run
    items: list[Item] = field(default_factory=list)
    # Things counted but not listed one by one (audit entries: there may be many thousands).
    extra_counts: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(item.kind for item in self.items)) | self.extra_counts

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def audit_details(self) -> dict:
        ids: dict[str, list[int]] = {}
        for item in self.items:
            ids.setdefault(item.kind, []).append(item.pk)
        return {"counts": self.counts, "ids": ids}


def _days(name: str) -> timedelta:
    return timedelta(days=getattr(settings, name))


def _date(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d}"


# Removing people who never became members ---------------------------------------------------------


def unverified_signups_remove(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """Applicants who never confirmed their email address and are still waiting, after N days."""
    days = settings.RETENTION_UNVERIFIED_DAYS
    result = RuleResult(
        rule="unverified_signups",
        title=_("Sign-ups whose email address was not confirmed within %(days)d days")
        % {"days": days},
        done=_("removed"),
        would=_("would be removed"),
    )
    address = EmailAddress.objects.filter(user=OuterRef("pk"))
    users = (
        _applicants()
        .filter(status=Status.PENDING, date_joined__lt=now - _days("RETENTION_UNVERIFIED_DAYS"))
        # Providers apply with their organisation: still waiting means the organisation is too.
        .filter(
            Q(role=Role.OFFICER)
            | Q(organisation__isnull=True)
            | Q(organisation__status=Status.PENDING)
        )
        # Only sign-ups through the application forms (which record an unconfirmed address), not
        # accounts made by staff in the admin.
        .filter(Exists(address.filter(verified=False)))
        .exclude(Exists(address.filter(verified=True)))
    )
    notes = {user.pk: _("signed up %(date)s") % {"date": _date(user.date_joined)} for user in users}
    _people_remove(result, users=list(users), notes=notes, dry_run=dry_run)
    return result


def rejected_applications_remove(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """Rejected officers and provider organisations, N days after the decision."""
    days = settings.RETENTION_REJECTED_DAYS
    result = RuleResult(
        rule="rejected_applications",
        title=_("Applications rejected more than %(days)d days ago") % {"days": days},
        done=_("removed"),
        would=_("would be removed"),
    )
    cutoff = now - _days("RETENTION_REJECTED_DAYS")
    rejections = VettingDecision.objects.filter(action=VettingDecision.Action.REJECT)
    # A person rejected on their own (officers; rarely a provider's user).
    people = (
        _applicants()
        .filter(status=Status.REJECTED)
        .annotate(
            rejected_at=models.Subquery(
                rejections.filter(user=OuterRef("pk"))
                .order_by("-decided_at")
                .values("decided_at")[:1]
            )
        )
        .filter(rejected_at__lt=cutoff)
    )
    notes = {user.pk: _("rejected %(date)s") % {"date": _date(user.rejected_at)} for user in people}
    # A provider organisation rejected as a whole: its people go with it. Its own decision date,
    # or the newest rejection in its history when that is missing.
    organisations = list(
        Organisation.objects.filter(status=Status.REJECTED)
        .annotate(
            rejected_at=Coalesce(
                "decided_at",
                models.Subquery(
                    rejections.filter(organisation=OuterRef("pk"))
                    .order_by("-decided_at")
                    .values("decided_at")[:1]
                ),
            )
        )
        .filter(rejected_at__lt=cutoff)
        .order_by("pk")
    )
    members = _applicants().filter(organisation__in=organisations).exclude(pk__in=list(notes))
    by_organisation = {organisation.pk: organisation for organisation in organisations}
    for user in members:
        rejected_at = by_organisation[user.organisation_id].rejected_at
        notes[user.pk] = _("organisation rejected %(date)s") % {"date": _date(rejected_at)}
    users = sorted([*people, *members], key=lambda user: user.pk)
    _people_remove(result, users=users, notes=notes, dry_run=dry_run, organisations=organisations)
    return result


def _applicants() -> models.QuerySet:
    """Accounts of officers and providers; staff and superusers are never removed by a rule."""
    return (
        User.objects.filter(role__in=APPLICANT_ROLES, is_staff=False, is_superuser=False)
        .select_related("organisation")
        .order_by("pk")
    )


def _people_remove(
    result: RuleResult,
    *,
    users: list[User],
    notes: dict[int, str],
    dry_run: bool,
    organisations: Sequence[Organisation] = (),
) -> None:
    """Remove ``users`` and then each organisation of theirs (and each of ``organisations``) that
    nothing else holds on to: no other people, no tools."""
    user_ids = {user.pk for user in users}
    candidates = {organisation.pk: organisation for organisation in organisations}
    for user in users:
        if user.organisation is not None:
            candidates.setdefault(user.organisation_id, user.organisation)
    leaving = [
        organisation
        for _pk, organisation in sorted(candidates.items())
        # An approved organisation stays until staff decide otherwise, even with nobody left.
        if organisation.status != Status.APPROVED
        and not _organisation_held(organisation, leaving_users=user_ids)
    ]
    for user in users:
        role = user.get_role_display()
        result.items.append(Item("users", user.pk, f"{role}, {notes.get(user.pk, '')}".strip(", ")))
    for organisation in leaving:
        result.items.append(
            Item("organisations", organisation.pk, str(organisation.get_status_display()))
        )
    if dry_run:
        return
    # The same erasure as when members ask for it themselves: the audit log keeps a pseudonym
    # instead of their name and address, and the emails sent to them go. They are not written to:
    # some never confirmed their address, the others were told of the decision.
    for user in users:
        account_erase(user=user, reason=f"retention_{result.rule}", notify=False)
    # Usually gone with their last person already; a rejected organisation may have had nobody.
    Organisation.objects.filter(pk__in=[organisation.pk for organisation in leaving]).delete()


def _organisation_held(organisation: Organisation, *, leaving_users: set[int]) -> bool:
    """Whether anything that blocks deletion points at the organisation: people who stay, or any
    row of a protected relation (catalogue tools keep their provider)."""
    if organisation.users.exclude(pk__in=leaving_users).exists():
        return True
    for relation in Organisation._meta.related_objects:
        if relation.related_model is User:
            continue
        if relation.on_delete in (models.PROTECT, models.RESTRICT):
            related = relation.related_model._base_manager
            if related.filter(**{relation.field.name: organisation}).exists():
                return True
    return False


# Inactive members -------------------------------------------------------------------------------


def inactive_members_warn(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """Members who have not logged in for N days get one email: log in, or the account closes."""
    days = settings.RETENTION_INACTIVE_WARN_DAYS
    result = RuleResult(
        rule="inactive_warned",
        title=_("Members who have not logged in for %(days)d days") % {"days": days},
        done=_("warned by email"),
        would=_("would be warned by email"),
    )
    idle = _members_idle(since=now - _days("RETENTION_INACTIVE_WARN_DAYS"))
    sent = set(
        OutboxEmail.objects.filter(
            dedupe_key__in=[_warning_key(user, seen) for user, seen in idle]
        ).values_list("dedupe_key", flat=True)
    )
    for user, seen in idle:
        key = _warning_key(user, seen)
        if key in sent:
            continue
        result.items.append(
            Item(
                "users",
                user.pk,
                _("%(role)s, last seen %(date)s")
                % {"role": user.get_role_display(), "date": _date(seen)},
            )
        )
        if dry_run:
            continue
        deactivate_on = max(
            seen + _days("RETENTION_INACTIVE_DEACTIVATE_DAYS"), now + _notice_period()
        )
        email_queue(
            to=user.email,
            recipient=user,
            template=WARNING_TEMPLATE,
            context={"user": user, "last_seen": seen, "deactivate_on": deactivate_on},
            dedupe_key=key,
        )
    return result


def inactive_members_deactivate(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """Members still away N days after their last login, and warned long enough ago, are
    deactivated: they can no longer log in, and they are told so."""
    days = settings.RETENTION_INACTIVE_DEACTIVATE_DAYS
    result = RuleResult(
        rule="inactive_deactivated",
        title=_("Members who have not logged in for %(days)d days, warned before") % {"days": days},
        done=_("deactivated"),
        would=_("would be deactivated"),
    )
    idle = _members_idle(since=now - _days("RETENTION_INACTIVE_DEACTIVATE_DAYS"))
    warned = dict(
        OutboxEmail.objects.filter(
            dedupe_key__in=[_warning_key(user, seen) for user, seen in idle]
        ).values_list("dedupe_key", "created_at")
    )
    due = [
        (user, seen)
        for user, seen in idle
        if (warned_at := warned.get(_warning_key(user, seen))) is not None
        and warned_at <= now - _notice_period()
    ]
    for user, seen in due:
        result.items.append(
            Item(
                "users",
                user.pk,
                _("%(role)s, last seen %(date)s")
                % {"role": user.get_role_display(), "date": _date(seen)},
            )
        )
    if dry_run:
        return result
    User.objects.filter(pk__in=[user.pk for user, _seen in due]).update(is_active=False)
    for user, seen in due:
        email_queue(
            to=user.email,
            recipient=user,
            template=DEACTIVATED_TEMPLATE,
            context={"user": user, "last_seen": seen},
            dedupe_key=f"{DEACTIVATED_TEMPLATE}:{user.pk}:{_date(seen)}",
        )
    return result


def _members_idle(*, since: datetime) -> list[tuple[User, datetime]]:
    """Active, vetted officers and providers not seen since ``since``, with when they were last seen.

    Last seen is the last login, or joining for someone who never logged in, or, for an account
    deactivated here before and re-activated by staff since, that deactivation: re-activation
    starts the count again instead of closing the account the next night.
    """
    members = (
        User.objects.filter(
            role__in=APPLICANT_ROLES,
            status=Status.APPROVED,
            is_active=True,
            is_staff=False,
            is_superuser=False,
        )
        # A provider whose organisation is suspended cannot log in anyway: no point warning them.
        .filter(Q(role=Role.OFFICER) | Q(organisation__status=Status.APPROVED))
        .annotate(seen=Coalesce("last_login", "date_joined"))
        .filter(seen__lt=since)
        .order_by("pk")
    )
    members = list(members)
    deactivated = dict(
        OutboxEmail.objects.filter(template=DEACTIVATED_TEMPLATE, recipient__in=members)
        .values("recipient")
        .annotate(at=Max("created_at"))
        .values_list("recipient", "at")
    )
    idle = []
    for user in members:
        seen = max(user.seen, deactivated.get(user.pk, user.seen))
        if seen < since:
            idle.append((user, seen))
    return idle


def _warning_key(user: User, seen: datetime) -> str:
    # One warning per period of absence: a login (or a re-activation) starts a new period.
    return f"{WARNING_TEMPLATE}:{user.pk}:{_date(seen)}"


def _notice_period() -> timedelta:
    """The least time between the warning and the deactivation."""
    gap = settings.RETENTION_INACTIVE_DEACTIVATE_DAYS - settings.RETENTION_INACTIVE_WARN_DAYS
    return timedelta(days=max(gap, 0))


# Files and records -------------------------------------------------------------------------------


def expired_exports_delete(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """Data exports whose download period is over, with their files."""
    result = RuleResult(
        rule="expired_exports",
        title=_("Personal data exports past their download period"),
        done=_("deleted with their files"),
        would=_("would be deleted with their files"),
    )
    exports = list(DataExport.objects.filter(expires_at__lt=now).order_by("pk"))
    for export in exports:
        result.items.append(
            Item("exports", export.pk, _("expired %(date)s") % {"date": _date(export.expires_at)})
        )
    if dry_run or not exports:
        return result
    DataExport.objects.filter(pk__in=[export.pk for export in exports]).delete()
    # Only once the rows are gone for good: a rolled-back run must not leave rows without files.
    files_delete_after_commit([export.file.name for export in exports if export.file])
    return result


def audit_log_prune(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """Audit entries older than N days, the retention runs' own entries included."""
    days = settings.RETENTION_AUDIT_DAYS
    result = RuleResult(
        rule="audit_log",
        title=_("Audit log entries older than %(days)d days") % {"days": days},
        done=_("deleted"),
        would=_("would be deleted"),
    )
    old = AuditEvent.objects.filter(at__lt=now - _days("RETENTION_AUDIT_DAYS"))
    if dry_run:
        result.extra_counts["audit_entries"] = old.count()
    else:
        result.extra_counts["audit_entries"] = old.delete()[0]
    return result


def submission_tokens_prune(*, now: datetime, dry_run: bool = False) -> RuleResult:
    """The one-time tokens of forms sent more than N days ago: past that, nobody resends one."""
    days = settings.RETENTION_SUBMISSION_TOKEN_DAYS
    result = RuleResult(
        rule="submission_tokens",
        title=_("Tokens of forms sent more than %(days)d days ago") % {"days": days},
        done=_("deleted"),
        would=_("would be deleted"),
    )
    old = SubmissionToken.objects.filter(
        created_at__lt=now - _days("RETENTION_SUBMISSION_TOKEN_DAYS")
    )
    if dry_run:
        result.extra_counts["submission_tokens"] = old.count()
    else:
        result.extra_counts["submission_tokens"] = old.delete()[0]
    return result


# The run -----------------------------------------------------------------------------------------

RULES = (
    unverified_signups_remove,
    rejected_applications_remove,
    inactive_members_warn,
    inactive_members_deactivate,
    expired_exports_delete,
    audit_log_prune,
    submission_tokens_prune,
)


def retention_run(*, now: datetime | None = None, dry_run: bool = False) -> list[RuleResult]:
    """Apply every rule as of ``now``. A real run writes one RETENTION audit entry with the counts
    (and the ids of the accounts, organisations and exports concerned); a dry run writes nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        results = [rule(now=now, dry_run=dry_run) for rule in RULES]
        if not dry_run:
            audit_record(
                event=AuditEvent.Event.RETENTION,
                days={
                    name.removeprefix("RETENTION_").removesuffix("_DAYS").lower(): getattr(
                        settings, name
                    )
                    for name in SETTINGS
                },
                rules={result.rule: result.audit_details() for result in results},
            )
    return results


SETTINGS = (
    "RETENTION_UNVERIFIED_DAYS",
    "RETENTION_REJECTED_DAYS",
    "RETENTION_INACTIVE_WARN_DAYS",
    "RETENTION_INACTIVE_DEACTIVATE_DAYS",
    "RETENTION_AUDIT_DAYS",
    "RETENTION_SUBMISSION_TOKEN_DAYS",
)
