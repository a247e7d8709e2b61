"""Consents: which versions of the terms and the privacy notice a member accepted, and what is new."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest
from django.utils import timezone

from hub.audit.models import AuditEvent
from hub.audit.services import audit_record
from hub.pages.models import Page, PageVersion

from .models import Consent, Role, User

CONSENT_PAGES = (Page.Slug.TERMS, Page.Slug.PRIVACY)


def consents_outdated(user: User) -> list[PageVersion]:
    """The current terms and privacy notice the member has not accepted yet (one query).

    A document counts as accepted when the member accepted its newest published version or a later
    one; having accepted an earlier version only means they must accept the new one.
    """
    now = timezone.now()
    newest = (
        PageVersion.objects.filter(page=OuterRef("page"), published_at__lte=now)
        .order_by("-version")
        .values("pk")[:1]
    )
    accepted = Consent.objects.filter(
        user=user,
        page_version__page=OuterRef("page"),
        page_version__version__gte=OuterRef("version"),
    )
    return list(
        PageVersion.objects.filter(page__slug__in=CONSENT_PAGES, pk=Subquery(newest))
        .exclude(Exists(accepted))
        .select_related("page")
        .order_by("page__slug")
    )


def consent_required(user: User) -> bool:
    """Staff publish the documents and are bound by their role; every other account accepts them."""
    return user.role != Role.STAFF


@dataclass(frozen=True)
class ConsentRow:
    page: Page
    current: PageVersion | None
    accepted: Consent | None

    @property
    def is_outdated(self) -> bool:
        if self.current is None:
            return False
        return self.accepted is None or self.accepted.page_version.version < self.current.version


def consent_overview(user: User) -> list[ConsentRow]:
    """For the terms and the privacy notice: the version the member accepted last, and the current."""
    now = timezone.now()
    rows = []
    for page in Page.objects.filter(slug__in=CONSENT_PAGES).order_by("slug"):
        current = page.versions.filter(published_at__lte=now).order_by("-version").first()
        accepted = (
            Consent.objects.filter(user=user, page_version__page=page)
            .select_related("page_version")
            .order_by("-page_version__version", "-accepted_at")
            .first()
        )
        rows.append(ConsentRow(page=page, current=current, accepted=accepted))
    return rows


@transaction.atomic
def consents_accept(
    *, user: User, versions: list[PageVersion], request: HttpRequest | None = None
) -> list[Consent]:
    """Record that the member accepted these versions (again accepting one changes nothing)."""
    consents = []
    for version in versions:
        consent, created = Consent.objects.get_or_create(user=user, page_version=version)
        if created:
            audit_record(
                event=AuditEvent.Event.CONSENT,
                actor=user,
                target=version,
                request=request,
                page=version.page.slug,
                version=version.version,
            )
        consents.append(consent)
    return consents
